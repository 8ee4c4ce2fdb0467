// `--name` and `--target` patterns: `*` any run of characters, `?` one character, everything else
// literal; the whole name must match (shell-glob habits, without a shell expanding them).

/** Whether `pattern` has a wildcard (`*` or `?`): a plain one is a name or key as written. */
export function isGlob(pattern: string): boolean {
  return /[*?]/.test(pattern);
}

/** Names ignore case (people type them); keys do not (`--target` matches them as written). */
export function globToRegExp(pattern: string, opts: { ignoreCase: boolean } = { ignoreCase: true }): RegExp {
  let source = '';
  for (const ch of pattern) {
    if (ch === '*') source += '.*';
    else if (ch === '?') source += '.';
    else source += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, opts.ignoreCase ? 'isu' : 'su');
}

/** Whether `name` matches any of the patterns; an assistant without a name is matched as ''. */
export function matchesAnyName(name: string | null | undefined, patterns: readonly RegExp[]): boolean {
  return patterns.some((re) => re.test(name ?? ''));
}
