// Normalizing both sides is most of what planning costs at scale, and it is pure: each spec is
// normalized once, and a run with time on its hands normalizes ahead of the plan. A plan of 10,000
// definitions waits seconds for the listing after they have loaded, and a page of the listing
// waits for the next: the definitions are normalized then, and each page as it arrives.
// A definition and its live copy mostly normalize alike (every unchanged resource of a plan):
// the second of the two to be normalized takes the first one's object (`alikeOf`), so a plan keeps,
// and redacts ahead (util/redact.ts walks an object once), one normalized form of such a pair,
// not two: at 10,000 assistants, 10,000 redaction walks and the ~5 objects of each form fewer.
import type { ResourceKind } from '../backends/backend.js';
import type { NormalizedSpec, Spec } from '../model/definition.js';
import { valueAt, type Json } from '../model/json.js';
import { Backlog, turnTaker } from '../util/event-loop.js';

/** `kind.normalize(spec, provider)` of each spec object, made once. */
export class NormalizedSpecs {
  // A Map, not a WeakMap: every spec given is kept by its definition or live resource for the
  // run anyway, and a weak map's entries are ephemerons, which each of V8's collections of the
  // young generation must trace apart (20,000 specs at 10,000, normalized while pages arrive).
  private readonly made = new Map<Spec, NormalizedSpec>();
  /** Specs given to `later`, not normalized yet. */
  private readonly backlog = new Backlog<Spec>((spec) => this.tryOf(spec));
  /**
   * The forms made so far by their name (the kind's `paths.name`), to find one made alike before:
   * the one form of a name, or the last BUCKET of a name several have.
   */
  private readonly byName = new Map<string, NormalizedSpec | NormalizedSpec[]>();

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
      normalized = this.alikeOf(this.kind.normalize(spec, this.provider));
      this.made.set(spec, normalized);
    }
    return normalized;
  }

  /**
   * A form made before that is `normalized` member for member (same keys in the same order, the
   * same values: alike), else `normalized` itself, kept to be found. Looked for among the last
   * forms of its name, and compared first by their instructions (the kind's `paths.instructions`):
   * a definition and its live copy hold one string there (util/shared-text.ts), so comparing their
   * texts is comparing one string with itself. Forms alike show and write the same JSON, and
   * nothing changes a form once made, so either object serves for both.
   */
  private alikeOf(normalized: NormalizedSpec): NormalizedSpec {
    const { paths } = this.kind;
    const name = valueAt(normalized, paths.name);
    if (typeof name !== 'string') return normalized;
    const kept = this.byName.get(name);
    if (kept === undefined) {
      this.byName.set(name, normalized);
      return normalized;
    }
    const text = valueAt(normalized, paths.instructions);
    // A form is an object, never an array: one form alone is kept as itself, without a list.
    const forms = Array.isArray(kept) ? kept : [kept];
    for (const made of forms) if (valueAt(made, paths.instructions) === text && alike(made, normalized)) return made;
    if (forms.push(normalized) > BUCKET) forms.shift();
    if (forms !== kept) this.byName.set(name, forms);
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

/** The most forms kept under one name, the oldest dropped first: many resources of one name cost a few comparisons each, never many. */
const BUCKET = 4;

/**
 * Whether `a` and `b` are the same JSON written the same way: objects of one prototype with the
 * same own keys in the same order, arrays of the same length, and the same values (Object.is, so
 * `0` and `-0` are not alike). Stricter than sameJson, whose canonical equality lets two values
 * that print differently (`{a: 1, b: 2}` and `{b: 2, a: 1}`) compare the same.
 */
function alike(a: Json | undefined, b: Json | undefined): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!alike(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b) || Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  const keys = Object.keys(a);
  const others = Object.keys(b);
  if (keys.length !== others.length) return false;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (key !== others[i] || !alike(a[key], b[key])) return false;
  }
  return true;
}
