// `--name` and `--target` patterns: `*` any run of characters, `?` one character, everything else
// literal (for `--target`, `\*` a literal `*`); the whole name must match (shell-glob habits,
// without a shell expanding them).

/**
 * The wildcards, with what each matches (for messages): a key holds neither (schema/key.schema.json),
 * so that `--target KEY` is that key.
 */
export const WILDCARDS: Readonly<Record<string, string>> = { '*': 'any run of characters', '?': 'any one character' };
/**
 * `--target`'s escape (`star\*` is the key `star*`, `a\\b` is `a\b`), as a shell's glob reads one:
 * for keys an earlier aac let hold a wildcard. A key holds none either.
 */
export const ESCAPE = '\\';

/** How a pattern is read: case folded or not; `escapes`: ESCAPE makes the next character literal (a trailing one is itself). */
export interface GlobOptions {
  ignoreCase: boolean;
  escapes?: boolean;
}

/** A pattern read: each character literal (case folded where asked), or a wildcard (`*`: ANY_RUN, `?`: ANY_ONE). */
const ANY_RUN = 0;
const ANY_ONE = 1;
type Token = string | typeof ANY_RUN | typeof ANY_ONE;

function tokens(pattern: string, { ignoreCase, escapes = false }: GlobOptions): Token[] {
  const chars = Array.from(pattern);
  const out: Token[] = [];
  for (let i = 0; i < chars.length; i++) {
    const escaped = escapes && chars[i] === ESCAPE && i + 1 < chars.length;
    const c = escaped ? chars[++i]! : chars[i]!;
    if (!escaped && c === '*') out.push(ANY_RUN);
    else if (!escaped && c === '?') out.push(ANY_ONE);
    // Folded as the text is, whole: a letter may lower-case to two code points.
    else out.push(...Array.from(ignoreCase ? c.toLowerCase() : c));
  }
  return out;
}

/** Whether `pattern` has a wildcard (`*` or `?`, not escaped where escapes are read): a plain one is a name or key as written. */
export function isGlob(pattern: string, opts: GlobOptions = { ignoreCase: true }): boolean {
  return tokens(pattern, opts).some((t) => t === ANY_RUN || t === ANY_ONE);
}

/** A plain pattern (not isGlob) as the text it stands for: its escapes read (`star\*` → `star*`). */
export function literalOf(pattern: string, opts: GlobOptions): string {
  return tokens(pattern, { ...opts, ignoreCase: false }).join('');
}

/** The pattern, read with escapes, that is `text` itself: each wildcard and ESCAPE escaped (`star*` → `star\\*`). */
export function escapeGlob(text: string): string {
  return Array.from(text, (c) => (c === ESCAPE || Object.hasOwn(WILDCARDS, c) ? `${ESCAPE}${c}` : c)).join('');
}

/** Whether a text matches a pattern (globMatcher). */
export type Glob = (text: string) => boolean;

/**
 * The matcher of `pattern`: `*` any run of characters (code points), `?` one, anything else
 * itself (with `escapes`, ESCAPE before a character makes it itself too), over the whole text.
 * Names ignore case (people type them); keys do not (`--target` matches them as written). A walk
 * that goes back only to the last `*` on a mismatch, so it takes at most the text's length times
 * the pattern's steps: the regular expression it replaces (`^.*a.*a…$`) backtracked through every
 * way to split the text, and `--target '*a*a*a*a*a*a*a*a*a*a*'` over long keys ran for minutes.
 */
export function globMatcher(pattern: string, opts: GlobOptions = { ignoreCase: true }): Glob {
  const fold = (s: string): string[] => Array.from(opts.ignoreCase ? s.toLowerCase() : s);
  const p = tokens(pattern, opts);
  return (text) => {
    const t = fold(text);
    let ti = 0;
    let pi = 0;
    // The last `*` met, and where in the text it began to match.
    let star = -1;
    let from = 0;
    while (ti < t.length) {
      if (pi < p.length && p[pi] !== ANY_RUN && (p[pi] === ANY_ONE || p[pi] === t[ti])) {
        ti++;
        pi++;
      } else if (pi < p.length && p[pi] === ANY_RUN) {
        star = pi++;
        from = ti;
      } else if (star >= 0) {
        // The `*` takes one more character, and the pattern after it starts again there.
        pi = star + 1;
        ti = ++from;
      } else {
        return false;
      }
    }
    while (p[pi] === ANY_RUN) pi++;
    return pi === p.length;
  };
}

/** Whether `name` matches any of the patterns; an assistant without a name is matched as ''. */
export function matchesAnyName(name: string | null | undefined, patterns: readonly Glob[]): boolean {
  return patterns.some((matches) => matches(name ?? ''));
}
