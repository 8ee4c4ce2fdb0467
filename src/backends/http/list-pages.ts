// A list endpoint's pages as the walk (pagination.ts) asks for them: one GET each through the
// transport, its query the page's, its answer checked to be a page before the walk reads it.
import { BackendError } from '../backend.js';
import { checkItems, type ItemShape } from './answer-shape.js';
import type { FetchPage, ListItem, ListPage } from './pagination.js';
import type { Operation, Transport } from './transport.js';

/**
 * The pages of `path` (`/assistants`), `op` wording errors. A page's text end is handed to the
 * walk before the page is parsed (FetchPage's `onBodyEnd`). Throws a BackendError of kind
 * `server`, saying `notAPage`, when an answer is not a list page (no `data` array), and
 * checkItems' when an item of it is not of `item`'s shape (its id and `created_at`, which the
 * walk reads).
 */
export function pagesOf(transport: Transport, path: string, op: Operation, notAPage: string, item: ItemShape): FetchPage {
  return async (query, signal, onBodyEnd) => {
    const page = await transport.send<ListPage>({
      method: 'get',
      path,
      query: { ...query },
      op,
      ...(signal ? { signal } : {}),
      ...(onBodyEnd ? { onBodyEnd } : {}),
    });
    if (!page || !Array.isArray(page.data)) throw new BackendError('server', `${op.what}: ${notAPage}`);
    checkItems<ListItem>(page.data, item, op.what);
    return page;
  };
}
