// Field paths as messages show them, short enough to read: a key a file may write at any length
// (a flow mapping's, a JSON file's: YAML's 1024-character limit is the block mapping's) would
// otherwise fill a terminal, or a CI log, with one line of hundreds of kilobytes.
import { pathText } from '../model/json.js';

export type FieldPath = ReadonlyArray<string | number>;

/** How many characters of one key a path shows; a longer key is cut there, with `…`. */
export const PATH_KEY_SHOWN = 64;

/** How many characters of a whole path a diagnostic's line shows (render/diagnostics.ts), whoever formatted it. */
export const PATH_SHOWN = 1024;

/** `s` cut to its first `max` characters (never half of a surrogate pair) and `…`, or `s` itself when no longer. */
export function shortened(s: string, max: number): string {
  if (s.length <= max) return s;
  const cut = s.slice(0, max);
  return `${/[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut}…`;
}

/**
 * `tools[0].function.name` — the form diagnostics show (the model's one path formatter,
 * model/json.ts pathText), each key longer than PATH_KEY_SHOWN characters cut there with `…`
 * (`metadata["kkkk…"]`): the message says how long it is where its length is the fault.
 */
export function formatPath(path: FieldPath): string {
  return pathText(path.some(isLong) ? path.map((seg) => (isLong(seg) ? shortened(seg as string, PATH_KEY_SHOWN) : seg)) : path);
}

const isLong = (seg: string | number): boolean => typeof seg === 'string' && seg.length > PATH_KEY_SHOWN;
