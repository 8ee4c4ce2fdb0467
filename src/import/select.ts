// Which live assistants an import looks at, and what each already is to the project.
import type { ResourceKind } from '../backends/backend.js';
import type { Definition, LiveResource } from '../model/definition.js';
import { valueAt } from '../model/json.js';
import { UserError } from '../util/errors.js';
import { globToRegExp, matchesAnyName } from '../util/glob.js';

export interface Selection {
  ids: readonly string[];
  namePatterns: readonly string[];
}

export type Candidate =
  /** Unmanaged and not pinned by any definition: gets a new file. */
  | { kind: 'new'; live: LiveResource }
  /** Already has a definition: pinned by `id:`, or managed under that definition's key. */
  | { kind: 'defined'; live: LiveResource; definition: Definition }
  /** Carries the marker of a key that no definition has (its file was deleted). */
  | { kind: 'orphan'; live: LiveResource; key: string };

export interface SelectionResult {
  candidates: Candidate[];
  /** Managed assistants not looked at because nothing selected them (default mode only). */
  managedLeftAlone: number;
}

function classify(live: LiveResource, definitions: readonly Definition[]): Candidate {
  const pinned = definitions.find((d) => d.id === live.id);
  if (pinned) return { kind: 'defined', live, definition: pinned };
  if (live.key !== null) {
    const byKey = definitions.find((d) => d.key === live.key && d.id === undefined);
    return byKey ? { kind: 'defined', live, definition: byKey } : { kind: 'orphan', live, key: live.key };
  }
  return { kind: 'new', live };
}

/**
 * Without `--id`/`--name`: every unmanaged assistant. With them: every assistant whose id is listed
 * or whose name matches a pattern, managed or not. Oldest first, so a name shared by several
 * assistants gives the plain key to the oldest one on every run.
 */
/** A live resource's display name (where the kind keeps it), or null. */
export function displayName(live: LiveResource, kind: Pick<ResourceKind, 'paths'>): string | null {
  const name = valueAt(live.spec, kind.paths.name);
  return typeof name === 'string' ? name : null;
}

export function selectResources(
  live: readonly LiveResource[],
  definitions: readonly Definition[],
  selection: Selection,
  kind: Pick<ResourceKind, 'paths' | 'nouns'>,
): SelectionResult {
  const unknown = selection.ids.filter((id) => !live.some((a) => a.id === id));
  if (unknown.length > 0) {
    throw new UserError(
      `no live ${kind.nouns.one} has the id ${unknown.map((id) => `'${id}'`).join(', ')}`,
      'check the id (aac import --dry-run lists what can be imported), or the provider and endpoint',
    );
  }
  const patterns = selection.namePatterns.map((p) => globToRegExp(p));
  const explicit = selection.ids.length > 0 || patterns.length > 0;
  const chosen = live.filter((a) =>
    explicit ? selection.ids.includes(a.id) || matchesAnyName(displayName(a, kind), patterns) : a.key === null,
  );
  chosen.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    candidates: chosen.map((a) => classify(a, definitions)),
    managedLeftAlone: explicit ? 0 : live.filter((a) => a.key !== null).length,
  };
}
