// Reading every live resource with a list endpoint, 100 a page. Pages are sequential along one
// cursor, so latency bounds a plan; two cursors walked concurrently, `desc` from the newest and
// `asc` from the oldest, cover the list in fewer round trips until they meet.
//
// The walk, and what it costs (P = 100, the largest page the API allows):
//   1. One `desc` page alone. If it holds everything (has_more false) the walk is over, so an
//      empty or small list costs one request.
//   2. Pairs: the next `desc` page and an `asc` page, concurrently, until the cursors meet. From
//      the second pair on, each page is bounded by the other cursor's frontier (`after` = its
//      own, `before` = the other's), so neither reads what the other has read. The cursors have
//      met when a page holds an id the other side has seen or a page ends (has_more false).
// Latency is what a listing costs, so every round after the first is a pair even where two full
// pages cannot tell whether the gap between the cursors is empty: the next pair may find nothing
// (two requests in one round trip) rather than one page asking first (a round trip more).
// Round trips, for N > 100 items: 1 + p, where p = ⌈(N − 100)/200⌉, plus one pair when
// (N − 100) is a multiple of 200 (the last full pair could not know it was last); requests are
// 1 + 2p, so at most two more than ⌈N/100⌉. One round trip and one request for N ≤ 100.
// E.g. N = 0 → 1 request, 100 → 1, 101 → 3, 300 → 5, 1000 → 11 (6 round trips),
// 10 000 → 101 (51 round trips, where ⌈N/200⌉ = 50 is the floor for any two-cursor walk).
// Where a host cannot order (profile flag `canOrder`), or its pages turn out not to be in the
// order asked for, one cursor walks `after` until has_more is false: ⌈N/100⌉ requests (1 for
// N = 0), after whatever the abandoned two-cursor walk spent.
// Each walk asks for its next pages before it hands over the ones it has (`onPage`): what the
// caller does with a page (reading it into live resources, normalizing ahead) then runs while the
// next ones are on their way, not between a page's arrival and the next request, where it made
// every round trip of a 10,000-item listing a few milliseconds longer.
import { BackendError } from '../backend.js';
/** An item of a list page: what the walk reads of it. */
export interface ListItem {
  id: string;
  created_at: number;
}

const PAGE_SIZE = 100;

/**
 * A listing that has read this many items and is still told there are more is cut off: ten times
 * the largest fleet the benchmark lists (10,000), 1,000 pages of 100. A host whose every page
 * holds new ids and says has_more (a broken gateway or proxy, a server that ignores `after`) would
 * otherwise be paged forever, and a plan or apply behind it would wait until CI killed the job.
 */
export const MAX_LISTED = 100_000;

/**
 * Throws, for `what` (`listing agents`), once `listed` items have been read and the host still
 * says there are more (MAX_LISTED): a BackendError of kind `server`, saying so and what to check.
 */
export function checkListingEnds(listed: number, hasMore: boolean, what: string): void {
  if (!hasMore || listed < MAX_LISTED) return;
  const fix = 'check that the endpoint is the API itself and that it honours `after`; a gateway or proxy in between may answer every page with more';
  throw new BackendError('server', `${what}: the listing did not end after ${listed} items (the server still says has_more); aac reads at most ${MAX_LISTED}: ${fix}`, { fix });
}

export interface PageQuery {
  limit: number;
  order?: 'asc' | 'desc';
  after?: string;
  before?: string;
}

export interface ListPage {
  data: ListItem[];
  has_more: boolean;
}

export type FetchPage = (query: PageQuery) => Promise<ListPage>;

/** Told of every page the walk reads (an abandoned walk's included), once the next request is out. */
export type OnPage = (page: ListPage) => void;

/**
 * A page asked for ahead (`fetch()`), whose rejection is handled by whoever awaits it, not by no
 * one if the walk stops first: for every walk that asks before it reads (here, and Foundry agents').
 */
export function askedAhead<T>(fetch: () => Promise<T>): Promise<T> {
  const p = fetch();
  p.catch(() => undefined);
  return p;
}

function request(fetchPage: FetchPage, query: PageQuery): Promise<ListPage> {
  return askedAhead(() => fetchPage(query));
}

/** The requests a two-cursor walk of n items makes (see above); for the benchmark's bound. */
export function twoCursorRequests(n: number): number {
  if (n <= PAGE_SIZE) return 1;
  const rest = n - PAGE_SIZE;
  const pairs = Math.ceil(rest / (2 * PAGE_SIZE)) + (rest % (2 * PAGE_SIZE) === 0 ? 1 : 0);
  return 1 + 2 * pairs;
}

/** The requests a one-cursor walk of n items makes: ⌈n/100⌉, one for an empty list; for the benchmark's bound. */
export function oneCursorRequests(n: number): number {
  return Math.max(1, Math.ceil(n / PAGE_SIZE));
}

/**
 * Every item, oldest first, each once. `what` names the listing in errors (`listing assistants`).
 * Throws checkListingEnds' error when the host never says the list has ended.
 */
