// Reading every live resource with a list endpoint, 100 a page. Pages are sequential along one
// cursor, so latency bounds a plan; two cursors walked concurrently, `desc` from the newest and
// `asc` from the oldest, cover the list in fewer round trips until they meet.
//
// The walk, and what it costs (P = 100, the largest page the API allows):
//   1. One `desc` page alone. If it holds everything (has_more false) the walk is over, so an
//      empty or small list costs one request. But when the caller expects more than a page
//      (`expected`: more definitions found than a page holds) before that page arrives, the first
//      `asc` page is asked for then, not a round trip later: a request more if the list turns out
//      to fit in a page, a round trip less otherwise (~50 ms of a 10,000-item listing's 2.6 s).
//   2. Both cursors, each on its own: the next `desc` page and the first `asc` page are asked for
//      together, and from then on each cursor asks for its next page as soon as its own arrives,
//      never waiting for the other's (pairs asked for together waited for the slower page every
//      round trip, a few milliseconds each, more while the main thread was busy). Once a cursor
//      has its own `after`, its page is bounded by the other's frontier as of the asking
//      (`before`), so neither reads far into what the other has read. The cursors have met when
//      a page holds an id the other side has seen or a page ends (has_more false); then neither
//      asks again, and a page still on its way holds nothing unread.
// Latency is what a listing costs, so a cursor asks even where its full page could not tell
// whether the gap between the cursors is empty: the next page may find nothing rather than wait
// for the other cursor's page first (a round trip more).
// Every page but the last of each cursor is a full page of items not read before, so requests
// are at most ⌊N/100⌋ + 2 for N > 100 (two more than ⌈N/100⌉ at worst), at least ⌈N/100⌉; round
// trips about ⌈N/200⌉ + 1 when the two cursors keep the same pace. Which page arrives first
// decides the count within those bounds. One round trip and one request for N ≤ 100 (two when
// more than a page was expected).
// E.g. N = 0 → 1 request, 100 → 1, 101 → 3, 300 → at most 5, 1000 → 10 to 12 (6 round trips),
// 10 000 → 100 to 102 (51 round trips).
// No walk of two cursors does with fewer than ⌊N/200⌋ + 1 round trips (51 at 10,000, one more than
// ⌈N/200⌉ where N is a multiple of 200). A page says only its items, its own first_id and last_id,
// and has_more (openai-openapi ListAssistantsResponse); an id is a place in the list, not a count
// (listAssistants `after`, `before`). So the walk knows it has everything only from a page that
// ends (has_more false) or that holds an id the other cursor read. Each cursor's page of a round
// trip is asked for before the other's page of that round trip arrives, bounded by the other's
// frontier a round trip old; with M items left unread at the start of the round trip, both pages
// are full and share no id when M ≥ 200, so that round trip cannot end the walk; when M < 200 the
// two pages overlap or one ends. At 10,000 the 50th round trip starts with exactly 200 unread
// (items 4,901–5,100 of the oldest-first order): its pages hold 4,901–5,000 and 5,001–5,100, which
// look the same as two pages with items between them, and the 51st page shows there are none.
// That holds for a list that changes during the walk too: only what a page says ends it.
// Where a host cannot order (profile flag `canOrder`), or its pages turn out not to be in the
// order asked for, one cursor walks `after` until has_more is false: ⌈N/100⌉ requests (1 for
// N = 0), after whatever the abandoned two-cursor walk spent. So does a list read oldest first
// along one cursor (Walk `'asc'`), each page asked with `order=asc`.
// Each walk asks for its next pages before it hands over the ones it has (`onPage`): what the
// caller does with a page (reading it into live resources, normalizing ahead) then runs while the
// next ones are on their way, not between a page's arrival and the next request, where it made
// every round trip of a 10,000-item listing a few milliseconds longer. Earlier still, a cursor
// asks from a page's tail (`last_id`, `has_more` at the end of its text: pageTail) as soon as the
// page has arrived, before the SDK parses it (~2 ms of 100 assistants: joining the text, JSON.parse,
// the SDK's handling), when the tail shows the page read whole would ask the same: then the
// requests are the ones above, each sent sooner. A page that does not bear its tail out has its
// ahead page cancelled, and the walk reads page by page from then on. What the walk asks for, the
// pages' fetcher may have built already (list-pages.ts builds a cursor's next request while its
// page is on its way): the walk sees only the requests it asks for.
import { BackendError, type Expected } from '../backend.js';
import { sameJson } from '../../model/canonical.js';
import { plural } from '../../util/words.js';
import { headText } from '../../util/value-text.js';
/** An item of a list page: what the walk reads of it. */
export interface ListItem {
  id: string;
  created_at: number;
}

