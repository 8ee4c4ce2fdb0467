// Shared by the lock's tests: an apply held at its confirmation question (so it holds the lock for
// as long as a test needs), an emulator that holds a lock's release, and polling for a state another
// run brings about.
import { startEmulator, type EmulatorOptions } from '../../src/emulator/index.js';
import { API_KEY } from '../apply/helpers.js';
import { runCli, type CliResult } from '../helpers/cli.js';

export interface HeldApply {
  /** The run, resolved when it ends. */
  run: Promise<CliResult>;
  /** Answers its question: `yes` applies, anything else cancels. */
  answer(text: string): void;
}

/**
 * `aac apply ...argv` in `cwd` with `env`, resolved once it asks for confirmation: by then it holds
 * the lock and has planned. Rejects with the run's output when it ends without asking.
 */
export async function heldApply(argv: string[], opts: { cwd: string; env: Record<string, string> }): Promise<HeldApply> {
  let answer!: (text: string) => void;
  let asked!: () => void;
  const question = new Promise<void>((r) => (asked = r));
  const run = runCli(['apply', ...argv], {
    ...opts,
    interactive: true,
    prompt: () => {
      asked();
      return new Promise<string>((r) => (answer = r));
    },
  });
  await Promise.race([question, run.then((r) => Promise.reject(new Error(`apply ended (${r.code}) without asking:\n${r.stdout}${r.stderr}`)))]);
  return { run, answer: (text) => answer(text) };
}

/** Resolves once `condition` holds; throws naming `what` after about ten seconds. */
export async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 500; i++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`timed out waiting until ${what}`);
}

/**
 * An emulator that, once armed, holds every DELETE (a lock's release) until `open()`: `deleting()`
 * says one has arrived. Runs before the arming (an apply that makes a definition live) remove
 * their locks as usual. `opts`: the emulator's other options.
 */
export async function lockDeleteHeld(opts: EmulatorOptions = {}) {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  let armed = false;
  let deleting = false;
  const emu = await startEmulator({
    apiKey: API_KEY,
    ...opts,
    hold: ({ method }) => {
      if (!armed || method !== 'DELETE') return undefined;
      deleting = true;
      return gate;
    },
  });
  return { emu, open, arm: () => void (armed = true), deleting: () => deleting };
}
