// Paces every request of one backend by what the server says about its rate limit, so
// concurrent callers slow down together instead of provoking 429s and retrying seconds later.
// Hosts that send no rate-limit headers are not paced at all. The back-off between tries of one
// request is stated here too (backoffMs), for the transport's and apply's retries alike.
import type { RefusedWait } from '../backend.js';

/** `retry-after-ms`, else `retry-after` (seconds or an HTTP date), as the SDK reads them. */
export function retryAfterMs(headers: Headers | undefined): number | undefined {
  return askedWait(headers)?.waitMs;
}

/** The wait `headers` ask for (retryAfterMs), ms, and the header that said it. */
function askedWait(headers: Headers | undefined): RefusedWait | undefined {
  const ms = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return { waitMs: ms, header: 'retry-after-ms' };
  const raw = headers?.get('retry-after');
  if (!raw) return undefined;
  const seconds = Number.parseFloat(raw);
  if (Number.isFinite(seconds)) return { waitMs: Math.max(0, seconds * 1000), header: 'retry-after' };
  const date = Date.parse(raw);
  return Number.isFinite(date) ? { waitMs: Math.max(0, date - Date.now()), header: 'retry-after' } : undefined;
}

/**
 * The longest wait, ms, aac takes on a host's word (a `retry-after`, or its rate-limit window's
 * reset): 60 s, the most a window of the API's per-minute limits asks. A longer one (a day's
 * quota spent: `retry-after: 86400`) is not slept, as a run that seems to hang for hours helps no
 * one: the request fails at once with WaitRefused's words, and the run is made again later. The
 * `openai` package (6.30.1, client.js retryRequest) sleeps any `retry-after` it is given; its 4.x
 * releases took only waits under 60 s and backed off by their own count otherwise.
 */
export const MAX_HOST_WAIT_MS = 60_000;

/** The wait `headers` ask for (retryAfterMs), and its header, when it is longer than aac takes (MAX_HOST_WAIT_MS); else undefined. */
export function waitTooLong(headers: Headers | undefined): RefusedWait | undefined {
  const asked = askedWait(headers);
  return asked !== undefined && asked.waitMs > MAX_HOST_WAIT_MS ? asked : undefined;
}

/**
 * A wait the host asked for that aac does not take (MAX_HOST_WAIT_MS): `waitMs`, and the header
 * that said it (`retry-after`, or `x-ratelimit-reset-requests` once its budget is spent).
 */
export class WaitRefused extends Error implements RefusedWait {
  constructor(
    readonly waitMs: number,
    readonly header: string,
  ) {
    super(`${waitRefusedText({ waitMs, header })}; ${RUN_LATER}`);
  }
}

/** The words for a wait refused: how long the host asked (seconds, rounded up) and aac's limit; the fix is RUN_LATER. */
export function waitRefusedText({ waitMs, header }: RefusedWait): string {
  return `the host asked to wait ${Math.ceil(waitMs / 1000)} s (its ${header}), longer than the ${MAX_HOST_WAIT_MS / 1000} s aac waits`;
}

/** What to do about a wait refused (waitRefusedText). */
export const RUN_LATER = 'run again later, once that time has passed';

/**
 * Of a request failed, or a write settled as not made, that the host asked to wait `wait` before
 * sending again: `the host asked to wait 86400 s (its retry-after), longer than the 60 s aac
 * waits: not sent again; run again later, once that time has passed` (RUN_LATER its fix).
 */
export function notSentAgain(wait: RefusedWait): string {
  return `${waitRefusedText(wait)}: not sent again; ${RUN_LATER}`;
}

/**
 * The wait, ms, before the retry numbered `retry` (0 for the first) of a request the transport or
 * its caller sends again: the server's own (`retryAfter`, ms: its `retry-after`, retryAfterMs) when
 * it gave one, else the SDK's back-off, which its own retries wait (the `openai` package's
 * client.js, 6.30.1, calculateDefaultRetryTimeoutMillis): 0.5 s doubling to 8 s, less up to a
 * quarter at random.
 */
export function backoffMs(retry: number, retryAfter?: number): number {
  return retryAfter ?? Math.min(500 * 2 ** retry, 8000) * (1 - Math.random() * 0.25);
}

/** The API's duration style in `x-ratelimit-reset-*`: `6ms`, `1.5s`, `6m0s`. */
export function durationMs(text: string | null): number | undefined {
  if (!text) return undefined;
  const units: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text.trim()) return undefined;
  return parts.reduce((sum, [, n, unit]) => sum + Number(n) * units[unit], 0);
}

/**
 * The request budget the server last reported (`x-ratelimit-remaining-requests` until
 * `x-ratelimit-reset-requests`) and its `retry-after` after a 429. No more requests start than the
 * budget allows, counting those still in flight against it; once the window has reset, one probe
 * goes first and its answer sets the new budget, so a queue of waiting callers does not burst
 * into a window that has only just begun to refill.
 */
export class RateGate {
  private until = 0;
  private budget: { remaining: number; resetAt: number } | undefined;
  private startedSinceBudget = 0;
  private inFlight = 0;
  private probing = false;
  private readonly waits: WaitNotices;