/** ListItem's fields with their JSON types, as each page's items are checked (answer-shape.ts). */
export const LIST_ITEM_FIELDS = { id: 'string', created_at: 'number' } as const;

const PAGE_SIZE = 100;

/**
 * A listing that has read this many items and is still told there are more is cut off: ten times
 * the largest fleet the benchmark lists (10,000), 1,000 pages of 100. A host whose every page
 * holds new ids and says has_more (a broken gateway or proxy, a server that ignores `after`) would
 * otherwise be paged forever, and a plan or apply behind it would wait until CI killed the job.
 */
export const MAX_LISTED = 100_000;

/**
 * Throws, for `what` (`listing agents`), when the host still says there are more (`hasMore`) but
 * the listing cannot end: `listed` items have been read (MAX_LISTED), or the page just read held
 * nothing its cursor had not read (`advanced` false: a page repeated whatever `after` asked, the
 * same cursor again, an empty page). Asking again would get that page forever, and stopping there
 * would take part of the list for the whole (a plan over it creates what exists). A BackendError
 * of kind `server`, saying so and what to check.
 */
export function checkListingEnds(listed: number, hasMore: boolean, what: string, advanced = true): void {
  if (!hasMore || (advanced && listed < MAX_LISTED)) return;
  const fix = 'check that the endpoint is the API itself and that it honours `after`; a gateway or proxy in between may answer every page with more';
  const why = advanced ? `the server still says has_more); aac reads at most ${MAX_LISTED}:` : 'the server still says has_more, but its last page held nothing new: it does not advance past `after`);';
  throw new BackendError('server', `${what}: the listing did not end after ${listed} ${plural(listed, 'item', 'items')} (${why} ${fix}`, { fix });
}

/** The longest id a listing's error quotes whole (a host's text can be long); a longer one is cut, with how much was left out. */
const ID_SHOWN_MAX = 100;

/**
 * An id a walk's pages listed twice, the two copies not the same JSON (sameJson). Between two reads
 * of one list a resource may have been changed (a write landed between the page that showed it
 * first and the one that showed it again: the two cursors' pages overlap where they meet), so the
 * first walk's is read again, once (listEverything); the same on that walk is the error, of kind
 * `server`: one of the copies is not what the host holds, and a plan over either may change or
 * keep the wrong thing. The sources promise one list (a cursor is an id, a place in it:
 * openai-openapi listAssistants `after`), never one id twice with two contents.
 */
class TwoCopies extends BackendError {}

/** Nothing when `later` is the same JSON as `first`, the copy of its id read before; throws TwoCopies for `what` (`listing assistants`) otherwise. */
function checkSameCopy(first: ListItem, later: ListItem, what: string): void {
  if (sameJson(first, later)) return;
  const id = headText(later.id, ID_SHOWN_MAX);
  const fix = 'if the list was being changed meanwhile (an apply, a person), run again once that is done; otherwise check that the endpoint is the API itself: a gateway or proxy in between may mix the pages of two lists';
  throw new TwoCopies('server', `${what}: the server listed '${id}' twice with different contents, on two reads of the whole list in a row: its pages do not hold one list; ${fix}`, { fix });
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

/**
 * One page; `signal` cancels it when the walk no longer needs it (the cursors met while it was on
 * its way). `onBodyEnd`, when the page is whole and before it is parsed, is given the end of its
 * text (http-fetch.ts BODY_END_CHARS), where pageTail reads the next cursor.
 */
export type FetchPage = (query: PageQuery, signal?: AbortSignal, onBodyEnd?: (end: string) => void) => Promise<ListPage>;

/** What a page's text says at its end, read before the page is parsed: the id its cursor goes on from (null for an empty page) and whether more follow. */
export interface PageTail {
  lastId: string | null;
  hasMore: boolean;
}

// A page that closes with `"last_id": …, "has_more": …}`, as the list pages of the Assistants API
// (openai-openapi ListAssistantsResponse: object, data, first_id, last_id, has_more) and of the
// Agents API (openai-agents AGENTS-API.md "Page", the same five keys) are written. Foundry
// classic's (azure-foundry classic-agents-v1.json GET /assistants 200) lists data, last_id
// (optional), has_more; no source says in which order a host sends them, so a page that ends
// otherwise is read whole first, as before. An id with an escape in it is not read here. Anchored
// at the text's end, one closing brace: the fields of the outermost object, never of an item in `data`.
const TAIL = /"last_id"\s*:\s*(?:null|"([^"\\]*)")\s*,\s*"has_more"\s*:\s*(true|false)\s*\}\s*$/;

