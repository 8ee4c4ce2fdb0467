// Which live assistants an import looks at, and what each already is to the project.
import type { ResourceKind } from '../backends/backend.js';
import type { Definition, LiveResource } from '../model/definition.js';
import { valueAt } from '../model/json.js';
import type { Refusal } from '../util/refusals.js';
import { globMatcher, isGlob, matchesAnyName } from '../util/glob.js';
import { closest } from '../yaml/suggest.js';
import { headText, LIVE_NAME_SHOWN } from '../util/value-text.js';
import { codeSpan } from '../util/code-span.js';

export interface Selection {
  ids: readonly string[];
  namePatterns: readonly string[];
}

export type Candidate =
  /** Unmanaged and not pinned by any definition: gets a new file. */
  | { kind: 'new'; live: LiveResource }
  /** Already has a definition: pinned by `id:`, or managed under that definition's key. */
  | { kind: 'defined'; live: LiveResource; definition: Definition }
  /**
   * Carries the marker of a key that no definition has: this namespace's (its file was deleted),
   * or the legacy marker's, which names no namespace (`live.namespace` null; a pin adopts it).
   */
  | { kind: 'orphan'; live: LiveResource; key: string }
  /**
   * Managed by another namespace: never imported, rewritten or offered for --force (aac never
   * touches what another namespace manages). `pinnedBy`: a definition here that pins it anyway.
   */
  | { kind: 'foreign'; live: LiveResource; namespace: string; pinnedBy?: Definition };

/** Marked resources that no selection looked at, by owner (default mode only; all zero otherwise). */
export interface ManagedLeftAlone {
  /** Marked by the run's namespace. */
  namespace: number;
  /** Marked by other namespaces: each one and how many, sorted by namespace. */
  otherNamespaces: Array<{ namespace: string; count: number }>;
  /** Marked by the legacy `aac:key` marker, which names no namespace. */
  legacy: number;
}

export interface SelectionResult {
  candidates: Candidate[];
  managedLeftAlone: ManagedLeftAlone;
  /**
   * What `--id` and `--name` asked for and is not there to import: an id of aac's lock object, ids
   * no live resource has, each pattern that matches none. The run refuses with them and every
   * other problem of what it would write (commands/import-run.ts); [] when all were found.
   */
  refusals: Refusal[];
}

/** What `live` is to the definitions of `namespace`, the namespace the run imports into. */
function classify(live: LiveResource, definitions: readonly Definition[], namespace: string): Candidate {
  const pinned = definitions.find((d) => d.id === live.id);
  if (live.namespace !== null && live.namespace !== namespace) {
    return { kind: 'foreign', live, namespace: live.namespace, ...(pinned ? { pinnedBy: pinned } : {}) };
  }
  if (pinned) return { kind: 'defined', live, definition: pinned };
  if (live.key !== null) {
    const byKey = definitions.find((d) => d.key === live.key && d.id === undefined);
    return byKey ? { kind: 'defined', live, definition: byKey } : { kind: 'orphan', live, key: live.key };
  }
  return { kind: 'new', live };
}

/** The marked resources among `live`, counted by owner relative to `namespace`. */
function countManaged(live: readonly LiveResource[], namespace: string): ManagedLeftAlone {
  const others = new Map<string, number>();
  let own = 0;
  let legacy = 0;
  for (const a of live) {
    if (a.key === null) continue;
    if (a.namespace === null) legacy++;
    else if (a.namespace === namespace) own++;
    else others.set(a.namespace, (others.get(a.namespace) ?? 0) + 1);
  }
  const otherNamespaces = [...others].sort(([a], [b]) => (a < b ? -1 : 1)).map(([ns, count]) => ({ namespace: ns, count }));
  return { namespace: own, otherNamespaces, legacy };
}

/** How many resources a `ManagedLeftAlone` counts. */
export function managedTotal(m: ManagedLeftAlone): number {
  return m.namespace + m.legacy + m.otherNamespaces.reduce((sum, o) => sum + o.count, 0);
}

/** A live resource's display name (where the kind keeps it), or null. */
export function displayName(live: LiveResource, kind: Pick<ResourceKind, 'paths'>): string | null {
  const name = valueAt(live.spec, kind.paths.name);
  return typeof name === 'string' ? name : null;
}

/** How many unmanaged names an error lists before `…`. */
const NAMES_SHOWN = 5;

/** `name` made printable by `shown` (credentials redacted whole before it is cut), then cut after LIVE_NAME_SHOWN characters. */
function cutName(name: string, shown: (name: string) => string): string {
  return headText(shown(name), LIVE_NAME_SHOWN);
}

