// A command that writes files (import, migrate) checks what it would write in several ways, and
// refuses the run as a whole when any finds a problem. Every check runs first and one refusal
// lists what each found: a run that named one kind of problem, then another once that was fixed,
// made the person run it again for each.
import type { Diagnostic } from '../model/diagnostic.js';
import { UserError } from './errors.js';

/** One check's refusal of a run: what it refuses and why, its problems, and their fix. */
export interface Refusal {
  /** One clause, no outcome (`refusing to import: live data holds …`). */
  message: string;
  /** Its fix, as a UserError's hint. */
  hint: string;
  /** Its problems, one line each (`  - …`), when it lists them. */
  lines?: readonly string[];
  /** Its located problems, for `--format json`'s error document. */
  diagnostics?: readonly Diagnostic[];
  /**
   * The refusal is this one place in a file (its message without the place, which `message`
   * opens with): alone, thrown as UserError.at (`--format json` says it once, located), and
   * among others kept as one of their diagnostics.
   */
  at?: Diagnostic & { hint: string };
}

/**
 * Throws one UserError (exit 1) that lists every refusal in `refusals`; returns when there is none. One
 * reads `<message>; <outcome>:` then its lines (`<message>; <outcome>` without); several read
 * `<subject>; <outcome>:` (`<outcome>:` without a subject), then each message (without a leading
 * `<subject>: `) and its lines indented once more, their hints (each once) joined by `; `. One about one
 * place (`at`) alone, with no more `located`, is thrown as UserError.at (`<place>: <message>;
 * <outcome>`). `located`: more located problems, after the refusals' own.
 */
export function throwRefusals(
  refusals: readonly Refusal[],
  said: { outcome: string; subject?: string },
  located: readonly Diagnostic[] = [],
): void {
  if (refusals.length === 0) return;
  const diagnostics = [...refusals.flatMap((r) => [...(r.diagnostics ?? []), ...(r.at ? [r.at] : [])]), ...located];
  const [alone] = refusals;
  if (refusals.length === 1 && alone!.at && diagnostics.length === 1) throw UserError.at({ ...alone!.at, message: `${alone!.at.message}; ${said.outcome}` });
  if (refusals.length === 1) {
    const [{ message, hint, lines }] = refusals as [Refusal];
    throw new UserError(lines ? [`${message}; ${said.outcome}:`, ...lines] : `${message}; ${said.outcome}`, hint, diagnostics);
  }
  const { subject } = said;
  const opening = subject === undefined ? `${said.outcome}:` : `${subject}; ${said.outcome}:`;
  // Said once, in the opening.
  const own = (message: string) => (subject !== undefined && message.startsWith(`${subject}: `) ? message.slice(subject.length + 2) : message);
  throw new UserError(
    [opening, ...refusals.flatMap(({ message, lines }) => [`  ${own(message)}${lines ? ':' : ''}`, ...(lines ?? []).map((l) => `  ${l}`)])],
    // One hint said once: two ids of lock objects, say, have the same fix.
    [...new Set(refusals.map((r) => r.hint))].join('; '),
    diagnostics,
  );
}
