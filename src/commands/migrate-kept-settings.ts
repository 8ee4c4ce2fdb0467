// The settings an aac.yaml already in `aac migrate`'s --out holds that the migration does not
// write (a `retain_versions:` or an `endpoint:` added there since the last run): a run that replaces
// that file (with --force) keeps them, as a re-apply keeps what it does not manage, rather than
// dropping what the user wrote.
import { isObject, type JsonObject } from '../model/json.js';

/**
 * Whether the source's aac.yaml alone says what is at `path`: its variables, the set of its
 * environments and each one's values are the definitions' own (migrate writes them from the
 * source, leaving out a variable no migrated definition references), so an old copy of them in
 * --out is never put back.
 */
function sourceOwns(path: readonly string[]): boolean {
  return path[0] === 'variables' || (path[0] === 'environments' && (path.length <= 2 || path[2] === 'values'));
}

/**
 * The paths of the settings `existing` (the aac.yaml in --out, as parsed) holds that `written` (the
 * new one migrate writes) does not: each the deepest mapping key `written` lacks (`['retain_versions']`,
 * `['options', 'api_version']`, `['environments', 'dev', 'endpoint']`), in the file's order, those
 * the source owns (sourceOwns) left out. A setting both hold is `written`'s.
 */
export function settingsNotWritten(existing: JsonObject, written: JsonObject, path: readonly string[] = []): string[][] {
  return Object.entries(existing).flatMap(([key, value]) => {
    const at = [...path, key];
    const mine = written[key];
    if (mine === undefined) return sourceOwns(at) ? [] : [at];
    return isObject(value) && isObject(mine) ? settingsNotWritten(value, mine, at) : [];
  });
}
