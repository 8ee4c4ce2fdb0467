// Under `--format json`, the document stdout gets when a signal ends the run (render/interrupted.ts),
// written once, and only while stdout holds nothing yet: a run that already printed its document
// (`plan --out` stopped before it saves) keeps that one alone.
import type { CliIO } from '../commands/command.js';
import { signalJson, type SignalDocument } from '../render/interrupted.js';

/** An IO whose stdout is watched, and what a signal that ends its run writes there. */
export interface SignalDocumented {
  io: CliIO;
  /** Writes the document for a run `signal` ended (`left`: signalJson's), unless stdout was written to already or it was written before. */
  ended(signal: NodeJS.Signals, left: readonly string[]): void;
}

/**
 * `io` for a `--format json` run whose document, should a signal end it, is `initial` until the
 * command says otherwise (CliIO.documentOnSignal). The IO's other members are `io`'s own, as it
 * defines them (a getter such as `interactive` is still asked only when read).
 */
export function withSignalDocument(io: CliIO, initial: SignalDocument): SignalDocumented {
  let kind = initial;
  let written = false;
  const out = io.stdout;
  const stdout: CliIO['stdout'] = {
    write: (text: string) => {
      written = true;
      out.write(text);
    },
    isTTY: out.isTTY,
    ...(out.hasColors ? { hasColors: out.hasColors.bind(out) } : {}),
  };
  // io's own members copied as they are defined (a getter stays one), so that a copy of it made
  // with `{...io}` keeps them all.
  const watched: CliIO = Object.defineProperties({}, {
    ...Object.getOwnPropertyDescriptors(io),
    stdout: { value: stdout, enumerable: true },
    documentOnSignal: {
      value: (next: SignalDocument) => void (kind = next),
      enumerable: true,
    },
  }) as CliIO;
  return {
    io: watched,
    ended(signal, left) {
      if (written) return;
      stdout.write(signalJson(kind, signal, left));
    },
  };
}
