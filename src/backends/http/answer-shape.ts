// What an answer's items must be before anything reads them: a list page's `data` holding `null`,
// a number or an object without its id (a gateway rewriting answers, a hostile or broken server)
// would otherwise fail deep inside a later stage as an internal error ("Cannot read properties of
// null"), or be read as a resource named "undefined". Refused here, in words, naming the item.
import { BackendError } from '../backend.js';

/** The JSON types an item's identifying fields are checked against. */
export type FieldType = 'string' | 'number';

/**
 * What an item must be: `noun` as a message names it (`an assistant`), and the fields every later
 * stage reads of it, each with its JSON type (`{ id: 'string', created_at: 'number' }`).
 */
export interface ItemShape {
  noun: string;
  fields: Readonly<Record<string, FieldType>>;
}

/** The JSON scalars as a message names them, with their articles. */
const SCALAR_WORDS: Readonly<Record<string, string>> = { string: 'a string', number: 'a number', boolean: 'a boolean' };

/** `value` in a few words, never quoting it (a host's text can be long or hostile): `null`, `a string`, `an object without a string 'id'`. */
function describe(value: unknown, shape: ItemShape): string | undefined {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value !== 'object') return SCALAR_WORDS[typeof value] ?? 'no JSON value';
  const item = value as Record<string, unknown>;
  const wrong = Object.entries(shape.fields).find(([field, type]) => typeof item[field] !== type);
  return wrong ? `an object without ${SCALAR_WORDS[wrong[1]]} '${wrong[0]}'` : undefined;
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
  });
  return items as T[];
}

/** As checkItems, for one object answered alone (a read, a create): `what: the server answered null, not an agent (…)`. */
export function checkItem<T>(item: unknown, shape: ItemShape, what: string): T {
  const wrong = describe(item, shape);
  if (wrong !== undefined) {
    throw new BackendError('server', `${what}: the server answered ${wrong}, not ${shape.noun} (an object with ${fieldsText(shape)}); ${FIX}`, { fix: FIX });
  }
  return item as T;
}
