// Which live assistants an import looks at, and what each already is to the project.
import type { ResourceKind } from '../backends/backend.js';
import type { Definition, LiveResource } from '../model/definition.js';
import { valueAt } from '../model/json.js';
import { UserError } from '../util/errors.js';
import { globToRegExp, isGlob, matchesAnyName } from '../util/glob.js';
import { closest } from '../yaml/suggest.js';

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

/** A live resource's display name (where the kind keeps it), or null. */
export function displayName(live: LiveResource, kind: Pick<ResourceKind, 'paths'>): string | null {
  const name = valueAt(live.spec, kind.paths.name);
  return typeof name === 'string' ? name : null;
}

/** How many unmanaged names an error lists before `…`. */
const NAMES_SHOWN = 5;

/**
 * A selection that matches nothing, as an error: `lead` says what was asked and found nothing,
 * the rest what there is to import (how many unmanaged resources and the first few names), and
 * the hint the closest name when `typed` is close to one, else `hint`. `shown` makes a live name
 * printable (escaped, credentials redacted).
 */
function matchedNothing(
  what: { lead: string; typed?: string; hint: string },
  live: readonly LiveResource[],
  kind: Pick<ResourceKind, 'paths' | 'nouns'>,
  shown: (name: string) => string,
): UserError {
  const { one, many } = kind.nouns;
  const unmanaged = live.filter((a) => a.key === null);
  const names = unmanaged.map((a) => displayName(a, kind)).filter((n): n is string => n !== null && n !== '');
  const count = unmanaged.length;
  const listed = names.slice(0, NAMES_SHOWN).map((n) => `'${shown(n)}'`).join(', ') + (names.length > NAMES_SHOWN ? ', …' : '');
  const there = count === 0 ? `there are no unmanaged ${many}` : `there ${count === 1 ? `is 1 unmanaged ${one}` : `are ${count} unmanaged ${many}`}${listed ? `: ${listed}` : ''}`;
  const guess = what.typed === undefined ? undefined : closest(what.typed, names);
  return new UserError(`${what.lead}; nothing was imported (${there})`, guess !== undefined ? `did you mean --name '${shown(guess)}'?` : what.hint);
}

/**
 * Without `--id`/`--name`: every unmanaged resource. With them: every resource whose id is listed
 * or whose name matches a pattern, managed or not; an id or a pattern that matches no live
 * resource is an error (UserError, exit 1), as `--target` refuses one, so a typo never reads as
 * "nothing to import". Oldest first, so a name shared by several resources gives the plain key to
 * the oldest one on every run. `shown`: a live name made printable for that error.
 */
export function selectResources(
  live: readonly LiveResource[],
  definitions: readonly Definition[],
  selection: Selection,
  kind: Pick<ResourceKind, 'paths' | 'nouns'>,
  shown: (name: string) => string = (name) => name,
): SelectionResult {
  const unknown = selection.ids.filter((id) => !live.some((a) => a.id === id));
  if (unknown.length > 0) {
    const lead = `no live ${kind.nouns.one} has the id ${unknown.map((id) => `'${id}'`).join(', ')}`;
    throw matchedNothing({ lead, hint: 'check the id (`aac import --dry-run` lists what can be imported), or the provider and endpoint' }, live, kind, shown);
  }
  const patterns = selection.namePatterns.map((p) => globToRegExp(p));
  selection.namePatterns.forEach((pattern, i) => {
    if (!live.some((a) => matchesAnyName(displayName(a, kind), [patterns[i]!]))) {
      throw matchedNothing({
        lead: `--name '${pattern}' matches no live ${kind.nouns.one}`,
        ...(isGlob(pattern) ? {} : { typed: pattern }),
        hint: `a pattern matches a whole name, in any case, with * and ? as wildcards (--name 'support*'); \`aac import --dry-run\` without --id or --name lists every unmanaged ${kind.nouns.one}; or check the provider and endpoint`,
      }, live, kind, shown);
    }
  });
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
