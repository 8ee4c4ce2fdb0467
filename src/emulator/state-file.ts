// The emulator's --state file, for every dialect that keeps one: `{"format": "aac-emulator-state",
// "version": 1, "provider": <the dialect that wrote it>, <list>: [...], ...}`, read once at start and rewritten whole, atomically, after each
// write. The rules are the same for every dialect: only a regular file or a new path (never a
// symlink, FIFO or device); a missing file starts empty; a file that is not JSON or not a state
// file is an error at its line and column, and is never emptied. Which lists a dialect keeps, and
// what each item must hold, are the dialect's (`StateShape`). A file names the dialect that wrote
// it, and another dialect refuses it (a foundry emulator must not serve an openai one's assistants,
// OpenAI-only fields and all); a file written before it named one (no `provider`) is read by any
// dialect whose lists it holds. One emulator serving several dialects at one address (foundry and
// foundry-agents at one project endpoint) keeps all their lists in one file, which names them all
// (`foundry,foundry-agents`); it also reads a file one of its dialects wrote alone, the others
// starting empty — but a dialect alone refuses the shared file, as its writes would drop the others'.
import { isObject } from '../model/json.js';
import { UserError } from '../util/errors.js';
import { withArticle } from '../util/words.js';
import { jsonStructureProblem, jsonSyntaxError, jsonValueAt, lineAndColumn, type JsonPath } from '../util/json-syntax.js';
import { readRegularText } from '../util/read-regular.js';
import { checkWriteTarget, writeFileAtomically } from '../util/write-files.js';
import { MAX_NESTING } from '../yaml/source.js';
import { paramPath } from './param-path.js';

const STATE_FORMAT = 'aac-emulator-state';

export type StateItem = Record<string, unknown>;

/** What a dialect keeps: its lists, in the order written, and the fields each list's items must have. */
export interface StateShape<L extends string> {
  lists: readonly L[];
  /** Per list: a field each item must have and its JSON type (`array`: a non-empty array of objects; `object`: an object, not an array). */
  required: Partial<Record<L, Record<string, 'string' | 'number' | 'array' | 'object'>>>;
  /**
   * Per list: the first part of an item (its required fields there) that the dialect's API schemas
   * refuse, at its path below the item, with what is wrong (`tools[0].type must be one of …`);
   * undefined when it fits. The emulator serves what the file holds, so a file it would not have
   * written is refused at start, never served (emulator/schema-problem.ts).
   */
  check?: Partial<Record<L, (item: StateItem) => ItemProblem | undefined>>;
}

/** What is wrong with a state file's item: at `path` below it, `what` (a sentence's end: `must be a string`). */
export interface ItemProblem {
  path: JsonPath;
  what: string;
}

/** The lists a state file holds (its array members), as a phrase: `agents`, or two joined by `and`. */
function listsHeld(parsed: Record<string, unknown>): string {
  const lists = Object.keys(parsed).filter((k) => Array.isArray(parsed[k]));
  return lists.length <= 1 ? lists.join('') : `${lists.slice(0, -1).join(', ')} and ${lists.at(-1)}`;
}

/**
 * Why a state file is another dialect's (its `provider` names another; or, in a file that names
 * none, a list of this `shape` is missing where others are held), as what the file does (`holds
 * …`) in the refusal; undefined when it may be this dialect's.
 */
function otherDialect<L extends string>(parsed: Record<string, unknown>, shape: StateShape<L>, provider: string, parts: readonly string[]): { path: JsonPath; what: string } | undefined {
  const another = 'or give another --state';
  if (parsed.provider === provider || parts.includes(parsed.provider as string)) return undefined;
  if (typeof parsed.provider === 'string') {
    return { path: ['provider'], what: `holds ${withArticle(parsed.provider)} emulator's ${listsHeld(parsed)}: start it with --provider ${parsed.provider}, ${another}` };
  }
  const held = listsHeld(parsed);
  // A shared file's dialects each read their own lists of a file that names no provider, as each alone would.
  if (held === '' || parts.length > 0 || shape.lists.every((l) => Array.isArray(parsed[l]))) return undefined;
  return { path: [], what: `holds another emulator's ${held}, not ${shape.lists.join(' and ')} (it was written before state files named their provider): start it with the --provider that wrote it, ${another}` };
}

/** The first part of a parsed state file that is not what `shape` says, with where it is; undefined when none. */
function stateProblem<L extends string>(parsed: unknown, shape: StateShape<L>, shared: boolean): { path: JsonPath; what: string } | undefined {
  if (!isObject(parsed)) return { path: [], what: 'the document must be an object' };
  if (parsed.format !== STATE_FORMAT) return { path: ['format'], what: `format must be "${STATE_FORMAT}"` };
  if (parsed.version !== 1) return { path: ['version'], what: 'version must be 1' };
  if (parsed.provider !== undefined && typeof parsed.provider !== 'string') return { path: ['provider'], what: 'provider must be a string' };
  for (const list of shape.lists) {
    // In a shared file a dialect's lists are absent until it first writes (or when one of its
    // fellows wrote the file alone): it starts empty.
    if (shared && parsed[list] === undefined) continue;
    if (!Array.isArray(parsed[list])) return { path: [list], what: `${list} must be an array` };
  }
  for (const list of shape.lists.filter((l) => parsed[l] !== undefined)) {
    for (const [i, item] of (parsed[list] as unknown[]).entries()) {
      if (!isObject(item)) return { path: [list, i], what: `${list}[${i}] must be an object` };
      for (const [field, type] of Object.entries(shape.required[list] ?? {})) {
        const v = item[field];
        const fits = type === 'array' ? Array.isArray(v) && v.length > 0 && v.every(isObject) : type === 'object' ? isObject(v) : typeof v === type;
        if (!fits) return { path: [list, i, field], what: `${list}[${i}].${field} must be ${type === 'array' ? 'a non-empty array of objects' : withArticle(type)}` };
      }
      const problem = shape.check?.[list]?.(item);
      if (problem) return { path: [list, i, ...problem.path], what: `${paramPath([list, i, ...problem.path])} ${problem.what}` };
    }
  }
  return undefined;
}

