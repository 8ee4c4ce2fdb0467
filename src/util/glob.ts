// `--name` and `--target` patterns: `*` any run of characters, `?` one character, everything else
// literal; the whole name must match (shell-glob habits, without a shell expanding them).

/** Whether `pattern` has a wildcard (`*` or `?`): a plain one is a name or key as written. */
export function isGlob(pattern: string): boolean {
  return /[*?]/.test(pattern);
}

/** Whether a text matches a pattern (globMatcher). */
export type Glob = (text: string) => boolean;

/**
 * The matcher of `pattern`: `*` any run of characters (code points), `?` one, anything else
 * itself, over the whole text. Names ignore case (people type them); keys do not (`--target`
 * matches them as written). A walk that goes back only to the last `*` on a mismatch, so it takes
 * at most the text's length times the pattern's steps: the regular expression it replaces
 * (`^.*a.*a…$`) backtracked through every way to split the text, and `--target '*a*a*a*a*a*a*a*a*a*a*'`
 * over long keys ran for minutes.
 */
export function globMatcher(pattern: string, opts: { ignoreCase: boolean } = { ignoreCase: true }): Glob {
  const fold = (s: string): string[] => Array.from(opts.ignoreCase ? s.toLowerCase() : s);
  const p = fold(pattern);
  return (text) => {
    const t = fold(text);
    let ti = 0;
    let pi = 0;
    // The last `*` met, and where in the text it began to match.
    let star = -1;
    let from = 0;
    while (ti < t.length) {
      if (pi < p.length && p[pi] !== '*' && (p[pi] === '?' || p[pi] === t[ti])) {
        ti++;
        pi++;
      } else if (pi < p.length && p[pi] === '*') {
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
    while (p[pi] === '*') pi++;
    return pi === p.length;
  };
}

/** Whether `name` matches any of the patterns; an assistant without a name is matched as ''. */
export function matchesAnyName(name: string | null | undefined, patterns: readonly Glob[]): boolean {
  return patterns.some((matches) => matches(name ?? ''));
}
