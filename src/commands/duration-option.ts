// A flag that takes a duration as Terraform writes one (`-lock-timeout=5m`), read into
// milliseconds, and what a duration written otherwise meant: a bare number (`5`, which Terraform
// refuses too: Go's time.ParseDuration wants a unit) is seconds, a unit spelled out or in
// capitals (`5min`, `30 S`, `2hours`) is that unit's letter.
import { UserError } from '../util/errors.js';
import { parseDuration } from '../util/duration.js';

/** Unit words people write, by the unit Terraform's durations spell them with. */
const UNIT_WORDS: ReadonlyArray<[RegExp, string]> = [
  [/^(?:ms|msecs?|millis|milliseconds?)$/, 'ms'],
  [/^(?:s|secs?|seconds?)$/, 's'],
  [/^(?:m|mins?|minutes?)$/, 'm'],
  [/^(?:h|hrs?|hours?)$/, 'h'],
];

/**
 * The duration `text` (not one parseDuration reads) was meant to be, in Terraform's spelling: a
 * number with no unit is seconds (`5` → `5s`); a number and a unit word (`5min`, `30 S`, `2 hours`)
 * that unit's letter. Undefined when it is neither.
 */
export function durationMeant(text: string): string | undefined {
  const m = /^(\d+(?:\.\d+)?)\s*([A-Za-z]*)$/.exec(text.trim());
  if (m === null) return undefined;
  const [, n, word] = m;
  if (word === '') return `${n}s`;
  const unit = UNIT_WORDS.find(([re]) => re.test(word!.toLowerCase()))?.[1];
  return unit === undefined ? undefined : `${n}${unit}`;
}

/**
 * The duration in ms the flag `--<flag>` was given (`raw`, as the line gave it), or `fallback`
 * when it was not given. Throws a UserError naming the flag and the value when it is no duration,
 * with `did you mean --<flag> 5s?` where durationMeant knows what was meant.
 */
export function durationOption(flag: string, raw: unknown, fallback: number): number {
  if (raw === undefined) return fallback;
  const text = String(raw);
  const ms = parseDuration(text);
  if (ms !== undefined) return ms;
  const meant = durationMeant(text);
  throw new UserError(
    `--${flag} must be a duration such as 30s, 5m or 1h30m, not '${text}'`,
    meant === undefined
      ? 'write a number and its unit: ms, s, m or h (1h30m: one after the other)'
      : `${/[a-z]$/i.test(text.trim()) ? 'its unit is one of ms, s, m, h' : 'a duration needs its unit'}: did you mean --${flag} ${meant}?`,
  );
}
