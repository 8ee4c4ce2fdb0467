// A plan of 10,000 definitions ended some 200 ms after its last page arrived, and most of that was
// planning each definition beside the live resource that carries its key: a pure function of the
// pair (change.ts). The pairs are planned here ahead of the plan, while pages are awaited, and the
// plan takes each one it matched the same way; after the last page only that page's pairs remain.
// Matching itself (duplicates, pins, renames, namespaces, adoption) needs every live resource, so
// it stays in the plan, which decides which pair is planned: a pair planned ahead and not matched
// is never used. What it looks up is indexed here as each page arrives (match-index.ts).
import type { Definition, LiveResource } from '../model/definition.js';
import type { PlanChange } from '../model/plan.js';
import { Backlog } from '../util/event-loop.js';
import { lazyObject } from '../util/lazy.js';
import { planDesired, type Rules } from './change.js';
import type { NormalizedSpecs } from './normalized.js';
import { MatchIndex } from './match-index.js';

/** `planDesired(desired, live, rules)` of each pair the match did not move, made once. */
export class PlannedPairs {
  /** By live resource: the definition it was planned with, and the change. */
  // A Map, not a WeakMap, as NormalizedSpecs' (normalized.ts): the live resources live as long.
  private readonly made = new Map<LiveResource, { desired: Definition; change: PlanChange }>();
  /** This run's definitions and the live resources listed so far, as matching looks them up. */
  readonly index: MatchIndex;
  /**
   * Each definition's source hash by key (Plan.definitions of a plan of every key), made at its
   * first read (lazy.ts lazyObject), and redacted then (util/redact.ts): only a JSON document,
   * `--out`, an apply and an empty `--prune`'s suggestion read it. Made with the definitions, it
   * was one slice of 30–60 ms of a plan of 10,000 (15–35 ms to make, 10–12 to redact) while
   * the listing's last pages waited to be read, in a run that showed none of it.
   */
  readonly sourceHashes: Record<string, string>;
  private readonly backlog = new Backlog<LiveResource>((live) => this.tryAhead(live));
  private stopped = false;
  /**
   * The rules every pair here is planned by: the normalized specs' kind and provider, and no
   * retention (a retained resource's versions are read after the listing, so its pair cannot be
   * planned ahead).
   */
  readonly rules: Rules;

  constructor(
    readonly normalized: NormalizedSpecs,
    /** The run's definitions, and its namespace: the live resources whose marker names it and a defined key are planned ahead. */
    desired: readonly Definition[],
    private readonly namespace: string,
    /** Told of each change planned ahead, for more work on it while there is time (redaction). */
    private readonly madeAhead?: (made: PlanChange) => void,
  ) {
    this.rules = { kind: normalized.kind, provider: normalized.provider, normalized };
    this.index = new MatchIndex(desired, namespace);
    this.sourceHashes = lazyObject<Record<string, string>>((hashes) => {
      for (const d of desired) hashes[d.key] = d.sourceHash;
    });
  }

  /** The change of `desired` beside `live` when the match pairs them without a move: the same object for the same pair. */
  of(desired: Definition, live: LiveResource): PlanChange {
    const planned = this.made.get(live);
    if (planned?.desired === desired) return planned.change;
    const change = planDesired(desired, live, this.rules);
    this.made.set(live, { desired, change });
    return change;
  }

  /** A page of the listing: indexed now (a map entry an item), its pairs planned from the event loop's next turn on. */
  later(page: readonly LiveResource[]): void {
    this.index.add(page);
    if (!this.stopped) this.backlog.add(page);
  }

  /**
   * The listing has ended, and the plan plans what is left now: nothing more is planned ahead (a
   * listing that ends before the definitions load leaves no time to plan in).
   */
  stop(): void {
    this.stopped = true;
    this.backlog.clear();
  }

  /**
   * Plans `live` beside the definition of the key its marker names in this namespace, the pair the
   * match makes unless it finds another copy of the key to keep; a pin to another resource is the
   * match's to resolve. A pair that cannot be planned is left to the plan, which reports it in order.
   */
  private tryAhead(live: LiveResource): void {
    if (live.namespace !== this.namespace || live.key === null) return;
    const desired = this.index.byKey.get(live.key);
    if (!desired || (desired.id !== undefined && desired.id !== live.id)) return;
    try {
      this.madeAhead?.(this.of(desired, live));
    } catch {
      // The plan plans it again and fails there with its own message.
    }
  }
}
