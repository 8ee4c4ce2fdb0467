// "Did you mean …?" for misspelt field names and enum values.

/**
 * Edits between `a` and `b`, a swap of two neighbouring characters counting as one (the optimal
 * string alignment distance): `plna` is one slip from `plan`, as `tempreature` is from `temperature`.
 */
function editDistance(a: string, b: string): number {
  let before = Array.from({ length: b.length + 1 }, () => 0);
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      row.push(d);
    }
    before = prev;
    prev = row;
  }
  return prev[b.length]!;
}

/** The closest candidate, when it is close enough to be a typo (case and `-`/`_` ignored first). */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  const fold = (s: string) => s.toLowerCase().replace(/-/g, '_');
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = fold(c) === fold(word) ? 0 : editDistance(fold(word), fold(c));
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
    }
  }
  const allowed = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  if (bestDistance <= allowed) return best;
  // An abbreviation (`hi` for `high`) is a typo of another kind.
  const prefixed = [...candidates].filter((c) => word.length >= 2 && fold(c).startsWith(fold(word)));
  return prefixed.length === 1 ? prefixed[0] : undefined;
}

/** The hint for `value` not among `allowed`: `did you mean 'x'?` for a typo of one, else `use one of: a, b`. */
export function oneOfHint(value: string, allowed: readonly string[]): string {
  const guess = closest(value, allowed);
  return guess !== undefined ? `did you mean '${guess}'?` : `use one of: ${allowed.join(', ')}`;
}