/**
 * The tail of a list page read from the end of its text, or undefined when the text does not end
 * with `last_id` then `has_more` (another order of fields, or not a page): the page is then read
 * whole before its next one is asked for. The spec files say last_id is the id of the page's last
 * item; a walk trusts a tail only while the page read whole bears it out.
 */
export function pageTail(end: string): PageTail | undefined {
  const m = TAIL.exec(end);
  return m ? { lastId: m[1] ?? null, hasMore: m[2] === 'true' } : undefined;
}

/**
 * Told of every page the walk reads (an abandoned walk's included), once the next request is out.
 * `again`: the page is of a walk begun again (a cursor's item deleted mid-walk, or two cursors
 * given up for one when the host's pages were not in the order asked for), so the pages handed
 * over before it are not all the result's. While no page came `again`, the result holds, for each
 * id its pages showed, the item of the first page that showed it (the very object), each once,
 * and nothing else (Backend.listAll's FROM_ITS_PAGES rests on this).
 */
export type OnPage = (page: ListPage, again: boolean) => void;

/** A walk's own hand-over of each page it reads: OnPage with whether the walk is one begun again already said. */
type HandOver = (page: ListPage) => void;

/**
 * A page asked for ahead (`fetch()`), whose rejection is handled by whoever awaits it, not by no
 * one if the walk stops first.
 */
function askedAhead<T>(fetch: () => Promise<T>): Promise<T> {
  const p = fetch();
  p.catch(() => undefined);
  return p;
}

/**
 * A page asked for, and the next page of its cursor when that was asked for from this page's
 * tail, before this page was read (`ahead`). Where a page arrives, parsing it (about 1 ms for 100
 * assistants) and the SDK's handling of the answer no longer stand between it and the next request.
 */
interface Asked {
  page: Promise<ListPage>;
  ahead?: { tail: PageTail; asked: Asked };
  /** Whether the page has arrived whole (its tail was offered to `whole`), read or not. */
  arrived: boolean;
  /** Cancels this page alone (an ahead page its own page did not bear out). */
  cancel: AbortController;
}

/**
 * The pages a walk has asked for and not yet got, each with the controller that cancels it: alone
 * (an ahead page not borne out), or all at once by `abort()` when the walk no longer needs them.
 * Each page's signal is its own controller's, where it was `AbortSignal.any` of the page's and the
 * walk's: that took ~40–60 µs a page on the benchmark's machine, between a page's tail and the
 * next request, and left each page's signal registered on the walk's until a collection.
 */
class OnTheirWay {
  private readonly open = new Set<AbortController>();
  private aborted = false;

  /** A controller for a page about to be asked for: aborted at once when the walk has ended. */
  controller(): AbortController {
    const cancel = new AbortController();
    if (this.aborted) cancel.abort();
    else this.open.add(cancel);
    return cancel;
  }

  /** The page of `cancel` has been got or has failed: the walk's end no longer concerns it. */
  settled(cancel: AbortController): void {
    this.open.delete(cancel);
  }

  /** Cancels every page still on its way, and any asked for from now on. */
  abort(): void {
    this.aborted = true;
    for (const cancel of this.open) cancel.abort();
    this.open.clear();
  }
}

/**
 * Asks for one page, cancelled with the pages `unneeded` holds. `whole(tail)`, told when the page
 * has arrived whole and before it is parsed (with its tail, when the text's end holds one), answers
 * the next page it asked for at once, or undefined to wait for the page to be read (the walk may end there).
 */
function ask(fetchPage: FetchPage, query: PageQuery, unneeded: OnTheirWay, whole: (tail: PageTail | undefined) => Asked | undefined): Asked {
  const cancel = unneeded.controller();
  const asked: Asked = { page: undefined as unknown as Promise<ListPage>, arrived: false, cancel };
  const onBodyEnd = (end: string) => {
    asked.arrived = true;
    const tail = pageTail(end);
    const next = whole(tail);
    if (tail && next) asked.ahead = { tail, asked: next };
  };
  asked.page = askedAhead(() => fetchPage(query, cancel.signal, onBodyEnd));
  const settled = () => unneeded.settled(cancel);
  asked.page.then(settled, settled);
  return asked;
}

