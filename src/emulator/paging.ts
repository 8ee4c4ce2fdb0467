// Cursor paging as the emulated APIs share it (the Assistants API's list, the OpenAI agents list and the
// Foundry agents and versions lists: `limit`, `order`, `after`, `before`, `has_more`), once for every dialect's store.
import { invalid } from './errors.js';

type Item = { id?: unknown };

export interface PageQuery {
  /** 1–100, checked by the dialect. */
  limit: number;
  order: 'asc' | 'desc';
  /** An item's `id`: the page starts just past it. */
  after?: string;
  /** An item's `id`: the page ends just short of it. */
  before?: string;
}

export interface Page<T extends Item = Record<string, unknown>> {
  data: T[];
  hasMore: boolean;
}

// Where each id stands in a list, made once per list and kept while the list is: a listing of N
// items reads N/100 pages, and scanning for the cursor on each made a walk quadratic. Keyed by the
// array itself, so a store that makes a new array on every write (as the stores' cached orders are)
// gets a new index with it; one that changes an array in place (an agent's versions) is caught when
// the index's answer is checked, and the index is made again.
const indexes = new WeakMap<readonly Item[], Map<unknown, number>>();

function indexOf(ordered: readonly Item[]): Map<unknown, number> {
  const index = new Map<unknown, number>();
  ordered.forEach((item, i) => index.set(item.id, i));
  indexes.set(ordered, index);
  return index;
}

/** Where the item `id` stands in `ordered`, or -1 when no item has it. Ids are unique within a list. */
function positionOf(ordered: readonly Item[], id: string): number {
  const known = indexes.get(ordered)?.get(id);
  if (known !== undefined && ordered[known]?.id === id) return known;
  return indexOf(ordered).get(id) ?? -1;
}

/**
 * One page of `ordered` (already in the requested order): the items themselves, not copies (a
 * store serializes or copies what it hands out). `after` starts just past
 * its cursor and `before` ends just short of its own; with both the page is bounded on both sides;
 * only `before`: the `limit` items closest to it. A cursor no item has (never had, or deleted
 * since) is a 400 on that parameter naming `what` (`assistant`, `agent`, `version`).
 */
export function listPage<T extends Item>(ordered: readonly T[], q: PageQuery, what: string): Page<T> {
  const position = (param: 'after' | 'before', id: string): number => {
    const i = positionOf(ordered, id);
    if (i < 0) throw invalid(param, `Invalid '${param}': no ${what} found with id '${id}'.`);
    return i;
  };
  const start = q.after ? position('after', q.after) + 1 : 0;
  const end = q.before ? position('before', q.before) : ordered.length;
  const range = ordered.slice(start, Math.max(start, end));
  const data = q.before && !q.after ? range.slice(Math.max(0, range.length - q.limit)) : range.slice(0, q.limit);
  return { data, hasMore: range.length > data.length };
}
