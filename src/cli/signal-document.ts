// What a run that a signal ends leaves, as it would have left it had it ended then: under
// `--format json`, the document stdout gets (render/interrupted.ts), written once, and only while
// stdout holds nothing yet (a run that already printed its document, `plan --out` stopped before it
// saves, keeps that one alone); and for `aac apply` with a GitHub job summary, the summary.
import type { CliIO } from '../commands/command.js';
import { addJobSummary } from '../commands/job-summary.js';
import { shownDocument, signalJson, signalSummary, type SignalDocument } from '../render/interrupted.js';

/** An IO whose stdout is watched, and what a signal that ends its run writes. */
export interface SignalDocumented {
  io: CliIO;
  /**
   * Writes what a run `signal` ended leaves (`left`: signalJson's): the document, unless stdout was
   * written to already or it was written before; the job summary, where one is kept and the run
   * would have written one (signalSummary).
   */
  ended(signal: NodeJS.Signals, left: readonly string[]): void;
}

/**
 * `io` for a run whose document, should a signal end it, is `initial` until the command says
 * otherwise (CliIO.documentOnSignal). `leaves`: what is written then: `json`, stdout's document
 * (a `--format json` run); `summary`, the job summary (an apply in a job that keeps one). The IO's
 * other members are `io`'s own, as it defines them (a getter such as `interactive` is still asked
 * only when read).
 */
export function withSignalDocument(io: CliIO, initial: SignalDocument, leaves: { json: boolean; summary: boolean }): SignalDocumented {
  let kind = initial;
  let written = false;
  let ended = false;
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
      if (ended) return;
      ended = true;
      // A failure is described (its texts redacted) only now that it is shown, once for both.
      const shown = shownDocument(kind, io.env);
      if (leaves.json && !written) stdout.write(signalJson(shown, signal, left));
      const summary = leaves.summary ? signalSummary(shown, left) : undefined;
      if (summary) addJobSummary(io, summary);
    },
  };
}
