// Characters that change how text reads without showing themselves: zero-width characters (so
// `support\u200b` reads as `support`) and the bidirectional controls behind "Trojan Source"
// (CVE-2021-42574: a right-to-left override reorders what follows it). aac refuses them, and
// control characters, in the names it owns (keys, file names) and escapes them wherever it prints
// text that is not its own.

/**
 * U+00AD soft hyphen, U+180E Mongolian vowel separator, U+200B–U+200F zero-width space/non-joiner/
 * joiner and the LRM/RLM marks, U+202A–U+202E bidi embeddings and overrides, U+2060–U+2064 word
 * joiner and invisible operators, U+2066–U+2069 bidi isolates, U+FEFF zero-width no-break space.
 */
export const INVISIBLE_SOURCE = '\\u00ad\\u180e\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u2064\\u2066-\\u2069\\ufeff';

/** `c` (one character) as a message names a code point: `U+200B`. */
export function codePoint(c: string): string {
  return `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * A zero-width joiner between two pictographs, the first perhaps with its skin tone (U+1F3FB–
 * U+1F3FF) or emoji presentation selector (U+FE0F): it joins them into one emoji, as `👨‍👩‍👧` is
 * one (Unicode TR51, ED-16 emoji zwj sequence), shows as that emoji, and is neither refused nor
 * escaped. One anywhere else (`a\u200db`, or after the last pictograph) hides, and is.
 */
// The joiner is matched first: any other character fails at once, with no look around it.
const JOINING_PICTOGRAPHS = '\\u200d(?<=\\p{Extended_Pictographic}[\\u{1F3FB}-\\u{1F3FF}\\u{FE0F}]?\\u200d)(?=\\p{Extended_Pictographic})';

// Text that is not ours (live names and instructions, keys, paths, file names, YAML keys and
// values, a server's messages) is shown, never obeyed: an escape sequence must not repaint the
// reader's terminal; a line break (LF, CR, U+2028, U+2029) must not start a line of its own, where
// a CI runner would read `::error …` or `::add-mask::…` as a workflow command; nor may an invisible
// or bidi character make one key read as another. Only the tab passes.
const CONTROL = new RegExp(`(?!${JOINING_PICTOGRAPHS})[\\u0000-\\u0008\\u000a-\\u001f\\u007f-\\u009f\\u2028\\u2029${INVISIBLE_SOURCE}]`, 'gu');
/** `s` as one line of text: every control, line-breaking and invisible character as `\u000a`. */
export function sanitize(s: string): string {
  return s.replace(CONTROL, escaped);
}

/** A character of the Basic Multilingual Plane as the escape that JSON, YAML's double quotes and JavaScript read back as it: `\u200b`. */
export function escaped(c: string): string {
  return `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

// A name aac owns — a key, which goes into the marker on the host as it is, and a file or directory
// name below the repository, which a key is made of — holds none of what sanitize escapes, nor a
// tab: every C0 and C1 control character, DEL, U+2028 and U+2029, and the invisible characters
// (a joiner within an emoji is none).
const UNFIT_IN_NAME = new RegExp(`(?!${JOINING_PICTOGRAPHS})[\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029${INVISIBLE_SOURCE}]`, 'u');
const LINE_BREAK = /[\n\v\f\r\u0085\u2028\u2029]/;

/**
 * The first character of `s` that a name may not hold, in words for a message about a `noun`
 * (`name`, `key`): `holds` completes "it holds …" (`a line break (U+000A), which would split it
 * across lines`), `without` completes "rename it without …" (`the line break`). Undefined when
 * there is none.
 */
export function unfitCharacter(s: string, noun: string): { holds: string; without: string } | undefined {
  const c = UNFIT_IN_NAME.exec(s)?.[0];
  if (c === undefined) return undefined;
  const at = codePoint(c);
  if (LINE_BREAK.test(c)) return { holds: `a line break (${at}), which would split it across lines`, without: 'the line break' };
  if (c === '\t') return { holds: `a tab (${at}), which reads as spaces`, without: 'the tab' };
  if (c < '\u00a0') return { holds: `the control character ${at}, which prints as nothing or as a command to the terminal`, without: 'the control character' };
  return { holds: `the invisible character ${at}, which makes it read as another ${noun}`, without: 'the invisible character' };
}