/**
 * The page asked for after `got`, the page `asked` brought: its ahead page when `got` bears out
 * the tail it was asked from (the same last id, the same has_more), else undefined (the caller
 * asks now). An ahead page not borne out is cancelled, and `distrust()` told: a host whose tails
 * do not say what its pages hold is read a page at a time from then on.
 */
function aheadOf(asked: Asked, got: ListPage, distrust: () => void): Asked | undefined {
  const ahead = asked.ahead;
  if (!ahead) return undefined;
  if ((got.data[got.data.length - 1]?.id ?? null) === ahead.tail.lastId && got.has_more === ahead.tail.hasMore) return ahead.asked;
  ahead.asked.cancel.abort();
  distrust();
  return undefined;
}

/** The most requests a two-cursor walk of n items makes (see above): ⌊n/100⌋ + 2, one for n ≤ 100. */
export function twoCursorRequests(n: number): number {
  return n <= PAGE_SIZE ? 1 : Math.floor(n / PAGE_SIZE) + 2;
}

/** The requests a one-cursor walk of n items makes: ⌈n/100⌉, one for an empty list; for the benchmark's bound. */
export function oneCursorRequests(n: number): number {
  return Math.max(1, Math.ceil(n / PAGE_SIZE));
}

/**
 * How a walk reads a list. `true`: the host honours `order` (profile flag `canOrder`), so two
 * cursors, falling back to one if its pages say otherwise. `false`: one cursor, no `order` sent,
 * in the host's own order (a list whose items have no `created_at` to check an order by: Foundry's
 * AgentObject). `'asc'`: one cursor, `order=asc` on every page, for a list read whole oldest first
 * where items made in the same second stand in the host's order of making (Foundry's versions of
 * one agent, [Y] Agents_listAgentVersions `order`: "Sort order by the `created_at` timestamp").
 */
export type Walk = boolean | 'asc';

/**
 * Every item, oldest first, each once, read as `how` says; each page read is handed to `onPage`
 * (OnPage, which says whether its walk was begun again). `what` names the listing in errors
 * (`listing assistants`). Throws checkListingEnds' error when the host never says the list has ended.
 */
export async function listEverything(fetchPage: FetchPage, how: Walk, what: string, onPage: OnPage = () => undefined, expected?: Expected): Promise<ListItem[]> {
  const again: HandOver = (page) => onPage(page, true);
  try {
    return await walk(fetchPage, how, what, (page) => onPage(page, false), again, expected);
  } catch (err) {
    // A cursor's item was deleted mid-walk (by a person, or a concurrent apply): the host no
    // longer knows the id. Or an id was listed twice, its copies different: changed between the
    // two reads. The list changed under us, so read it again, once.
    const cursorGone = err instanceof BackendError && err.kind === 'invalid' && (err.details.param === 'after' || err.details.param === 'before');
    if (!cursorGone && !(err instanceof TwoCopies)) throw err;
    return walk(fetchPage, how, what, again, again, expected);
  }
}

/** One walk, its pages handed to `onPage`; those of one cursor walked after two were given up, to `again`. */
async function walk(fetchPage: FetchPage, how: Walk, what: string, onPage: HandOver, again: HandOver, expected: Expected | undefined): Promise<ListItem[]> {
  // A host that ignores `order` would make the cursors "meet" at once and hide the middle of
  // the list (and a plan would then create duplicates), so two cursors are trusted only while
  // every page comes back in the order asked for; otherwise the walk restarts with one.
  return (how === true ? await twoCursors(fetchPage, what, onPage, expected) : undefined) ?? oneCursor(fetchPage, what, how === true ? again : onPage, how === 'asc' ? { order: 'asc' } : {});
}

