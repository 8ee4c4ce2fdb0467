// What a line about a wait on the host's rate limit (backends/http/rate-gate.ts WaitNotices) adds on
// stderr, so a long pause says how far the run has come: while apply writes, its actions done of
// all and the time the rest may take at the rate so far (render/apply-progress.ts
// waitProgressText); while the live state is listed, how many resources are listed so far. Only
// on stderr, beside the wait it follows: never in a JSON document, a plan file or a comment.
import type { LiveResource } from '../model/definition.js';
import { formatCount } from '../util/value-text.js';
import type { CliIO } from './command.js';

/** What the run says after a wait's line, and how that line is printed around its own output. */
export interface WaitProgress {
  /** The sentence said after the line of a wait of `waitMs` ('' for none), read when the wait is said. */
  text(waitMs: number): string;
  /** Prints the line (`write`) around the run's own progress output (render/apply-progress.ts Progress.aside); absent: as it is. */
  aside?(write: () => void): void;
}

// By the run's streams (one run each, the CLI's or a test's in-process one): what it is doing now.
const current = new WeakMap<CliIO, WaitProgress>();

/** From now on, waits of the run on `io` are said with `progress` (the listing's, then apply's). */
export function followWaits(io: CliIO, progress: WaitProgress): void {
  current.set(io, progress);
}

/** Writes the line that says a wait of `waitMs` (`line`, WaitNotices'), with what the run has done so far. */
export function sayWait(io: CliIO, line: string, waitMs: number): void {
  const progress = current.get(io);
  const said = progress?.text(waitMs) ?? '';
  const write = () => io.stderr.write(`${line}${said === '' ? '' : ` ${said}`}\n`);
  if (progress?.aside) progress.aside(write);
  else write();
}

/**
 * `onPage`, counting the resources listed: a wait during the listing says
 * `1,200 assistants listed so far.` (`many`: the kind's noun), nothing before the first page.
 */
export function countListed(io: CliIO, many: string, onPage?: (page: readonly LiveResource[]) => void): (page: readonly LiveResource[]) => void {
  let listed = 0;
  followWaits(io, { text: () => (listed === 0 ? '' : `${formatCount(listed)} ${many} listed so far.`) });
  return (page) => {
    listed += page.length;
    onPage?.(page);
  };
}
