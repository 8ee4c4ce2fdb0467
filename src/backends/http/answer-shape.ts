// What an answer's items must be before anything reads them: a list page's `data` holding `null`,
// a number or an object without its id (a gateway rewriting answers, a hostile or broken server)
// would otherwise fail deep inside a later stage as an internal error ("Cannot read properties of
// null"), or be read as a resource named "undefined". Refused here, in words, naming the item.
// So is an item whose governed field holds a value of another JSON type than the API sends there
// (`metadata: null` where the API never sends null, `tools: "x"`): the stages after read such a
// value as the field's default, so a plan would show no difference where there is one, or, the
// marker in `metadata` unread, create a second resource beside one aac already manages.
import { BackendError } from '../backend.js';
import { MAY_HAVE_HAPPENED, type OperationKind } from './transport.js';
import { formatPath } from '../../yaml/path-text.js';
import { formatCount } from '../../util/value-text.js';

/** The JSON types an item's identifying fields are checked against. */
export type FieldType = 'string' | 'number';

/** A JSON value's kind, as `typed` lists what a field may hold. */
export type JsonKind = 'string' | 'number' | 'boolean' | 'object' | 'list' | 'null';

/**
 * What an item must be: `noun` as a message names it (`an assistant`), and the fields every later
 * stage reads of it, each with its JSON type (`{ id: 'string', created_at: 'number' }`). `typed`:
 * the fields checked only when the item has them, each a path of members joined by dots
 * (`versions.latest.metadata`; a path whose parent is not an object is not looked into; a member
 * `*` stands for every member of the object there, `metadata.*` each value of the map) with the
 * kinds the API's response schema gives it (`{ metadata: ['object', 'null'], 'metadata.*': ['string'] }`).
 */
export interface ItemShape {
  noun: string;
  fields: Readonly<Record<string, FieldType>>;
  typed?: Readonly<Record<string, readonly JsonKind[]>>;
}

/** The JSON kinds as a message names them, with their articles. */
const SCALAR_WORDS: Readonly<Record<string, string>> = { string: 'a string', number: 'a number', boolean: 'a boolean', object: 'an object', list: 'a list', null: 'null' };

/** `value`'s JSON kind. */
function kindOf(value: unknown): JsonKind | undefined {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'list';
  const type = typeof value;
  return type === 'string' || type === 'number' || type === 'boolean' || type === 'object' ? type : undefined;
}

/** A shape's fields and typed paths as the checks read them: made once a shape, where every item of every page was checked with them remade (Object.entries, path.split). */
interface ShapeChecks {
  fields: ReadonlyArray<readonly [string, FieldType]>;
  typed: ReadonlyArray<{ members: readonly string[]; kinds: readonly JsonKind[] }>;
}

const checksOf = new WeakMap<ItemShape, ShapeChecks>();

function shapeChecks(shape: ItemShape): ShapeChecks {
  let made = checksOf.get(shape);
  if (made === undefined) {
    made = {
      fields: Object.entries(shape.fields),
      typed: Object.entries(shape.typed ?? {}).map(([path, kinds]) => ({ members: path.split('.'), kinds })),
    };
    checksOf.set(shape, made);
  }
  return made;
}

/** The first of `shape.typed` that `item` holds with another kind, in words (`'metadata' is null, where the API sends an object`, `'metadata["aac@n"]' is a number, where the API sends a string`); undefined when none. */
function mistyped(item: Record<string, unknown>, shape: ItemShape): string | undefined {
  for (const { members, kinds } of shapeChecks(shape).typed) {
    const wrong = mistypedAt(item, members, 0, kinds);
    if (wrong !== undefined) {
      const kind = kindOf(wrong.value);
      return `'${formatPath(wrong.path)}' is ${kind ? SCALAR_WORDS[kind] : 'no JSON value'}, where the API sends ${kinds.map((k) => SCALAR_WORDS[k]).join(' or ')}`;
    }
  }
  return undefined;
}

