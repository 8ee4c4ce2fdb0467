// The emulator's --state file, for every dialect that keeps one: `{"format": "aac-emulator-state",
// "version": 1, <list>: [...], ...}`, read once at start and rewritten whole, atomically, after each
// write. The rules are the same for every dialect: only a regular file or a new path (never a
// symlink, FIFO or device); a missing file starts empty; a file that is not JSON or not a state
// file is an error at its line and column, and is never emptied. Which lists a dialect keeps, and
// what each item must hold, are the dialect's (`StateShape`).
import { isObject } from '../model/json.js';
import { UserError } from '../util/errors.js';
import { withArticle } from '../util/words.js';
import { jsonStructureProblem, jsonSyntaxError, jsonValueAt, lineAndColumn, type JsonPath } from '../util/json-syntax.js';
import { readRegularText } from '../util/read-regular.js';
import { checkWriteTarget, writeFileAtomically } from '../util/write-files.js';
import { MAX_NESTING } from '../yaml/source.js';

const STATE_FORMAT = 'aac-emulator-state';

export type StateItem = Record<string, unknown>;

/** What a dialect keeps: its lists, in the order written, and the fields each list's items must have. */
export interface StateShape<L extends string> {
  lists: readonly L[];
  /** Per list: a field each item must have and its JSON type (`array`: a non-empty array of objects; `object`: an object, not an array). */
  required: Partial<Record<L, Record<string, 'string' | 'number' | 'array' | 'object'>>>;
}

/** The first part of a parsed state file that is not what `shape` says, with where it is; undefined when none. */
function stateProblem<L extends string>(parsed: unknown, shape: StateShape<L>): { path: JsonPath; what: string } | undefined {
  if (!isObject(parsed)) return { path: [], what: 'the document must be an object' };
  if (parsed.format !== STATE_FORMAT) return { path: ['format'], what: `format must be "${STATE_FORMAT}"` };
  if (parsed.version !== 1) return { path: ['version'], what: 'version must be 1' };
  for (const list of shape.lists) {
    if (!Array.isArray(parsed[list])) return { path: [list], what: `${list} must be an array` };
  }
  for (const list of shape.lists) {
    for (const [i, item] of (parsed[list] as unknown[]).entries()) {
      if (!isObject(item)) return { path: [list, i], what: `${list}[${i}] must be an object` };
      for (const [field, type] of Object.entries(shape.required[list] ?? {})) {
        const v = item[field];
        const fits = type === 'array' ? Array.isArray(v) && v.length > 0 && v.every(isObject) : type === 'object' ? isObject(v) : typeof v === type;
        if (!fits) return { path: [list, i, field], what: `${list}[${i}].${field} must be ${type === 'array' ? 'a non-empty array of objects' : withArticle(type)}` };
      }
    }
  }
  return undefined;
}

/**
 * The lists of the state file at `path` (absolute), or undefined when it does not exist yet (it is
 * made by the first `saveState`). Refuses (UserError naming the file, with line and column where
 * known) a path that is no regular file, text that is not JSON, JSON nested more than MAX_NESTING
 * deep, and JSON that is not a state file of this `shape`; the file is left as it was.
 */
export function loadState<L extends string>(path: string, shape: StateShape<L>): Record<L, StateItem[]> | undefined {
  // Never read from a FIFO or a device, nor replace one (or a symlink) with the state.
  checkWriteTarget(path, path);
  const fix = 'Fix the file or point --state at a new one; the emulator never empties a state file it cannot read.';
  const text = readRegularText(path);
  if (typeof text !== 'string') {
    if (text.code === 'file-not-found') return undefined;
    throw new UserError(`${text.at ? `${path}:${text.at.line}:${text.at.column}: ` : ''}Cannot read the emulator state file ${path}: ${text.reason}.`, text.code === 'not-utf8' ? text.hint : fix);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    const at = jsonSyntaxError(text);
    const where = at ? `${path}:${at.line}:${at.column}: ` : '';
    throw new UserError(`${where}The emulator state file ${path} is not valid JSON (${at ? at.message : (e as Error).message}).`, fix);
  }
  // Before anything walks the value by recursion (a store stringifies each item it keeps): a file
  // nested 100,000 deep overflowed the call stack, an internal error.
  const deep = jsonStructureProblem(text, { maxDepth: MAX_NESTING, uniqueKeys: false });
  if (deep) {
    const at = lineAndColumn(text, deep.offset);
    throw new UserError(`${path}:${at.line}:${at.column}: The emulator state file ${path} nests lists and objects more than ${MAX_NESTING} levels deep, which no state the emulator writes does.`, fix);
  }
  const wrong = stateProblem(parsed, shape);
  if (wrong) {
    const at = jsonValueAt(text, wrong.path);
    const expected = `{"format": "${STATE_FORMAT}", "version": 1, ${shape.lists.map((l) => `"${l}": [...]`).join(', ')}}`;
    throw new UserError(`${at ? `${path}:${at.line}:${at.column}: ` : ''}The emulator state file ${path} is not an aac emulator state file: ${wrong.what} (expected ${expected}).`, fix);
  }
  return parsed as Record<L, StateItem[]>;
}

/** Writes the lists to `path` whole: temp file + rename, so a crash mid-write leaves the previous state, never half a file. */
export function saveState<L extends string>(path: string, lists: Record<L, unknown[]>): void {
  writeFileAtomically(path, JSON.stringify({ format: STATE_FORMAT, version: 1, ...lists }, null, 2) + '\n', { shown: path, what: 'the emulator state' });
}
