// The emulator for the benchmark, in its own process: the command being measured shares the
// machine's two cores with it, as it would with any server, but not its event loop, heap or
// CPU account. The parent drives it over the IPC channel, one request and one answer at a time.
// Its one argument is the provider whose dialect it serves (default: the registry's default).
import { readFileSync } from 'node:fs';
import { startEmulator } from '../emulator/index.js';

/** What the parent may ask; every request is answered with `{ ok, value?, error? }`. */
export type ServerRequest =
  | { op: 'seed'; file: string }
  | { op: 'faults'; faults: { latencyMs?: number; rateLimitPerMinute?: number; rateLimitWindowMs?: number } }
  | { op: 'reset' }
  | { op: 'stats' }
  | { op: 'close' };

/** When the writes were served: from the first one's arrival to the last one's answer, in ms since the epoch. */
export interface WriteWindow {
  first: number;
  last: number;
}

const WRITE = /^(POST|PATCH|DELETE) /;
const ELAPSED = /\((\d+) ms\)$/;
let writes: WriteWindow | undefined;

const provider = process.argv[2];
const emu = await startEmulator({
  ...(provider ? { provider } : {}),
  // The log line is written as each answer goes out, with the time since its request arrived.
  log(line) {
    if (!WRITE.test(line)) return;
    const now = Date.now();
    const arrived = now - Number(ELAPSED.exec(line)?.[1] ?? 0);
    writes = { first: Math.min(writes?.first ?? arrived, arrived), last: now };
  },
});

process.on('message', (m: ServerRequest) => {
  try {
    let value: unknown;
    if (m.op === 'seed') emu.seed(JSON.parse(readFileSync(m.file, 'utf8')) as Array<Record<string, unknown>>);
    else if (m.op === 'faults') emu.setFaults(m.faults);
    else if (m.op === 'reset') {
      emu.resetStats();
      writes = undefined;
    } else if (m.op === 'stats') value = { ...emu.stats(), writes };
    else if (m.op === 'close') {
      void emu.close().then(() => process.disconnect());
      return;
    }
    process.send!({ ok: true, value });
  } catch (err) {
    process.send!({ ok: false, error: String(err) });
  }
});
process.send!({ ok: true, value: emu.url });