/** The first value at `members` (from `at`) below `value` that is not of `kinds`, with its path (each `*` the member it stood for); undefined when none, or when a parent is no object. */
function mistypedAt(value: unknown, members: readonly string[], at: number, kinds: readonly JsonKind[]): { path: string[]; value: unknown } | undefined {
  if (at === members.length) {
    if (value === undefined) return undefined;
    const kind = kindOf(value);
    return kind !== undefined && kinds.includes(kind) ? undefined : { path: [], value };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const object = value as Record<string, unknown>;
  const member = members[at] as string;
  if (member !== '*') return Object.hasOwn(object, member) ? mistypedBelow(object, member, members, at, kinds) : undefined;
  for (const key in object) {
    const wrong = Object.hasOwn(object, key) ? mistypedBelow(object, key, members, at, kinds) : undefined;
    if (wrong !== undefined) return wrong;
  }
  return undefined;
}

/** mistypedAt of `object[key]`, the member at `at`, its path starting with `key`. */
function mistypedBelow(object: Record<string, unknown>, key: string, members: readonly string[], at: number, kinds: readonly JsonKind[]): { path: string[]; value: unknown } | undefined {
  const wrong = mistypedAt(object[key], members, at + 1, kinds);
  return wrong === undefined ? undefined : { path: [key, ...wrong.path], value: wrong.value };
}

/**
 * `value` in a few words, never quoting it (a host's text can be long or hostile): `null`, `a
 * string`, `an object without a string 'id'`, `an object whose 'id' is '..' (no request's path can
 * name it)`. An identifying string that is empty or a dot segment is refused with the wrong types:
 * every request about the item puts it in a path (`/assistants/{id}`, `/agents/{name}/versions/
 * {version}`), and the URL parser resolves `.` and `..` there (WHATWG URL, "single-dot" and
 * "double-dot" segments, `%2e` too, so no encoding keeps them), so a delete of a listed copy
 * whose id is `..` was sent as `DELETE /v1/` and reported done. So is one longer than ID_MAX.
 */
function describe(value: unknown, shape: ItemShape): string | undefined {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value !== 'object') return SCALAR_WORDS[typeof value] ?? 'no JSON value';
  const item = value as Record<string, unknown>;
  const fields = shapeChecks(shape).fields;
  const wrong = fields.find(([field, type]) => typeof item[field] !== type);
  if (wrong) return `an object without ${SCALAR_WORDS[wrong[1]]} '${wrong[0]}'`;
  const unnamed = fields.find(([field, type]) => type === 'string' && noPathSegment(item[field] as string));
  if (unnamed) return `an object whose '${unnamed[0]}' is '${item[unnamed[0]] as string}' (no request's path can name it)`;
  const long = fields.find(([field, type]) => type === 'string' && (item[field] as string).length > ID_MAX);
  return long ? `an object whose '${long[0]}' is ${formatCount((item[long[0]] as string).length)} characters long (longer than any the API gives, ${formatCount(ID_MAX)} at most)` : undefined;
}

/**
 * The most characters an identifying string of an item may have (an id, a Foundry agent's name, a
 * version). The sources bound few: a Foundry agent's name 63 (CreateAgentRequest `name`
 * maxLength), an AgentVersionObject's 256; OpenAI's ids (`asst_` and 24 characters in every
 * example) none. Every message about the item names it (a copy, a name taken, a rename refused),
 * so a host's id of a megabyte made each a line of a megabyte; the bound leaves the APIs' ids room.
 */
const ID_MAX = 1024;

/** Whether `text`, as a segment of a request's path, names nothing: empty, `.` or `..` (describe). */
function noPathSegment(text: string): boolean {
  return text === '' || text === '.' || text === '..';
}

const FIX = 'check that the endpoint is the API itself: a gateway or proxy in between may be rewriting its answers';

/** `the fields`, as a message lists them: `a string 'id' and a number 'created_at'`. */
function fieldsText(shape: ItemShape): string {
  return Object.entries(shape.fields).map(([field, type]) => `${SCALAR_WORDS[type]} '${field}'`).join(' and ');
}

/**
 * Throws a BackendError of kind `server`, for `what` (`listing agents`), naming the first of
 * `items` (by its index in the page's `data`) that is not of `shape`; returns them typed otherwise.
 */
export function checkItems<T>(items: readonly unknown[], shape: ItemShape, what: string): T[] {
  items.forEach((item, i) => {
    const wrong = describe(item, shape);
    if (wrong !== undefined) {
      throw new BackendError('server', `${what}: the server's list page holds ${wrong} at data[${i}], not ${shape.noun} (an object with ${fieldsText(shape)}); ${FIX}`, { fix: FIX });
    }
    const typed = mistyped(item as Record<string, unknown>, shape);
    if (typed !== undefined) throw new BackendError('server', `${what}: the server's list page holds ${shape.noun} at data[${i}] whose ${typed}; ${FIX}`, { fix: FIX });
  });
  return items as T[];
}

/**
 * As checkItems, for one object answered alone (a read, a create): `what: the server answered
 * null, not an agent (…)`. `kind`: the operation that was answered. A write's success answer that
 * is not the object is no refusal: the host took the write and answered 2xx, and only its answer
 * is unreadable, so whether it was made is unknown (an `outcome-unknown` BackendError, its
 * `reason` what came back) and apply reads the resource back to know, as for a lost answer; a
 * `server` error for a read.
 */
export function checkItem<T>(item: unknown, shape: ItemShape, what: string, kind: OperationKind = 'read'): T {
  const wrong = describe(item, shape);
  const typed = wrong === undefined ? mistyped(item as Record<string, unknown>, shape) : undefined;
  if (wrong === undefined && typed === undefined) return item as T;
  const reason = wrong !== undefined ? `the server answered ${wrong}, not ${shape.noun} (an object with ${fieldsText(shape)})` : `the server answered ${shape.noun} whose ${typed}`;
  const unknown = MAY_HAVE_HAPPENED[kind];
  if (unknown !== undefined) throw new BackendError('outcome-unknown', `${what}: ${reason}; ${unknown}; ${FIX}`, { reason, unread: true });
  throw new BackendError('server', `${what}: ${reason}; ${FIX}`, { fix: FIX });
}
