// The faults a reliability test switches on: latency, a requests-per-minute limit, random 5xx and
// "commit then drop". The dice are a seeded PRNG so a test that fixes `seed` sees the same faults.

/** mulberry32: tiny, fast, good enough for fault dice (not for anything secret). */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `6ms`, `1.5s`, `59s`: the duration style of the API's x-ratelimit-reset-* headers. */
function resetDuration(ms: number): string {
  if (ms < 1000) return `${Math.max(0, Math.ceil(ms))}ms`;
  return `${Number((ms / 1000).toFixed(3))}s`;
}

export interface RateDecision {
  allowed: boolean;
  headers: Record<string, string>;
  /** Integer seconds ≥ 1, only when refused. */
  retryAfter?: number;
  used: number;
}

/** A sliding window of accepted requests. */
export class RateLimiter {
  private accepted: number[] = [];

  constructor(
    public limit: number,
    public windowMs = 60_000,
  ) {}

  take(nowMs: number): RateDecision {
    this.accepted = this.accepted.filter((t) => t > nowMs - this.windowMs);
    const allowed = this.accepted.length < this.limit;
    if (allowed) this.accepted.push(nowMs);
    const oldest = this.accepted[0] ?? nowMs;
    const resetMs = this.accepted.length === 0 ? 0 : oldest + this.windowMs - nowMs;
    const headers: Record<string, string> = {
      'x-ratelimit-limit-requests': String(this.limit),
      'x-ratelimit-remaining-requests': String(Math.max(0, this.limit - this.accepted.length)),
      'x-ratelimit-reset-requests': resetDuration(resetMs),
    };
    if (allowed) return { allowed, headers, used: this.accepted.length };
    const retryAfter = Math.max(1, Math.ceil(resetMs / 1000));
    return { allowed, headers: { ...headers, 'retry-after': String(retryAfter) }, retryAfter, used: this.accepted.length };
  }
}
