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

/**
 * One page of `ordered` (already in the requested order): the items themselves, not copies (a
 * store serializes or copies what it hands out). `after` starts just past
 * its cursor and `before` ends just short of its own; with both the page is bounded on both sides;
 * only `before`: the `limit` items closest to it. A cursor no item has is a 400 on that parameter
 * naming `what` (`assistant`, `agent`, `version`).
 */
export function listPage<T extends Item>(ordered: readonly T[], q: PageQuery, what: string): Page<T> {
  const position = (param: 'after' | 'before', id: string): number => {
    const i = ordered.findIndex((item) => item.id === id);
    if (i < 0) throw invalid(param, `Invalid '${param}': no ${what} found with id '${id}'.`);
    return i;
  };
  const start = q.after ? position('after', q.after) + 1 : 0;
  const end = q.before ? position('before', q.before) : ordered.length;
  const range = ordered.slice(start, Math.max(start, end));
  const data = q.before && !q.after ? range.slice(Math.max(0, range.length - q.limit)) : range.slice(0, q.limit);
  return { data, hasMore: range.length > data.length };
}
