// Characters that change how text reads without showing themselves: zero-width characters (so
// `support\u200b` reads as `support`) and the bidirectional controls behind "Trojan Source"
// (CVE-2021-42574: a right-to-left override reorders what follows it). aac refuses them in the
// names it owns (keys, file names) and escapes them wherever it prints text that is not its own.

/**
 * U+00AD soft hyphen, U+180E Mongolian vowel separator, U+200B–U+200F zero-width space/non-joiner/
 * joiner and the LRM/RLM marks, U+202A–U+202E bidi embeddings and overrides, U+2060–U+2064 word
 * joiner and invisible operators, U+2066–U+2069 bidi isolates, U+FEFF zero-width no-break space.
 */
export const INVISIBLE_SOURCE = '\\u00ad\\u180e\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u2064\\u2066-\\u2069\\ufeff';
const INVISIBLE = new RegExp(`[${INVISIBLE_SOURCE}]`, 'u');

/** The first invisible character in `s` as `U+200B`, or undefined. */
export function invisibleIn(s: string): string | undefined {
  const m = INVISIBLE.exec(s);
  return m ? `U+${m[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}` : undefined;
}

// Text that is not ours (live names and instructions, keys, paths, file names, YAML keys and
// values, a server's messages) is shown, never obeyed: an escape sequence must not repaint the
// reader's terminal; a line break (LF, CR, U+2028, U+2029) must not start a line of its own, where
// a CI runner would read `::error …` or `::add-mask::…` as a workflow command; nor may an invisible
// or bidi character make one key read as another. Only the tab passes.
const CONTROL = new RegExp(`[\\u0000-\\u0008\\u000a-\\u001f\\u007f-\\u009f\\u2028\\u2029${INVISIBLE_SOURCE}]`, 'g');
/** `s` as one line of text: every control, line-breaking and invisible character as `\u000a`. */
export function sanitize(s: string): string {
  return s.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
