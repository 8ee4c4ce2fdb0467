// `--name` patterns: `*` any run of characters, `?` one character, everything else literal; the
// whole name must match, ignoring case (shell-glob habits, without a shell expanding them).

export function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (const ch of pattern) {
    if (ch === '*') source += '.*';
    else if (ch === '?') source += '.';
    else source += ch.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'isu');
}

/** Whether `name` matches any of the patterns; an assistant without a name is matched as ''. */
export function matchesAnyName(name: string | null | undefined, patterns: readonly RegExp[]): boolean {
  return patterns.some((re) => re.test(name ?? ''));
}
