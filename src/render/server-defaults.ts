// What the server fills in beside what a definition writes, folded into one line a resource: a
// fleet of creates would otherwise spend a line on each `top_p = 1`, `temperature = 1`,
// `ranker = "auto"` of every one (a fifth of the lines of a large plan), which the author did not
// write and review cannot change. Both human views draw the folded entry; the JSON plan keeps
// every value (`after`), so nothing is lost to a machine reading.
//
// Only what is new with what is new is folded: every server-filled value of a create, and those
// inside a value an update adds beside the definition's own parts (a tool put back after it was
// removed behind aac's back, drawn as its create draws it). A value an update changes to the
// server's (`~ top_p: 0.5 → 1 (server default)`), or one it adds that is all the server's, is
// the change itself and stays on its own line.
import type { Json } from '../model/json.js';
import type { PlanChange } from '../model/plan.js';
import { sanitize } from '../util/invisible.js';
import { SERVER_DEFAULT, type DiffEntry } from './field-diff.js';

/** One value folded: its whole path from the resource (`tools[1].function.strict`). */
export interface FoldedValue {
  path: string;
  value: Json;
}

/** The folded line's entry: `path` names it where a view names entries (a cut diff's note). */
export interface ServerDefaults {
  kind: 'defaults';
  path: string;
  values: FoldedValue[];
}

export type ReviewEntry = DiffEntry | ServerDefaults;

/** What the views call the folded line, in it and where they name a part of a diff. */
export const SERVER_DEFAULTS_PATH = 'server defaults';

/**
 * The folded line's text, as both views draw it: `(server defaults: top_p = 1, temperature = 1)`,
 * `(server default: top_p = 1)`, each value drawn by `format` (the view's own folding of long values).
 */
export function defaultsText(entry: ServerDefaults, format: (value: Json) => string): string {
  const list = entry.values.map(({ path, value }) => `${sanitize(path)} = ${format(value)}`).join(', ');
  return `(${entry.values.length === 1 ? SERVER_DEFAULT : SERVER_DEFAULTS_PATH}: ${list})`;
}

/**
 * `entries` (describeChange's, for one change of `action`) without the server-filled values that
 * come with something new, and after them one `defaults` entry listing those values in the order
 * drawn, each by its whole path; `entries` as they are when there are none. A map left with no
 * entry of its own goes with its values; a list item's header (`tools[0]: function lookup`) stays.
 */
export function foldServerDefaults(action: PlanChange['action'], entries: readonly DiffEntry[]): ReviewEntry[] {
  const folded: FoldedValue[] = [];
  const kept = entries.flatMap((e) => fold(e, '', action === 'create', folded));
  return folded.length === 0 ? kept : [...kept, { kind: 'defaults', path: SERVER_DEFAULTS_PATH, values: folded }];
}

/** `entry` as kept, its folded values pushed on `out`; `inNew`: it sits in something all new (a create, an added value). */
function fold(entry: DiffEntry, base: string, inNew: boolean, out: FoldedValue[]): DiffEntry[] {
  const path = joinPath(base, entry.path);
  if (entry.kind === 'value') {
    if (!inNew || !isServerValue(entry)) return [entry];
    out.push({ path, value: entry.value });
    return [];
  }
  if (entry.kind !== 'group' || entry.marker === '-') return [entry];
  // A map an update changes: what is new in it is a change to the live value.
  if (entry.marker === '~') return [{ ...entry, children: entry.children.flatMap((c) => fold(c, path, false, out)) }];
  if (allServer(entry)) {
    // An update's added value that is all the server's is the change itself.
    if (!inNew) return [entry];
    out.push(...leaves(entry, base));
    return [];
  }
  return [{ ...entry, children: entry.children.flatMap((c) => fold(c, path, true, out)) }];
}

function isServerValue(entry: DiffEntry): boolean {
  return entry.kind === 'value' && entry.marker === '+' && entry.note === SERVER_DEFAULT;
}

/** A new map (no list item: its label would go) holding server-filled values only, one at least. */
function allServer(entry: DiffEntry): boolean {
  if (entry.kind !== 'group') return isServerValue(entry);
  return entry.marker === '+' && entry.label === undefined && entry.children.length > 0 && entry.children.every(allServer);
}

function leaves(entry: DiffEntry, base: string): FoldedValue[] {
  const path = joinPath(base, entry.path);
  if (entry.kind === 'group') return entry.children.flatMap((c) => leaves(c, path));
  return entry.kind === 'value' ? [{ path, value: entry.value }] : [];
}

/** A child's path after its parent's: `a.b`, `a[0]`, `a["odd key"]`. */
function joinPath(base: string, path: string): string {
  if (base === '') return path;
  return path.startsWith('[') ? `${base}${path}` : `${base}.${path}`;
}