/**
 * A selection that matches nothing, as a refusal: `lead` says what was asked and found nothing,
 * then in brackets what there is to import (how many unmanaged resources and the first few names),
 * and the hint the closest name when `typed` is close to one, else `hint`. `shown` makes a live name
 * printable (escaped, credentials redacted).
 */
function matchedNothing(
  what: { lead: string; typed?: string; hint: string },
  live: readonly LiveResource[],
  kind: Pick<ResourceKind, 'paths' | 'nouns'>,
  shown: (name: string) => string,
): Refusal {
  const { one, many } = kind.nouns;
  const unmanaged = live.filter((a) => a.key === null);
  const names = unmanaged.map((a) => displayName(a, kind)).filter((n): n is string => n !== null && n !== '');
  const count = unmanaged.length;
  const listed = names.slice(0, NAMES_SHOWN).map((n) => `'${cutName(n, shown)}'`).join(', ') + (names.length > NAMES_SHOWN ? ', …' : '');
  const there = count === 0 ? `there are no unmanaged ${many}` : `there ${count === 1 ? `is 1 unmanaged ${one}` : `are ${count} unmanaged ${many}`}${listed ? `: ${listed}` : ''}`;
  const guess = what.typed === undefined ? undefined : closest(what.typed, names);
  return { message: `${what.lead} (${there})`, hint: guess !== undefined ? `did you mean --name '${cutName(guess, shown)}'?` : what.hint };
}

/**
 * Without `--id`/`--name`: every unmanaged resource. With them: every resource whose id is listed
 * or whose name matches a pattern, managed or not (another namespace's as `foreign`, left alone); an id or a pattern that matches no live
 * resource is refused (`refusals`, exit 1), as `--target` refuses one, so a typo never reads as
 * "nothing to import". Oldest first, so a name shared by several resources gives the plain key to
 * the oldest one on every run. `shown`: a live name made printable for that error; `flags`: the
 * options that chose the run's target (commands/suggest.ts runFlags), for the command it suggests;
 * `aacObjects`: aac's own objects, not in `live`, by id with what each is (lock/lock-object.ts
 * aacObjects): an --id naming one is refused saying so (`refusals`).
 */
export function selectResources(
  live: readonly LiveResource[],
  definitions: readonly Definition[],
  namespace: string,
  selection: Selection,
  kind: Pick<ResourceKind, 'paths' | 'nouns'>,
  shown: (name: string) => string = (name) => name,
  flags = '',
  aacObjects: ReadonlyMap<string, string> = new Map(),
): SelectionResult {
  const refusals: Refusal[] = [];
  const lister = codeSpan(`aac import --dry-run${flags}`);
  for (const id of selection.ids) if (aacObjects.has(id)) refusals.push({ message: aacObjects.get(id)!, hint: `leave it out of --id (${lister} lists what can be imported)` });
  const unknown = selection.ids.filter((id) => !aacObjects.has(id) && !live.some((a) => a.id === id));
  if (unknown.length > 0) {
    const lead = `no live ${kind.nouns.one} has the id ${unknown.map((id) => `'${id}'`).join(', ')}`;
    refusals.push(matchedNothing({ lead, hint: `check the id (${lister} lists what can be imported), or the provider and endpoint` }, live, kind, shown));
  }
  const patterns = selection.namePatterns.map((p) => globMatcher(p));
  selection.namePatterns.forEach((pattern, i) => {
    if (!live.some((a) => matchesAnyName(displayName(a, kind), [patterns[i]!]))) {
      refusals.push(matchedNothing({
        lead: `--name '${pattern}' matches no live ${kind.nouns.one}`,
        ...(isGlob(pattern) ? {} : { typed: pattern }),
        hint: `a pattern matches a whole name, in any case, with * and ? as wildcards (--name 'support*'); ${lister} without --id or --name lists every unmanaged ${kind.nouns.one}; or check the provider and endpoint`,
      }, live, kind, shown));
    }
  });
  const explicit = selection.ids.length > 0 || patterns.length > 0;
  const chosen = live.filter((a) =>
    explicit ? selection.ids.includes(a.id) || matchesAnyName(displayName(a, kind), patterns) : a.key === null,
  );
  chosen.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    candidates: chosen.map((a) => classify(a, definitions, namespace)),
    managedLeftAlone: countManaged(explicit ? [] : live, namespace),
    refusals,
  };
}