export async function listEverything(fetchPage: FetchPage, canOrder: boolean, what: string, onPage: OnPage = () => undefined): Promise<ListItem[]> {
  try {
    return await walk(fetchPage, canOrder, what, onPage);
  } catch (err) {
    // A cursor's item was deleted mid-walk (by a person, or a concurrent apply): the host
    // no longer knows the id. The list changed under us, so read it again, once.
    const cursorGone = err instanceof BackendError && err.kind === 'invalid' && (err.details.param === 'after' || err.details.param === 'before');
    if (!cursorGone) throw err;
    return walk(fetchPage, canOrder, what, onPage);
  }
}

async function walk(fetchPage: FetchPage, canOrder: boolean, what: string, onPage: OnPage): Promise<ListItem[]> {
  // A host that ignores `order` would make the cursors "meet" at once and hide the middle of
  // the list (and a plan would then create duplicates), so two cursors are trusted only while
  // every page comes back in the order asked for; otherwise the walk restarts with one.
  return (canOrder ? await twoCursors(fetchPage, what, onPage) : undefined) ?? oneCursor(fetchPage, what, onPage);
}

async function oneCursor(fetchPage: FetchPage, what: string, onPage: OnPage): Promise<ListItem[]> {
  const seen = new Map<string, ListItem>();
  let next: Promise<ListPage> | undefined = request(fetchPage, { limit: PAGE_SIZE });
  while (next) {
    const page: ListPage = await next;
    const fresh = page.data.filter((a) => !seen.has(a.id));
    for (const a of fresh) seen.set(a.id, a);
    checkListingEnds(seen.size, page.has_more, what);
    // A page with nothing new ends the walk even if the host says more: it would loop forever.
    next = page.has_more && fresh.length > 0 ? request(fetchPage, { limit: PAGE_SIZE, after: page.data[page.data.length - 1]!.id }) : undefined;
    onPage(page);
  }
  return oldestFirst([...seen.values()]);
}

type Side = 'desc' | 'asc';

/** The list, or undefined when the host's pages contradict the order asked for. */
async function twoCursors(fetchPage: FetchPage, what: string, onPage: OnPage): Promise<ListItem[] | undefined> {
  const side = new Map<string, Side>();
  const desc: ListItem[] = [];
  const asc: ListItem[] = [];
  let descAfter: string | undefined;
  let ascAfter: string | undefined;
  let disordered = false;

  /**
   * Adds a page to its side; true when the page shows the cursors have met: it holds an id the
   * other side has, or it ended (at the other's frontier, or at the end of the whole list).
   */
  const take = (page: ListPage, own: Side): boolean => {
    const list = own === 'desc' ? desc : asc;
    let met = page.data.length === 0 || !page.has_more;
    let previous = list[list.length - 1];
    for (const a of page.data) {
      if (previous && (own === 'desc' ? a.created_at > previous.created_at : a.created_at < previous.created_at)) disordered = true;
      previous = a;
      const seenBy = side.get(a.id);
      if (seenBy && seenBy !== own) met = true;
      if (!seenBy) {
        side.set(a.id, own);
        list.push(a);
      }
    }
    const last = page.data[page.data.length - 1];
    if (last) {
      if (own === 'desc') descAfter = last.id;
      else ascAfter = last.id;
    }
    return met;
  };
  const page = (order: Side): Promise<ListPage> => {
    const after = order === 'desc' ? descAfter : ascAfter;
    const other = order === 'desc' ? ascAfter : descAfter;
    // `before` alone means "the page nearest it" to the API, so a frontier bounds a page only
    // once this cursor has its own `after`.
    return request(fetchPage, { limit: PAGE_SIZE, order, ...(after ? { after } : {}), ...(after && other ? { before: other } : {}) });
  };
  const pair = (): Promise<[ListPage, ListPage]> => askedAhead(() => Promise.all([page('desc'), page('asc')]));

  const first = await page('desc');
  let met = take(first, 'desc');
  let next = met ? undefined : pair();
  onPage(first);
  let startsAsc = true;
  while (next) {
    const [d, a] = await next;
    // The oldest item cannot be on the first desc page, which said more were older.
    if (startsAsc && a.data[0] && first.data.some((f) => f.id === a.data[0]!.id)) disordered = true;
    startsAsc = false;
    // Both are taken (not `||`): each records its page and frontier.
    const metDesc = take(d, 'desc');
    const metAsc = take(a, 'asc');
    met = metDesc || metAsc;
    checkListingEnds(side.size, !met, what);
    next = met || disordered ? undefined : pair();
    onPage(d);
    onPage(a);
  }
  if (disordered) return undefined;
  // Oldest first: the asc side in its order, then the desc side reversed.
  return oldestFirst([...asc, ...desc.reverse()]);
}

/** Stable by created_at, so the host's order among equal timestamps is kept. */
function oldestFirst(list: ListItem[]): ListItem[] {
  return list.map((a, i) => ({ a, i })).sort((x, y) => x.a.created_at - y.a.created_at || x.i - y.i).map((x) => x.a);
}
