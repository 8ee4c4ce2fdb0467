// An emulator started in the background — by a script, a test, the Action's step — outlives
// whatever started it unless something ends it: a killed parent (SIGKILL, a timed-out test
// worker) runs no clean-up. Such an emulator can be told the process it ends with, and watches it.
import { UserError } from '../util/errors.js';

/** The variable that names the process an emulator ends with (`aac emulator`): a process id. */
export const END_WITH_VARIABLE = 'AAC_EMULATOR_END_WITH_PID';

/** How often the watched process is looked for, ms: an emulator left behind lives at most this long after it. */
const WATCH_MS = 500;

/**
 * The process id `value` (END_WITH_VARIABLE's) names; undefined for an unset or empty variable.
 * Throws a UserError for anything but a positive integer.
 */
export function endWithPid(value: string | undefined): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (!/^[1-9][0-9]*$/.test(value)) throw new UserError(`${END_WITH_VARIABLE} is '${value}', not a process id`, `set it to the id of the process the emulator ends with, or unset it`);
  return Number(value);
}

/** Whether the process `pid` exists (a signal 0 reaches it, or it is another user's: EPERM). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Calls `gone` once, when the process `pid` no longer exists (looked for every WATCH_MS, by a
 * timer that keeps no process alive). Returns what stops the watch.
 */
export function watchProcess(pid: number, gone: () => void): () => void {
  const timer = setInterval(() => {
    if (alive(pid)) return;
    clearInterval(timer);
    gone();
  }, WATCH_MS);
  timer.unref();
  return () => clearInterval(timer);
}