/** Along `after`, each page asked with `order` (`{ order: 'asc' }`, or none: the host's order). */
async function oneCursor(fetchPage: FetchPage, what: string, onPage: HandOver, order: Pick<PageQuery, 'order'>): Promise<ListItem[]> {
  const seen = new Map<string, ListItem>();
  let trustTails = true;
  const unneeded = new OnTheirWay();
  // Asked at once from a tail that says more follow after an id not read yet; a page that repeats one would end the walk in error.
  const pageAfter = (after?: string): Asked =>
    ask(fetchPage, { limit: PAGE_SIZE, ...order, ...(after === undefined ? {} : { after }) }, unneeded, (tail) =>
      trustTails && tail?.hasMore && tail.lastId !== null && !seen.has(tail.lastId) && seen.size + PAGE_SIZE < MAX_LISTED ? pageAfter(tail.lastId) : undefined,
    );
  let next: Asked | undefined = pageAfter();
  try {
    while (next) {
      const asked: Asked = next;
      const page = await asked.page;
      let fresh = 0;
      for (const a of page.data) {
        const first = seen.get(a.id);
        if (first === undefined) {
          seen.set(a.id, a);
          fresh++;
        } else checkSameCopy(first, a, what);
      }
      const ahead = aheadOf(asked, page, () => (trustTails = false));
      checkListingEnds(seen.size, page.has_more, what, fresh > 0);
      next = page.has_more ? (ahead ?? pageAfter(page.data[page.data.length - 1]!.id)) : undefined;
      onPage(page);
    }
  } finally {
    unneeded.abort();
  }
  return oldestFirst([...seen.values()]);
}

type Side = 'desc' | 'asc';

