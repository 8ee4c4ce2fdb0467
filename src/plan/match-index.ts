// What matching looks up, indexed as the listing's pages arrive. A plan of 10,000 spent some 50 ms
// of CPU after the listing's last page building maps of every live resource (by id, by marker, by
// legacy marker) and of every definition, in code that runs once and is never optimized: the
// listing's pages arrive seconds apart, so each is indexed on arrival (a map entry an item), and the
// definitions once they are loaded. Matching (match.ts) stays a pure function of the definitions
// and the live list: it takes an index only when the index holds exactly that list's resources
// (holds), and gives the same matches, in the same order, as without one.
import { FROM_ITS_PAGES, type Listing } from '../backends/backend.js';
import type { Definition, LiveResource } from '../model/definition.js';
import { twinSets, type CopyDifference } from './copies.js';

/** The definitions and live resources of a plan by what matching looks them up by, filled page by page. */
export class MatchIndex {
  /** Each live resource read by id: the first read of an id (pages where the cursors met repeat ids). */
  readonly byId = new Map<string, LiveResource>();
  /** Copies carrying the legacy marker (no namespace) by key. */
  readonly legacy = new Map<string, LiveResource[]>();
  /** The definitions by key. */
  readonly byKey: ReadonlyMap<string, Definition>;
  /** Of each key `namespace` marks, its copies in sets of twins (copies.ts twinSets): one copy until a second arrives. */
  private readonly sets = new Map<string, LiveResource[][]>();
  /** The keys `namespace` marks on more than one copy, with every copy: their sets are made by the plan's comparison (ownSets). */
  private readonly crowded = new Map<string, LiveResource[]>();
  /** The listing whose pages this index was handed, when its backend vouches for it as exactly theirs (listed). */
  private vouched: Listing | undefined;

  constructor(
    /** The run's definitions: the very array the plan is given. */
    readonly desired: readonly Definition[],
    /** The run's namespace: the marker whose copies are grouped by key. */
    readonly namespace: string,
  ) {
    this.byKey = new Map(desired.map((d) => [d.key, d]));
  }

  /** A page of the listing, as it arrives (an id read before is not read again). */
  add(page: readonly LiveResource[]): void {
    for (const live of page) {
      if (this.byId.has(live.id)) continue;
      this.byId.set(live.id, live);
      if (live.key === null) continue;
      if (live.namespace === null) {
        const copies = this.legacy.get(live.key);
        if (copies) copies.push(live);
        else this.legacy.set(live.key, [live]);
      } else if (live.namespace === this.namespace) {
        const first = this.sets.get(live.key);
        if (!first) this.sets.set(live.key, [[live]]);
        else this.crowded.set(live.key, [...(this.crowded.get(live.key) ?? first.flat()), live]);
      }
    }
  }

  /**
   * The listing whose every page, and no other, this index was handed (`add`) has ended with
   * `listing`: when its backend vouches for it as exactly those pages' resources (FROM_ITS_PAGES),
   * `holds` takes that very array without looking each of its resources up (10,000 look-ups after
   * a plan's last page, 1–2 ms); else this is nothing.
   */
  listed(listing: Listing): void {
    this.vouched = listing[FROM_ITS_PAGES] === true ? listing : undefined;
  }

  /** Whether this index holds `desired` and exactly the resources of `live` (the same objects), and nothing else. */
  holds(desired: readonly Definition[], live: readonly LiveResource[]): boolean {
    if (desired !== this.desired || live.length !== this.byId.size) return false;
    // Vouched for: for each id, the first object the pages showed, as `add` keeps it.
    if (live === this.vouched) return true;
    for (const l of live) if (this.byId.get(l.id) !== l) return false;
    return true;
  }

  /**
   * The copies `namespace` marks by key, each key's in sets of twins by `differ` (the plan's
   * comparison), keys in the order their first copy arrived (match.ts orders what it reports by
   * the live list). Not to be changed by the caller.
   */
  ownSets(differ: CopyDifference): ReadonlyMap<string, LiveResource[][]> {
    for (const [key, copies] of this.crowded) this.sets.set(key, twinSets(copies, differ));
    return this.sets;
  }
}
