// Normalizing both sides is most of what planning costs at scale, and it is pure: each spec is
// normalized once, and a run with time on its hands normalizes ahead of the plan. A plan of 10,000
// definitions waits seconds for the listing after they have loaded, and a page of the listing
// waits for the next: the definitions are normalized then, and each page as it arrives.
import type { ResourceKind } from '../backends/backend.js';
import type { NormalizedSpec, Spec } from '../model/definition.js';
import { Backlog, turnTaker } from '../util/event-loop.js';

/** `kind.normalize(spec, provider)` of each spec object, made once. */
export class NormalizedSpecs {
  // A Map, not a WeakMap: every spec given is kept by its definition or live resource for the
  // run anyway, and a weak map's entries are ephemerons, which each of V8's collections of the
  // young generation must trace apart (20,000 specs at 10,000, normalized while pages arrive).
  private readonly made = new Map<Spec, NormalizedSpec>();
  /** Specs given to `later`, not normalized yet. */
  private readonly backlog = new Backlog<Spec>((spec) => this.tryOf(spec));

  constructor(
    readonly kind: ResourceKind,
    /** The provider whose host rules normalize (the plan target's). */
    readonly provider: string,
    /** Told of each spec normalized ahead, for more work on it while there is time. */
    private readonly madeAhead?: (normalized: NormalizedSpec) => void,
  ) {}

  /** The normalized form of `spec`: the same object for the same spec object (a spec is never changed once read). */
  of(spec: Spec): NormalizedSpec {
    let normalized = this.made.get(spec);
    if (normalized === undefined) {
      normalized = this.kind.normalize(spec, this.provider);
      this.made.set(spec, normalized);
    }
    return normalized;
  }

  /** Normalizes `specs` now, giving the event loop turns as it goes (the listing's responses wait for them). */
  async ahead(specs: readonly Spec[]): Promise<void> {
    const turns = turnTaker();
    for (const spec of specs) {
      this.tryOf(spec);
      if (turns.due()) await turns.take();
    }
  }

  /**
   * Normalizes `specs` from the event loop's next turn on: a listing's page is handed over here
   * before the request for the next page has gone out, which must not wait for this.
   */
  later(specs: readonly Spec[]): void {
    this.backlog.add(specs);
  }

  /** Ahead of the plan, a spec that cannot be normalized is left for the plan, which reports it. */
  private tryOf(spec: Spec): void {
    try {
      this.madeAhead?.(this.of(spec));
    } catch {
      // The plan normalizes it again and fails there, in order, with its own message.
    }
  }
}