/** The list, or undefined when the host's pages contradict the order asked for. */
async function twoCursors(fetchPage: FetchPage, what: string, onPage: HandOver, expected: Expected | undefined): Promise<ListItem[] | undefined> {
  const desc: ListItem[] = [];
  const asc: ListItem[] = [];
  // Each id read, by where its first copy is: its side's list and its place there, as one number
  // (desc's place, asc's bitwise-negated), so that a later copy is checked against it
  // (checkSameCopy) without an object made for every item.
  const side = new Map<string, number>();
  const sideOf = (place: number): Side => (place >= 0 ? 'desc' : 'asc');
  /** The side that read `id` first, if one did. */
  const readBy = (id: string): Side | undefined => {
    const place = side.get(id);
    return place === undefined ? undefined : sideOf(place);
  };
  const firstCopy = (place: number): ListItem => (place >= 0 ? desc[place]! : asc[~place]!);
  let descAfter: string | undefined;
  let ascAfter: string | undefined;
  let disordered = false;

  /**
   * Adds a page to its side; true when the page shows the cursors have met: it holds an id the
   * other side has, or it ended (at the other's frontier, or at the end of the whole list). Throws
   * checkListingEnds' error when the page holds only ids its own side has read, and more.
   */
  const take = (page: ListPage, own: Side): boolean => {
    const list = own === 'desc' ? desc : asc;
    // The count is checked after each page is taken (walkSide); a repeated page, here.
    if (page.data.length > 0 && page.data.every((a) => readBy(a.id) === own)) checkListingEnds(side.size, page.has_more, what, false);
    let met = page.data.length === 0 || !page.has_more;
    let previous = list[list.length - 1];
    for (const a of page.data) {
      if (previous && (own === 'desc' ? a.created_at > previous.created_at : a.created_at < previous.created_at)) disordered = true;
      previous = a;
      const place = side.get(a.id);
      if (place === undefined) {
        side.set(a.id, own === 'desc' ? list.length : ~list.length);
        list.push(a);
      } else {
        if (sideOf(place) !== own) met = true;
        checkSameCopy(firstCopy(place), a, what);
      }
    }
    const last = page.data[page.data.length - 1];
    if (last) {
      if (own === 'desc') descAfter = last.id;
      else ascAfter = last.id;
    }
    return met;
  };
  // Set once a page shows the cursors have met, the order is broken, or a page failed: neither
  // cursor asks for more.
  let ended = false;
  let trustTails = true;
  /** Each side's pages that have arrived whole and are not read yet. */
  const unread: Record<Side, number> = { desc: 0, asc: 0 };
  /**
   * Whether a page's tail shows that its cursor goes on, so that the page read whole would ask
   * for the next one too: more follow, after an id neither side has read. Each side reads one run
   * of the list from its end, so a page that reaches into the other side's run ends at one of its
   * ids, as a page take() finds met does. Not while a page of the other side waits to be read: it
   * is read before this one and may meet it, which the tail cannot tell (and a page asked for
   * ahead would then be one request more than ⌊N/100⌋ + 2).
   */
  const goesOn = (tail: PageTail | undefined, own: Side): tail is PageTail & { lastId: string } =>
    trustTails && !ended && tail !== undefined && tail.hasMore && tail.lastId !== null && !side.has(tail.lastId) &&
    unread[own === 'desc' ? 'asc' : 'desc'] === 0 && side.size + PAGE_SIZE < MAX_LISTED;
  const page = (order: Side, after = order === 'desc' ? descAfter : ascAfter): Asked => {
    const other = order === 'desc' ? ascAfter : descAfter;
    // `before` alone means "the page nearest it" to the API, so a frontier bounds a page only
    // once this cursor has its own `after`.
    const query = { limit: PAGE_SIZE, order, ...(after ? { after } : {}), ...(after && other ? { before: other } : {}) };
    return ask(fetchPage, query, unneeded, (tail) => {
      unread[order] += 1;
      return goesOn(tail, order) ? page(order, tail.lastId) : undefined;
    });
  };
  /** Takes a page `asked` brought, counting it read. */
  const read = (asked: Asked, got: ListPage, own: Side): boolean => {
    if (asked.arrived) unread[own] -= 1;
    return take(got, own);
  };
  // Cancels the pages still on their way once the walk has ended: they hold nothing unread, and
  // waiting for one (asked for just before the other cursor's page showed the cursors had met)
  // cost up to a round trip.
  const unneeded = new OnTheirWay();
  const distrust = () => (trustTails = false);
  const probe = page('desc');
  // The first asc page, asked for beside the first desc page when more than a page is expected
  // before that page arrives (step 1 above).
  let ascFirst: Asked | undefined;
  let probed = false;
  void expected?.(PAGE_SIZE + 1).then(() => {
    if (!probed) ascFirst = page('asc');
  });
  const first = await probe.page.finally(() => {
    probed = true;
  }).catch((err: unknown) => {
    unneeded.abort();
    throw err;
  });
  ended = read(probe, first, 'desc');
  const walkSide = async (own: Side, next: Asked): Promise<void> => {
    let firstOfSide = true;
    for (;;) {
      const asked = next;
      const got = await asked.page.catch((err: unknown) => {
        if (ended) return undefined;
        throw err;
      });
      if (!got || ended) return;
      // The oldest item cannot be on the first desc page, which said more were older.
      if (own === 'asc' && firstOfSide && got.data[0] && first.data.some((f) => f.id === got.data[0]!.id)) disordered = true;
      firstOfSide = false;
      const met = read(asked, got, own);
      checkListingEnds(side.size, !met, what);
      ended = met || disordered;
      const ahead = aheadOf(asked, got, distrust);
      if (ended) unneeded.abort();
      else next = ahead ?? page(own);
      onPage(got);
    }
  };
  // From here each cursor asks for its next page as soon as its own is read (or its tail said
  // where it goes on): a pair of pages asked for together waited for the slower of the two every round trip.
  const descNext = ended ? undefined : (aheadOf(probe, first, distrust) ?? page('desc'));
  const sides = descNext ? [walkSide('desc', descNext), walkSide('asc', ascFirst ?? page('asc'))] : [];
  onPage(first);
  try {
    await Promise.all(sides);
  } finally {
    ended = true;
    unneeded.abort();
  }
  if (disordered) return undefined;
  // Oldest first: the asc side in its order, then the desc side reversed. Each side is in order
  // (take() found no item out of it), so the whole is unless they disagree where they join:
  // oldestFirst's check of every pair was a walk of the 10,000 items after the last page (~1 ms,
  // an item a cache miss), for what one comparison says.
  const older = desc.reverse();
  const list = [...asc, ...older];
  const joined = asc.length === 0 || older.length === 0 || !(asc[asc.length - 1]!.created_at > older[0]!.created_at);
  return joined ? list : oldestFirst(list);
}

/**
 * Stable by created_at, so the host's order among equal timestamps is kept. Items that have no
 * created_at (Foundry's AgentObject: [M] AgentObject has none, list-pages.ts checks only the
 * item shape it is given) are in no order to restore: the host's stands.
 */
function oldestFirst(list: ListItem[]): ListItem[] {
  // A walk in the host's order is in order already: sorting 10,000 items again took ~7 ms of CPU after the last page, this check under 1.
  if (list.every((a, i) => i === 0 || !(list[i - 1]!.created_at > a.created_at))) return list;
  return list.map((a, i) => ({ a, i })).sort((x, y) => x.a.created_at - y.a.created_at || x.i - y.i).map((x) => x.a);
}
