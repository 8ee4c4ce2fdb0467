// What changed inside one resource, as a small tree both human renderers draw: per field, per
// metadata key, per list item (lined up by the kind's item key: tools by type and name) and per
// nested key, with multi-line strings as line diffs. Text draws `~ a: x → y`; markdown draws the same entry as a `-`/`+` pair.
import { diffArrays } from 'diff';
import type { FieldRule, ResourceKind } from '../backends/backend.js';
import type { Json, JsonObject } from '../model/json.js';
import type { PlanChange } from '../model/plan.js';
import { sameJson } from '../model/canonical.js';
import { isObject } from '../model/json.js';
import { textLines, unifiedLineDiff } from './text-diff.js';

export type Marker = '+' | '-' | '~';

export type DiffEntry =
  /** A value being set (`+ path = value`) or removed (`- path`, the old value is not repeated). */
  | { kind: 'value'; marker: '+' | '-'; path: string; value: Json }
  /** A single-line value replaced: `~ path: before → after`. */
  | { kind: 'change'; path: string; before: Json; after: Json }
  /** Multi-line text: unified diff lines (`@@`, ' ', '-', '+'), or only '+' lines when all new. */
  | { kind: 'text'; marker: Marker; path: string; lines: string[] }
  /** A map or list item whose parts are listed below it; `label` names a list item by its key (`function lookup`). */
  | { kind: 'group'; marker: Marker; path: string; label?: string; children: DiffEntry[] };

/** The entries for one planned change: the fields a create sets, or the differences of an update. */
export function describeChange(change: PlanChange, kind: Pick<ResourceKind, 'fields' | 'paths'>): DiffEntry[] {
  const rule = (field: string) => kind.fields.find((f) => f.name === field);
  const metadata = kind.paths.metadata.length === 1 ? kind.paths.metadata[0] : undefined;
  if (change.action === 'create') {
    // The planner lists a create's fields that differ from what the API fills in anyway.
    return change.fieldChanges.flatMap(({ field, after = null }) => {
      const itemKey = rule(field)?.itemKey;
      return itemKey && Array.isArray(after)
        ? after.flatMap((item, i) => added(`${field}[${i}]`, item, childPath, itemKey))
        : added(field, after, field === metadata ? metadataKey : childPath);
    });
  }
  if (change.action !== 'update') return [];
  return change.fieldChanges.flatMap((fc) => fieldDiff(fc.field, fc.before ?? null, fc.after ?? null, rule(fc.field), fc.field === metadata));
}

function fieldDiff(field: string, before: Json, after: Json, rule: FieldRule | undefined, isMetadata: boolean): DiffEntry[] {
  if (rule?.itemKey && Array.isArray(before) && Array.isArray(after)) return arrayDiff(field, before, after, keyed(rule.itemKey));
  if (isMetadata && isObject(before) && isObject(after)) {
    return [{ kind: 'group', marker: '~', path: field, children: objectDiff('', before, after, metadataKey) }];
  }
  if (isObject(before) && isObject(after)) {
    return [{ kind: 'group', marker: '~', path: field, children: objectDiff('', before, after, childPath) }];
  }
  return valueDiff(field, before, after);
}

function valueDiff(path: string, before: Json, after: Json): DiffEntry[] {
  if (sameJson(before, after)) return [];
  if (isObject(before) && isObject(after)) return objectDiff(path, before, after, childPath);
  if (Array.isArray(before) && Array.isArray(after)) return arrayDiff(path, before, after, VALUES);
  const textual = (v: Json) => typeof v === 'string' || v === null;
  if ((isMultiline(before) || isMultiline(after)) && textual(before) && textual(after)) {
    return [{ kind: 'text', marker: '~', path, lines: unifiedLineDiff(before ?? '', after ?? '') }];
  }
  // A scalar becoming a map (`"auto"` → a json_schema) stays one line, folded if long.
  return [{ kind: 'change', path, before, after }];
}

type KeyName = (base: string, key: string) => string;

function objectDiff(base: string, before: JsonObject, after: JsonObject, name: KeyName): DiffEntry[] {
  const out: DiffEntry[] = [];
  for (const key of Object.keys(before)) {
    const path = name(base, key);
    if (!(key in after)) out.push({ kind: 'value', marker: '-', path, value: before[key] as Json });
    else out.push(...valueDiff(path, before[key] as Json, after[key] as Json));
  }
  for (const key of Object.keys(after)) {
    if (!(key in before)) out.push(...added(name(base, key), after[key] as Json, childPath));
  }
  return out;
}

