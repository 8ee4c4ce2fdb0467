// `--target`, as `terraform -target`: a plan limited to some keys, for incident fixes and large
// fleets. Matching runs on the whole picture first (pins and marker clashes are still errors);
// only then are the matches outside the targets dropped, so they are neither compared nor touched.
import type { ResourceKind } from '../backends/backend.js';
import { globMatcher, isGlob } from '../util/glob.js';
import { closest } from '../yaml/suggest.js';
import { UserError } from '../util/errors.js';

/**
 * Whether `key` is selected by `pattern`: a pattern with `*` or `?` is a glob over the whole key
 * (`*` crosses `/`, so `billing/*` is everything below billing/); a plain pattern is that key or
 * any key below it (`billing` selects `billing/refunds`), as a module address does in Terraform.
 * Case-sensitive, as keys are.
 */
export function targetMatches(pattern: string, key: string): boolean {
  if (isGlob(pattern)) return globMatcher(pattern, { ignoreCase: false })(key);
  return key === pattern || key.startsWith(`${pattern.replace(/\/+$/, '')}/`);
}

/** `keys` filtered by the patterns ([] = no targeting: every key). */
export function isTargeted(patterns: readonly string[], key: string): boolean {
  return patterns.length === 0 || patterns.some((p) => targetMatches(p, key));
}

/**
 * Refuses a pattern that selects nothing among `keys` (every definition and managed assistant):
 * during an incident, a typo must not plan "no changes" and look like success.
 */
export function checkTargets(patterns: readonly string[], keys: readonly string[], { one }: ResourceKind['nouns']): void {
  for (const pattern of patterns) {
    if (pattern.trim() === '') throw new UserError('--target needs a key or a glob, not an empty string', 'e.g. --target support/billing or --target "support/*"');
    if (!keys.some((k) => targetMatches(pattern, k))) {
      const near = nearTarget(pattern, keys);
      throw new UserError(
        `--target '${pattern}' matches no definition and no managed ${one}`,
        `${near ? `did you mean '${near}'? ` : ''}targets are keys (a definition's path below the definitions directory without extension, or its \`key:\`), case-sensitive; \`*\` and \`?\` are globs; the same plan without --target shows every key`,
      );
    }
  }
}

/**
 * What a pattern that selects nothing was probably meant to be: the same key or prefix in another
 * case (`Billing` for `billing/refunds`: `billing`), a key the glob matches but for case, or the
 * key or prefix one slip away (`suport` for `support/billing`: `support`; closest's rule).
 */
function nearTarget(pattern: string, keys: readonly string[]): string | undefined {
  if (isGlob(pattern)) {
    const loose = globMatcher(pattern, { ignoreCase: true });
    return keys.find(loose);
  }
  const lower = pattern.replace(/\/+$/, '').toLowerCase();
  const other = keys.find((k) => k.toLowerCase() === lower || k.toLowerCase().startsWith(`${lower}/`));
  if (other !== undefined) return other.slice(0, lower.length);
  // A plain pattern selects a key and everything below it, so each key's prefixes are targets too.
  const prefixes = keys.flatMap((k) => k.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/')));
  return closest(pattern, [...new Set([...keys, ...prefixes])]);
}
