// How the APIs count a string's length: in characters, that is code points ("maximum length of 512
// characters", ../shared/openai-openapi Metadata; "Unicode characters, not UTF-16 units or bytes",
// ../shared/openai-agents AGENTS-API.md §4), where JavaScript's `length` counts UTF-16 units and
// so twice for an emoji. The one measure for validate and for the emulators alike.
//
// Counted by a walk over the UTF-16 units, not by spreading the string into an array of its
// characters: a definition file may hold a value of 8 MB, whose array of one-character strings
// took a second and hundreds of megabytes just to say it was too long.

/** Characters as the API counts them (code points, not UTF-16 units; an unpaired surrogate is one). */
export function codePoints(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length - 1; i++) {
    if (isPair(s, i)) {
      n--;
      i++;
    }
  }
  return n;
}

/** The first `max` characters (code points) of `s`, never half of a surrogate pair; `s` itself when it has no more. */
export function firstCodePoints(s: string, max: number): string {
  let i = 0;
  for (let k = 0; k < max && i < s.length; k++) i += isPair(s, i) ? 2 : 1;
  return s.slice(0, i);
}

/** Whether the UTF-16 units at `i` and `i + 1` are a surrogate pair (one character). */
function isPair(s: string, i: number): boolean {
  const high = s.charCodeAt(i);
  if (high < 0xd800 || high > 0xdbff) return false;
  const low = s.charCodeAt(i + 1);
  return low >= 0xdc00 && low <= 0xdfff;
}

/** Only ASCII: such a text has no combining mark nor composed character, so it is in NFC already. */
const ASCII = /^[\x00-\x7f]*$/;

/**
 * `s` in Unicode's composed form (NFC), by which canonically equivalent keys (`café` composed and
 * decomposed) compare equal. A text of ASCII alone is returned as it is, without asking ICU: keys
 * mostly are, and 100,000 such keys took 6–17 ms to normalize against 2–3 ms to test (Node 20).
 */
export function composed(s: string): string {
  return ASCII.test(s) ? s : s.normalize('NFC');
}