interface ListKind {
  /** Whether two items are the same item (possibly changed) for aligning the lists. */
  same(a: Json, b: Json): boolean;
  label(item: JsonObject): string | undefined;
  /** Whether a removed run followed by an added run is shown as items changed in place. */
  pairReplacements: boolean;
}
// Items with a key (tools: type and name) align by it; one replaced by a different one is a
// removal and an addition.
function keyed(itemKey: (item: JsonObject) => string | undefined): ListKind {
  return {
    same: (a, b) => (isObject(a) && isObject(b) ? itemKey(a) === itemKey(b) : sameJson(a, b)),
    label: itemKey,
    pairReplacements: false,
  };
}
const VALUES: ListKind = { same: sameJson, label: () => undefined, pairReplacements: true };

/**
 * Lists compared as sequences, so inserting one tool shows one `+`, not every later tool changed.
 * Removed items carry their live index, the others their desired index.
 */
function arrayDiff(path: string, before: Json[], after: Json[], kind: ListKind): DiffEntry[] {
  const out: DiffEntry[] = [];
  const at = (i: number) => `${path}[${i}]`;
  const parts = diffArrays(before, after, { comparator: kind.same });
  let i = 0;
  let j = 0;
  for (let k = 0; k < parts.length; k++) {
    const part = parts[k]!;
    if (part.added) {
      for (let n = 0; n < part.count; n++, j++) out.push(...added(at(j), after[j] as Json, childPath, kind.label));
    } else if (part.removed) {
      const next = parts[k + 1];
      const paired = kind.pairReplacements && next?.added ? Math.min(part.count, next.count) : 0;
      for (let n = 0; n < part.count; n++, i++) {
        if (n < paired) out.push(...itemDiff(at(j + n), before[i] as Json, after[j + n] as Json, kind));
        else out.push(removedItem(at(i), before[i] as Json, kind));
      }
      if (paired > 0 && next) {
        j += paired;
        for (let n = paired; n < next.count; n++, j++) out.push(...added(at(j), after[j] as Json, childPath, kind.label));
        k++;
      }
    } else {
      for (let n = 0; n < part.count; n++, i++, j++) out.push(...itemDiff(at(j), before[i] as Json, after[j] as Json, kind));
    }
  }
  return out;
}

function itemDiff(path: string, before: Json, after: Json, kind: ListKind): DiffEntry[] {
  if (sameJson(before, after)) return [];
  if (isObject(before) && isObject(after)) {
    return [{ kind: 'group', marker: '~', path, label: kind.label(after), children: objectDiff('', before, after, childPath) }];
  }
  return valueDiff(path, before, after);
}

function removedItem(path: string, value: Json, kind: ListKind): DiffEntry {
  const label = isObject(value) ? kind.label(value) : undefined;
  if (label) return { kind: 'group', marker: '-', path, label, children: [] };
  return { kind: 'value', marker: '-', path, value };
}

/** A value that is all new: scalars on one line, texts as '+' lines, maps and lists key by key. */
function added(
  path: string,
  value: Json,
  name: KeyName,
  labelOf: (item: JsonObject) => string | undefined = () => undefined,
): DiffEntry[] {
  if (isMultiline(value)) return [{ kind: 'text', marker: '+', path, lines: textLines(value).map((l) => `+${l}`) }];
  if (isObject(value) && Object.keys(value).length > 0) {
    const label = labelOf(value);
    const children = Object.keys(value)
      // The label already says the type.
      .filter((key) => !(label && key === 'type'))
      .flatMap((key) => added(name('', key), value[key] as Json, childPath));
    return [{ kind: 'group', marker: '+', path, label, children }];
  }
  if (Array.isArray(value) && value.some((v) => isObject(v) || Array.isArray(v) || isMultiline(v))) {
    return [{ kind: 'group', marker: '+', path, children: value.flatMap((v, i) => added(`[${i}]`, v, childPath)) }];
  }
  return [{ kind: 'value', marker: '+', path, value }];
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_-]*$/;

function childPath(base: string, key: string): string {
  if (IDENTIFIER.test(key)) return base === '' ? key : `${base}.${key}`;
  return `${base}[${JSON.stringify(key)}]`;
}

function metadataKey(_base: string, key: string): string {
  return /^[\w.:/@-]+$/.test(key) ? key : JSON.stringify(key);
}

function isMultiline(v: Json): v is string {
  return typeof v === 'string' && v.includes('\n');
}
