// A list endpoint's pages as the walk (pagination.ts) asks for them: one GET each through the
// transport, its query the page's, its answer checked to be a page before the walk reads it.
//
// A cursor's next request is built before its cursor is known. Between a page's tail and the next
// request going out, the SDK's building of that request (its URL, its headers, the awaits
// between: ~0.5 ms a request on the benchmark's machine, of ~0.9 ms from the tail to the write)
// stood on the critical path of every round trip of a listing. So once a page is asked for, the
// request for the next page of the same kind (same `limit` and `order`: the same cursor) is made
// at once, without its `after` and `before` (Call.later): the SDK builds it while the page is on
// its way, and it waits, unsent, until the walk asks for that page, when it gets its cursor and
// goes. Built once a cursor has asked with an `after` (its second page), so a listing of a page
// or two (a small plan) builds none it would not send. The walk asks for a cursor's next page
// from the page's tail or once the page is read, so one not asked for a turn after its page has
// been read is not wanted: it is cancelled, unsent.
import { BackendError } from '../backend.js';
import { checkItems, type ItemShape } from './answer-shape.js';
import type { FetchPage, ListItem, ListPage } from './pagination.js';
import type { Later, Operation, Transport } from './transport.js';

/** A request built for a cursor's next page, waiting for its cursor. */
interface Spare {
  /** Sends it with `cursor`, cancelled by `signal` from then on, telling `onBodyEnd` its text's end. */
  claim(cursor: Later['query'], signal: AbortSignal | undefined, onBodyEnd: ((end: string) => void) | undefined): Promise<ListPage | undefined>;
  /** Cancels it, unsent. */
  drop(): void;
}

/**
 * The pages of `path` (`/assistants`), `op` wording errors, each asked with `filter`'s query
 * parameters first (`{ kind: 'prompt' }`; none by default), then the walk's. A page's text end is
 * handed to the walk before the page is parsed (FetchPage's `onBodyEnd`). Throws a BackendError of
 * kind `server`, saying `notAPage`, when an answer is not a list page (no `data` array), and
 * checkItems' when an item of it is not of `item`'s shape (its id and `created_at`, which the
 * walk reads, where the API's item has them).
 */
export function pagesOf(transport: Pick<Transport, 'send'>, path: string, op: Operation, notAPage: string, item: ItemShape, filter: Readonly<Record<string, string>> = {}): FetchPage {
  const call = (query: Later['query'], signal: AbortSignal | undefined, rest: { onBodyEnd?: (end: string) => void; later?: Promise<Later> }) =>
    transport.send<ListPage>({ method: 'get', path, query: { ...filter, ...query }, op, ...(signal ? { signal } : {}), ...rest });

  /** A request for the next page of the kind `fixed` (limit, order), built now, sent when claimed. */
  const spareOf = (fixed: Later['query']): Spare => {
    let give!: (later: Later) => void;
    const later = new Promise<Later>((resolve) => (give = resolve));
    const own = new AbortController();
    const answer = call(fixed, own.signal, { later });
    // Dropped unclaimed, it fails as cancelled, and no one awaits it.
    answer.catch(() => undefined);
    return {
      claim(cursor, signal, onBodyEnd) {
        if (signal?.aborted) own.abort();
        else signal?.addEventListener('abort', () => own.abort(), { once: true });
        give({ query: cursor, ...(onBodyEnd ? { onBodyEnd } : {}) });
        return answer;
      },
      drop: () => own.abort(),
    };
  };
  /** By kind (`limit order`): the request built for that kind's next page. */
  const spares = new Map<string, Spare>();

  return async (query, signal, onBodyEnd) => {
    const { after, before, ...fixed } = query;
    const kind = `${fixed.limit} ${fixed.order ?? ''}`;
    const spare = after === undefined ? undefined : spares.get(kind);
    if (spare) spares.delete(kind);
    const answer = spare ? spare.claim({ after, before }, signal, onBodyEnd) : call({ ...query }, signal, onBodyEnd ? { onBodyEnd } : {});
    // Built a turn later, once this request has gone.
    let next: Spare | undefined;
    if (after !== undefined) {
      setImmediate(() => {
        spares.get(kind)?.drop();
        next = spareOf(fixed);
        spares.set(kind, next);
      });
    }
    const unclaimed = () =>
      setImmediate(() => {
        if (!next || spares.get(kind) !== next) return;
        spares.delete(kind);
        next.drop();
      });
    let page: ListPage | undefined;
    try {
      page = await answer;
    } finally {
      unclaimed();
    }
    if (!page || !Array.isArray(page.data)) throw new BackendError('server', `${op.what}: ${notAPage}`);
    checkItems<ListItem>(page.data, item, op.what);
    return page;
  };
}