/**
 * The state file at `path` as a refusal names it: at its line and column when known
 * (`/x/state.json:5:36: the emulator state file`), else by its path alone — said once, and in
 * lower case without a closing period, as every error of aac is.
 */
function stateFileAt(path: string, at: { line: number; column: number } | undefined): string {
  return at ? `${path}:${at.line}:${at.column}: the emulator state file` : `the emulator state file ${path}`;
}

/**
 * The lists of `shape` in the state file at `path` (absolute), or undefined when it does not exist
 * yet (StateFile.save makes it). `provider` is the emulator reading it (`foundry`, `openai-agents`,
 * `foundry,foundry-agents`); `parts`, for one serving several dialects, those dialects, whose own
 * files it reads too, a list they do not hold yet being empty. The refusals are StateFile.load's.
 */
function loadState<L extends string>(path: string, shape: StateShape<L>, provider: string, parts: readonly string[] = []): Record<L, StateItem[]> | undefined {
  // Never read from a FIFO or a device, nor replace one (or a symlink) with the state.
  checkWriteTarget(path, path);
  const fix = 'fix the file or point --state at a new one; the emulator never empties a state file it cannot read';
  const text = readRegularText(path);
  if (typeof text !== 'string') {
    if (text.code === 'file-not-found') return undefined;
    const where = text.at ? `${path}:${text.at.line}:${text.at.column}: ` : '';
    throw new UserError(`${where}cannot read the emulator state file${where ? '' : ` ${path}`}: ${text.reason}`, text.code === 'not-utf8' ? text.hint : fix);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    const at = jsonSyntaxError(text);
    throw new UserError(`${stateFileAt(path, at)} is not valid JSON (${at ? at.message : (e as Error).message})`, fix);
  }
  // Before anything walks the value by recursion (a store stringifies each item it keeps): a file
  // nested 100,000 deep overflowed the call stack, an internal error.
  const deep = jsonStructureProblem(text, { maxDepth: MAX_NESTING, uniqueKeys: false });
  if (deep) {
    const at = lineAndColumn(text, deep.offset);
    throw new UserError(`${stateFileAt(path, at)} nests lists and objects more than ${MAX_NESTING} levels deep, which no state the emulator writes does`, fix);
  }
  const other = isObject(parsed) && parsed.format === STATE_FORMAT ? otherDialect(parsed, shape, provider, parts) : undefined;
  if (other) {
    throw new UserError(`${stateFileAt(path, jsonValueAt(text, other.path))} ${other.what}`, `this emulator was started with --provider ${provider}; a state file serves the provider that wrote it`);
  }
  const wrong = stateProblem(parsed, shape, parts.length > 0);
  if (wrong) {
    const expected = `{"format": "${STATE_FORMAT}", "version": 1, ${shape.lists.map((l) => `"${l}": [...]`).join(', ')}}`;
    throw new UserError(`${stateFileAt(path, jsonValueAt(text, wrong.path))} is not an aac emulator state file: ${wrong.what} (expected ${expected})`, fix);
  }
  const lists = parsed as Record<string, unknown>;
  return Object.fromEntries(shape.lists.map((l) => [l, (lists[l] as StateItem[] | undefined) ?? []])) as Record<L, StateItem[]>;
}

/**
 * The emulator's `--state` file (`path` absolute) as its dialects keep their lists in it: `provider`
 * is what the file names, the emulator's provider — for one serving several dialects at one address,
 * their names joined by commas, with `parts` the dialects themselves (each reads its own lists;
 * a file one of them wrote alone is read too). Every save rewrites the whole file, every dialect's
 * lists in it: temp file + rename, so a crash mid-write leaves the previous state, never half a file.
 */
export class StateFile {
  /** Every dialect's lists as last loaded or saved, in the order first seen: what each save writes. */
  private readonly held: Record<string, unknown[]> = {};

  constructor(readonly path: string, readonly provider: string, private readonly parts: readonly string[] = []) {}

  /**
   * The lists of `shape` (one dialect's) the file holds, or undefined when the file does not exist
   * yet; in a shared file, a list it does not hold yet is empty. Refuses (UserError naming the file, with
   * line and column where known) a path that is no regular file, text that is not JSON, JSON nested
   * more than MAX_NESTING deep, a state file another emulator wrote (naming its --provider), and
   * JSON that is not a state file of this `shape`; the file is left as it was.
   */
  load<L extends string>(shape: StateShape<L>): Record<L, StateItem[]> | undefined {
    const lists = loadState(this.path, shape, this.provider, this.parts);
    // Every list in the order the dialects load, whichever writes first: the file reads the same each run.
    for (const l of shape.lists) this.held[l] = lists?.[l] ?? [];
    return lists;
  }

  /** Replaces these lists (one dialect's) and writes the file with every dialect's lists. */
  save<L extends string>(lists: Record<L, unknown[]>): void {
    Object.assign(this.held, lists);
    writeFileAtomically(this.path, JSON.stringify({ format: STATE_FORMAT, version: 1, provider: this.provider, ...this.held }, null, 2) + '\n', { shown: this.path, what: 'the emulator state' });
  }
}
