// The CLI's IO for a command line run in this process with its output kept rather than printed:
// what a script that reads one of aac's documents (scripts/pr-config.mjs, the `aac environments
// --format json` of a pull request's aac.yaml) passes to `main`, exported by the bundle so that
// the script holds no copy of CliIO's shape, which grows with the CLI.
import type { CliIO } from '../commands/command.js';

/** A captureIO: `io` for `main`, and what the run wrote to each stream so far. */
export interface CapturedIO {
  io: CliIO;
  stdout(): string;
  stderr(): string;
}

/**
 * An IO for one non-interactive run in `cwd` with `env` (the variables the run reads, whole: none
 * of this process's are added): no prompt (a question is answered ''), streams that are no terminal
 * (no colour) nor a file, a signal that is never aborted and a run that hears no interrupt (the
 * process's own handling stands), the product's waits. What the run writes is kept, in order.
 */
export function captureIO({ cwd, env }: { cwd: string; env: Record<string, string | undefined> }): CapturedIO {
  let stdout = '';
  let stderr = '';
  return {
    io: {
      stdout: { write: (text) => void (stdout += text), isTTY: false },
      stderr: { write: (text) => void (stderr += text), isTTY: false },
      env,
      cwd,
      stdoutIsFile: false,
      interactive: false,
      prompt: async () => '',
      signal: new AbortController().signal,
      finishOnInterrupt: () => undefined,
      leftOnQuit: () => () => undefined,
      onQuit: () => undefined,
      documentOnSignal: () => undefined,
    },
    stdout: () => stdout,
    stderr: () => stderr,
  };
}