  /** `notice`: where a long wait is said, with its length in ms (WaitNotices); nowhere when not given. */
  constructor(notice?: (line: string, waitMs: number) => void) {
    this.waits = new WaitNotices(notice);
  }

  /**
   * Waits for a turn; resolves true when this request is the probe of a reset window. `signal`
   * cancels the request (rejects with its reason); `interrupt` (apply's, while the request's action
   * has written nothing: util/write-interrupt.ts) rejects with `NotSent` once it fires, at once
   * or during a wait, so the request is never sent. A wait longer than MAX_HOST_WAIT_MS rejects
   * with WaitRefused at once: the request is not sent.
   */
  async acquire(signal?: AbortSignal, interrupt?: AbortSignal): Promise<boolean> {
    // Joined only for a wait: most requests never wait, and each `AbortSignal.any` is a signal the
    // run's interrupt keeps a weak reference to until a collection finds it gone.
    const wait = (ms: number) => sleep(ms, interrupt && signal ? AbortSignal.any([signal, interrupt]) : (interrupt ?? signal)).catch((err: unknown) => {
      if (!interrupt?.aborted) throw err;
    });
    let probe = false;
    for (;;) {
      if (interrupt?.aborted) throw new NotSent();
      const now = Date.now();
      if (this.until > now) {
        if (this.until - now > MAX_HOST_WAIT_MS) throw new WaitRefused(this.until - now, 'retry-after');
        await wait(this.until - now);
        continue;
      }
      const b = this.budget;
      if (!b || this.startedSinceBudget < b.remaining) break;
      if (now >= b.resetAt && !this.probing) {
        this.probing = probe = true;
        break;
      }
      // Until the reset, or until the probe's answer arrives.
      if (b.resetAt - now > MAX_HOST_WAIT_MS) throw new WaitRefused(b.resetAt - now, 'x-ratelimit-reset-requests');
      this.waits.say(b.resetAt, (s) => `The host's rate limit is spent: waiting ${s} s for it to reset (its x-ratelimit-reset-requests)…`);
      await wait(Math.max(b.resetAt - now, 5));
    }
    this.startedSinceBudget++;
    this.inFlight++;
    return probe;
  }

  /** After every attempt, with its response when there was one and what `acquire` returned. */
  release(response: Response | undefined, probe: boolean): void {
    this.inFlight--;
    if (probe) this.probing = false;
    if (!response) return;
    if (response.status === 429) {
      const ms = retryAfterMs(response.headers);
      if (ms !== undefined) {
        this.until = Math.max(this.until, Date.now() + ms);
        // Every request waits it out: the 429's own retry (the SDK's, or a create's) and the rest
        // here; a wait too long none takes (acquire, and the transport's retries), so none is said.
        if (this.until - Date.now() <= MAX_HOST_WAIT_MS) this.waits.say(this.until, (s) => `Rate limited by the host (429): waiting ${s} s before retrying, as its retry-after asks…`);
      }
    }
    const remaining = Number.parseInt(response.headers.get('x-ratelimit-remaining-requests') ?? '', 10);
    const reset = durationMs(response.headers.get('x-ratelimit-reset-requests'));
    if (Number.isFinite(remaining) && reset !== undefined) {
      this.budget = { remaining, resetAt: Date.now() + reset };
      // Requests still in flight were counted by no answer yet: assume they spend this budget.
      this.startedSinceBudget = this.inFlight;
    }
  }
}

/**
 * A request not sent: apply was interrupted before its turn came (RateGate.acquire's `interrupt`).
 * Not util/errors.ts `Interrupted` (a signal that ends the run): the transport turns it into the
 * action's failure of kind `interrupted`.
 */
export class NotSent extends Error {
  constructor() {
    super('not sent: apply was interrupted');
  }
}

/**
 * The shortest wait said on stderr. A shorter one passes unremarked, as a slow answer would; a
 * longer one left silent looked like a hung run (40 creates under a limit of 20 a minute printed
 * nothing for most of two minutes).
 */
export const WAIT_NOTICE_MS = 5000;

/**
 * One line per wait of WAIT_NOTICE_MS or more, however many requests wait it out: a wait that
 * ends no more than WAIT_NOTICE_MS after the last one said is the same pause, seen by another
 * caller, and is not said again. The line holds only aac's words and a number of seconds (the
 * server's headers are read as numbers), so it can hold no secret; it goes to stderr, never to
 * stdout, where `--format json` writes its document.
 */
class WaitNotices {
  private saidUntil = 0;

  constructor(private readonly notice?: (line: string, waitMs: number) => void) {}

  /** Says `line(seconds)` for a wait until `endsAt` (epoch ms), when it is long and not one already said. */
  say(endsAt: number, line: (seconds: number) => string): void {
    const ms = endsAt - Date.now();
    if (!this.notice || ms < WAIT_NOTICE_MS || endsAt <= this.saidUntil + WAIT_NOTICE_MS) return;
    this.saidUntil = endsAt;
    this.notice(line(Math.ceil(ms / 1000)), ms);
  }
}

export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

