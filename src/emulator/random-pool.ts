// Random bytes for the emulator's ids (`asst_…`, `req_…`), taken from a pool filled a page at a
// time: a `randomBytes` call for each id cost the emulator ~35 µs of CPU an id on its one event
// loop (two a create: its id and its answer's `x-request-id`; a CPU profile of an apply of 1,000
// creates), where reading the same cryptographic generator a page at a time costs a fraction.
import { randomFillSync } from 'node:crypto';

/** Bytes filled at once: a page of 4 KiB holds the ids of ~100 creates. */
const POOL_BYTES = 4096;

let pool = Buffer.alloc(0);
let taken = 0;

/**
 * `n` random bytes (crypto's generator, as `randomBytes` gives them), each given out once. The
 * bytes are a view of the pool, to be read at once (an id made of them), never kept: a later
 * refill writes over them.
 */
export function poolBytes(n: number): Buffer {
  if (taken + n > pool.length) {
    pool = randomFillSync(Buffer.allocUnsafe(Math.max(POOL_BYTES, n)));
    taken = 0;
  }
  const bytes = pool.subarray(taken, taken + n);
  taken += n;
  return bytes;
}
