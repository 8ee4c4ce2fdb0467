// How much of a core this thread gets while it has work: the share of its runnable time it ran,
// from Linux's scheduler statistics for the thread (/proc/thread-self/schedstat: nanoseconds run
// on a CPU, then nanoseconds waited on a run queue; proc(5)). Waiting for I/O counts in neither,
// so an idle machine gives ~1 however much the thread waits on the network, and a machine whose
// cores other work holds gives what the scheduler left it. The process's CPU time cannot say
// this: V8's compiler and collector threads add to it while this thread waits its turn.
import { readFileSync } from 'node:fs';

/** What the calling thread has run and waited to run since it started, ns. */
export interface RunClock {
  ran: number;
  waited: number;
}

/** The calling thread's RunClock; undefined where the system keeps none (not Linux, or no schedstat). */
export function runClock(): RunClock | undefined {
  try {
    const [ran, waited] = readFileSync('/proc/thread-self/schedstat', 'latin1').split(' ').map(Number);
    return Number.isFinite(ran) && Number.isFinite(waited) ? { ran: ran!, waited: waited! } : undefined;
  } catch {
    return undefined;
  }
}

/** The share of a core the thread had between two readings (ran / (ran + waited)), 0 to 1; 1 when either is missing or it was never runnable. */
export function coreShare(from: RunClock | undefined, to: RunClock | undefined): number {
  if (!from || !to) return 1;
  const ran = to.ran - from.ran;
  const runnable = ran + (to.waited - from.waited);
  return runnable > 0 ? ran / runnable : 1;
}
