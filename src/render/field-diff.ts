// What changed inside one resource, as a small tree both human renderers draw: per field, per
// metadata key, per list item (lined up by the kind's item key: tools by type and name, a reordered
// item shown as a move; a list a field holds, as Foundry's `definition.tools`, by its member's rule)
// and per nested key, with multi-line strings as line diffs. What goes is
// shown as Terraform shows it, value and all; a create shows what its author wrote, in the file's
// order, with what the server fills in marked, and so does an update: a new value the definition
// does not write (it dropped the field or key, and the host's default follows) is marked as the
// server's. Text draws `~ a: x → y`; markdown draws the same entry as a `-`/`+` pair.
//
// The index shown for an item of a keyed list (`tools[2]`): for what the definition has, its index
// in the definition's own list (the file's); for what only the live resource has (a removed item,
// a delete), its index in the live list as normalized — the API's order, or for a list the kind
// compares without order (`unordered`, which its normalize sorts), the order by item key. In an
// update, where both lists are shown, a removed item's index says it is the live one
// (`tools[1] (live index)`), so `- tools[1]` and `+ tools[1]` never read as one place; a moved
// item's `(moved from tools[0])` says so already. The normalized values carry the kind's order, so
// the desired side is put back in the file's order by item key, never by position.
import { diffLib } from './diff-lib.js';
import type { FieldRule, ListRule, ResourceKind } from '../backends/backend.js';
import type { Json, JsonObject } from '../model/json.js';
import type { PlanChange } from '../model/plan.js';
import { sameJson } from '../model/canonical.js';
import { isObject, ownValue, put } from '../model/json.js';
import { LEGACY_MARKER_KEY, MARKER_PREFIX, markerNamespace } from '../model/marker.js';
import { fieldInOrder, itemKeyOf, matchByKey, OWN_ORDER, type ItemKey } from '../plan/key-order.js';
import { revealAlikeLines, textLines, unifiedLineDiff } from './text-diff.js';
import { alikeNote, ESCAPES_NOTE, formatAlikePair, printsAlike } from '../util/look-alike.js';

export type Marker = '+' | '-' | '~';

/**
 * After the index of an item an update removes (`- tools[1] (live index): function lookup`): the
 * index is the live list's, where every other index of an update is the definition's.
 */
const LIVE_INDEX = 'live index';

/** A note after a value a create or an update brings: it is the server's (the host's default), not the author's. */
export const SERVER_DEFAULT = 'server default';
/** A note after a value an update sends as null: the API's reset, after which the host applies its own default. */
export const RESET_NOTE = "reset: the host's default applies";

export type DiffEntry =
  /** A value being set (`+ path = value`) or removed (`- path = value`, drawn `→ null` in text); `note` marks a server-filled value. */
  | { kind: 'value'; marker: '+' | '-'; path: string; value: Json; note?: string }
  /** A single-line value replaced: `~ path: before → after`; `note` says what the new value means. */
  | { kind: 'change'; path: string; before: Json; after: Json; note?: string }
  /**
   * Multi-line text: unified diff lines (`@@`, ' ', '-', '+'), or only '+' / '-' lines when all new
   * or all gone; `note` says when changed lines print alike (their differing code points escaped).
   */
  | { kind: 'text'; marker: Marker; path: string; lines: string[]; note?: string }
  /**
   * A map or list item whose parts are listed below it; `label` names a list item by its key
   * (`function lookup`); `movedFrom` is the item's old place when the list was reordered; `note`
   * says what the change as a whole means (a map an update resets: its parts go, the host's default follows).
   */
  | { kind: 'group'; marker: Marker; path: string; label?: string; movedFrom?: string; note?: string; children: DiffEntry[] };

type Kind = Pick<ResourceKind, 'fields' | 'paths' | 'import'>;

/** The entries for one planned change: what a create sets, what a delete removes, the differences of an update. */
export function describeChange(change: PlanChange, kind: Kind): DiffEntry[] {
  const rule = (field: string) => kind.fields.find((f) => f.name === field);
  const metadata = kind.paths.metadata.length === 1 ? kind.paths.metadata[0] : undefined;
  const naming = (field: string): KeyName => (field === metadata ? metadataKey : childPath);
  // The desired side is normalized, in canonical (sorted) key order: the definition's own value
  // gives the file's, the API's order what the server fills in. The live side comes from the
  // planner in the order the server sent it (plan/key-order.ts), which only the file's may precede.
  const order = (field: string, value: Json, model?: Json) => fieldInOrder(field, value, model, kind.import.keyOrder, rule(field));
  const liveOrder = (field: string, value: Json, model?: Json) => fieldInOrder(field, value, model, OWN_ORDER, rule(field));
  if (change.action === 'create') return createEntries(change, kind, rule, naming);
  if (change.action === 'delete') {
    // What goes, field by field, as the server holds it: the planner lists the fields that say something.
    return change.fieldChanges.flatMap(({ field, before = null }) => fieldWhole('-', field, liveOrder(field, before), rule(field), naming(field)));
  }
  if (change.action !== 'update') return [];
  const defaulted = new Set(change.defaultedFields ?? []);
  const entries = change.fieldChanges.flatMap((fc) => {
    const sent = change.body[fc.field];
    // The definition's own value is what the update sends, but for a field it leaves out
    // (PlanChange.defaultedFields), whose value the write fills in: null, the server's.
    const written = defaulted.has(fc.field) ? null : sent;
    const before = liveOrder(fc.field, fc.before ?? null, written);
    // A field the definition dropped goes as null, the API's reset (plan/change.ts, the kind's write
    // rule): shown as sent, not as the default the comparison folded it to (`0.5 → 1` would say 1 is
    // sent, where what the host does with the null is its own).
    if (sent === null && fc.after !== null && fc.after !== undefined) return resetDiff(fc.field, before);
    return fieldDiff(fc.field, before, order(fc.field, fc.after ?? null, written), rule(fc.field), naming(fc.field), written);
  });
  return metadata === undefined ? entries : withRemovedMarkers(entries, change.removedMarkers ?? {}, metadata, change.adopt);
}

/**
 * What a field sent as null — the API's reset — shows: its live value `→ null`, and that the host's
 * default follows. One entry, as a scalar's `~ temperature: 1.4 → null`: a map (or a list of maps)
 * is one `~` header with the note, its parts listed below it as what goes.
 */
function resetDiff(field: string, before: Json): DiffEntry[] {
  const [gone] = whole('-', field, before, childPath);
  if (gone?.kind === 'group') return [{ ...gone, marker: '~', note: RESET_NOTE }];
  if (Array.isArray(before) && before.length > 0) return [{ kind: 'change', path: field, before, after: null, note: RESET_NOTE }];
  return valueDiff(field, before, null).map((e) =>
    e.kind === 'change' || (e.kind === 'value' && e.marker === '+' && e.value === null) ? { ...e, note: RESET_NOTE } : e,
  );
}

/**
 * `entries` with each marker pair the update removes (PlanChange.removedMarkers) under the metadata
 * field's entry, made for them when the user's own pairs did not change: a reviewer sees every
 * pair the write takes off the live resource, aac's own included.
 */
function withRemovedMarkers(entries: DiffEntry[], removed: Readonly<Record<string, string>>, field: string, adopt: boolean): DiffEntry[] {
  const gone: DiffEntry[] = Object.entries(removed).map(([key, value]) => ({
    kind: 'value',
    marker: '-',
    path: metadataKey('', key),
    value,
    note: key === LEGACY_MARKER_KEY
      ? "aac's previous marker: this namespace's replaces it"
      : markerNamespace(key) === undefined
        ? `aac's prefix ${MARKER_PREFIX} without a valid namespace: the metadata is sent whole with this namespace's marker alone`
        : adopt
          // An adopt removes another namespace's marker only when taking over from it (--adopt-namespace).
          ? `the marker of the namespace '${markerNamespace(key)!}', which this namespace's replaces`
          : "another namespace's marker: the metadata is sent whole with this namespace's alone",
  }));
  if (gone.length === 0) return entries;
  const at = entries.findIndex((e) => e.kind === 'group' && e.path === field);
  if (at < 0) return [...entries, { kind: 'group', marker: '~', path: field, children: gone }];
  const group = entries[at] as Extract<DiffEntry, { kind: 'group' }>;
  return entries.map((e, i) => (i === at ? { ...group, children: [...group.children, ...gone] } : e));
}

/**
 * A create as its author wrote it (the body holds the definition's own fields in the file's
 * order), each value the server fills in beside them marked, and the fields it leaves to the
 * server that come back with a value (not null, not empty) listed after them, marked too.
 */
function createEntries(change: PlanChange, kind: Kind, rule: (f: string) => FieldRule | undefined, naming: (f: string) => KeyName): DiffEntry[] {
  const after = change.after ?? {};
  const out: DiffEntry[] = [];
  for (const [field, value] of Object.entries(change.body)) {
    if (!rule(field) || value === undefined || value === null) continue;
    out.push(...fieldWhole('+', field, value, rule(field), naming(field), after[field]));
  }
  for (const { name } of kind.fields) {
    if (name in change.body) continue;
    const value = withoutUnset(after[name] ?? null);
    if (isEmpty(value)) continue;
    out.push(...fieldWhole('+', name, fieldInOrder(name, value, undefined, kind.import.keyOrder, rule(name)), rule(name), naming(name), undefined, SERVER_DEFAULT));
  }
  return out;
}

/** A map's members that hold a value (not null, not empty), at every depth: what the server leaves unset is no value it fills in. */
function withoutUnset(value: Json): Json {
  if (!isObject(value)) return value;
  const out: JsonObject = {};
  for (const [key, member] of Object.entries(value)) {
    const kept = withoutUnset(member as Json);
    if (!isEmpty(kept)) put(out, key, kept);
  }
  return out;
}

/**
 * A whole field; a list of the kind's keyed items (tools) item by item, each named by its key and
 * beside what the server stores for that same item (`filled`, in the kind's order: matched by key).
 */
function fieldWhole(marker: '+' | '-', field: string, value: Json, rule: FieldRule | undefined, name: KeyName, filled?: Json, note?: string): DiffEntry[] {
  const key = itemKeyOf(rule);
  if (rule?.itemKey && key && Array.isArray(value)) {
    const items = Array.isArray(filled) ? matchByKey(value, filled, key) : [];
    return value.flatMap((item, i) => whole(marker, `${field}[${i}]`, item, childPath, rule.itemKey, items[i], note));
  }
  return whole(marker, field, value, name, undefined, filled, note, rule?.members);
}

function isEmpty(v: Json): boolean {
  return v === null || (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0);
}

/**
 * The definition's own value at one place of an update's new side, as the diff walks it: the value;
 * `null` where the definition leaves the place to the server (it does not write it, or writes
 * null), so what is new there is the server's, marked as a create marks it; `undefined` where it is
 * not known (a list item compared by value), so nothing there is marked.
 */
type Written = Json | undefined;

/** The definition's own value at `key` of a map whose own value is `written`: null where it leaves the key out. */
function writtenAt(written: Written, key: string): Written {
  if (written === null) return null;
  return isObject(written) ? ((ownValue(written, key) as Json | undefined) ?? null) : undefined;
}

/** SERVER_DEFAULT for a new value (one that holds something) at a place the definition leaves to the server. */
function filledNote(written: Written, value: Json): string | undefined {
  return written === null && !isEmpty(value) ? SERVER_DEFAULT : undefined;
}

/** `value` without the members (at any depth of maps) that `written` leaves out: the part of a new value the definition writes. */
function writtenPart(value: Json, written: Json): Json {
  if (!isObject(value) || !isObject(written)) return value;
  const out: JsonObject = {};
  for (const [key, member] of Object.entries(value)) {
    const own = ownValue(written, key) as Json | undefined;
    if (own !== undefined && own !== null) put(out, key, writtenPart(member as Json, own));
  }
  return out;
}

/**
 * A value that is all new in an update, as a create draws it: what the definition writes, then
 * what the server fills in beside it marked, or the whole value marked where the definition
 * leaves its place to the server. `note` (a look-alike key's) marks it otherwise.
 */
function added(path: string, value: Json, written: Written, labelOf?: (item: JsonObject) => string | undefined, note?: string): DiffEntry[] {
  if (isObject(value) && isObject(written)) return whole('+', path, writtenPart(value, written), childPath, labelOf, value, note);
  return whole('+', path, value, childPath, labelOf, undefined, filledNote(written, value) ?? note);
}

/** `written` is the definition's own value of the field (the update's body; null where it leaves the field out), for a list the file's order. */
function fieldDiff(field: string, before: Json, after: Json, rule: FieldRule | undefined, name: KeyName, written: Written): DiffEntry[] {
  const list = keyedDiff(field, before, after, rule, written);
  if (list) return list;
  if (isObject(before) && isObject(after)) {
    return [{ kind: 'group', marker: '~', path: field, children: objectDiff('', before, after, name, rule?.members, written) }];
  }
  return valueDiff(field, before, after, written);
}

/**
 * A list of keyed items (tools) diffed item by item, lined up by `rule`'s item key; undefined when
 * the rule keys no items or a side is not a list. `written` is the definition's own list (null:
 * the definition leaves the list to the server, item by item).
 */
function keyedDiff(path: string, before: Json, after: Json, rule: ListRule | undefined, written: Written): DiffEntry[] | undefined {
  const key = itemKeyOf(rule);
  if (!rule?.itemKey || !key || !Array.isArray(before) || !Array.isArray(after)) return undefined;
  const own = Array.isArray(written) ? written : after;
  if (!rule.unordered) return arrayDiff(path, before, after, keyed(rule.itemKey), undefined, itemsWritten(matchByKey(after, own, key), written));
  return unorderedDiff(path, before, after, own, rule.itemKey, key, written === null);
}

/** The definition's own item for each item (`matched`), or null for each when the list is the server's (`written` null). */
function itemsWritten(matched: Written[], written: Written): Written[] {
  return written === null ? matched.map(() => null) : matched;
}

/** `written`: the definition's own value here (Written). */
function valueDiff(path: string, before: Json, after: Json, written?: Written): DiffEntry[] {
  if (sameJson(before, after)) return [];
  if (isObject(before) && isObject(after)) return objectDiff(path, before, after, childPath, {}, written);
  // Items compared by value are not lined up with the definition's: marked only when the list is the server's.
  if (Array.isArray(before) && Array.isArray(after)) return arrayDiff(path, before, after, VALUES, undefined, itemsWritten(after.map(() => undefined), written));
  const textual = (v: Json) => typeof v === 'string' || v === null;
  if ((isMultiline(before) || isMultiline(after)) && textual(before) && textual(after)) {
    const { lines, note } = revealAlikeLines(unifiedLineDiff(before ?? '', after ?? ''));
    return [{ kind: 'text', marker: '~', path, lines, ...(note ? { note } : {}) }];
  }
  // A map or list that goes (a json_schema replaced by `auto`) is shown whole, as what goes always is;
  // one that becomes null (an MCP tool's `allowed_tools` the definition omits) only goes: one entry,
  // drawn `→ null` as a key the update removes is, never followed by `+ … = null`.
  if ((isObject(before) || Array.isArray(before)) && !isEmpty(before)) {
    return [...whole('-', path, before, childPath), ...(after === null ? [] : added(path, after, written))];
  }
  // A scalar becoming a map (`"auto"` → a json_schema) stays one line, folded if long.
  const note = filledNote(written, after);
  return [{ kind: 'change', path, before, after, ...(note ? { note } : {}) }];
}

type KeyName = (base: string, key: string) => string;

/**
 * Keys in `after`'s order (the file's), then those only `before` has. `members`: the list rules of
 * a field's members (its keyed lists), `written` the map's own value in the definition (Written).
 */
function objectDiff(base: string, before: JsonObject, after: JsonObject, name: KeyName, members: Readonly<Record<string, ListRule>> = {}, written?: Written): DiffEntry[] {
  const out: DiffEntry[] = [];
  const labelOf = (key: string) => ownValue(members, key)?.itemKey;
  const alike = alikeKeys(before, after);
  const pathOf = (key: string) => {
    const path = name(base, key);
    const shown = alike.get(key);
    // A key that prints like one it replaces is always quoted (only ASCII identifiers are not).
    const quoted = JSON.stringify(key);
    const at = path.lastIndexOf(quoted);
    return shown && at >= 0 ? `${path.slice(0, at)}${shown.key}${path.slice(at + quoted.length)}` : path;
  };
  for (const key of Object.keys(after)) {
    const path = pathOf(key);
    const [was, is, own] = [before[key] as Json, after[key] as Json, writtenAt(written, key)];
    if (!Object.hasOwn(before, key)) out.push(...added(path, is, own, labelOf(key), alike.get(key)?.note));
    else if (!sameJson(was, is)) out.push(...(keyedDiff(path, was, is, ownValue(members, key), own) ?? valueDiff(path, was, is, own)));
  }
  for (const key of Object.keys(before)) {
    if (!Object.hasOwn(after, key)) out.push(...whole('-', pathOf(key), before[key] as Json, childPath, labelOf(key)));
  }
  return out;
}

/**
 * Keys only `after` has that print like a key only `before` has (`café` NFC replaced by NFD), each
 * such pair drawn quoted with the code points that differ as `\u{…}`; the added one gets the note.
 */
function alikeKeys(before: JsonObject, after: JsonObject): Map<string, { key: string; note?: string }> {
  const shown = new Map<string, { key: string; note?: string }>();
  const gone = Object.keys(before).filter((k) => !Object.hasOwn(after, k));
  if (gone.length === 0) return shown;
  for (const key of Object.keys(after)) {
    if (Object.hasOwn(before, key)) continue;
    const was = gone.find((k) => !shown.has(k) && printsAlike(k, key));
    if (was === undefined) continue;
    const [old, now] = formatAlikePair(was, key, Number.MAX_SAFE_INTEGER);
    shown.set(was, { key: old });
    shown.set(key, { key: now, note: `key ${alikeNote(was, key)}; ${ESCAPES_NOTE}` });
  }
  return shown;
}

interface ListKind {
  /** Whether two items are the same item (possibly changed) for aligning the lists. */
  same(a: Json, b: Json): boolean;
  label(item: JsonObject): string | undefined;
  /** Whether a removed run followed by an added run is shown as items changed in place. */
  pairReplacements: boolean;
}
// Items with a key (tools: type and name) align by it; one replaced by a different one is a
// removal and an addition, one that changed place is a move.
function keyed(itemKey: (item: JsonObject) => string | undefined): ListKind {
  return {
    same: (a, b) => (isObject(a) && isObject(b) ? itemKey(a) === itemKey(b) : sameJson(a, b)),
    label: itemKey,
    pairReplacements: false,
  };
}
const VALUES: ListKind = { same: sameJson, label: () => undefined, pairReplacements: true };

/**
 * A list whose order is not compared (`unordered`): the desired items in the file's order
 * (`written`), each at its index there, the live ones lined up with them by key and those only the
 * live list has after them, each at its index in `before` (normalized: the order by key). So no
 * item is shown moved, and each item's parts are diffed against the same item's. `leftOut`: the
 * definition leaves the list to the server (its items are the server's).
 */
function unorderedDiff(path: string, before: Json[], after: Json[], written: Json[], itemKey: (item: JsonObject) => string | undefined, key: ItemKey, leftOut: boolean): DiffEntry[] {
  const desired = fileOrder(after, written, key);
  const place = new Map<string | undefined, number>();
  desired.forEach((item, j) => place.has(key(item)) || place.set(key(item), j));
  const rank = (item: Json) => place.get(key(item)) ?? desired.length;
  const live = before.map((item, i) => ({ item, i })).sort((a, b) => rank(a.item) - rank(b.item) || a.i - b.i);
  return arrayDiff(path, live.map((l) => l.item), desired, keyed(itemKey), (n) => live[n]!.i, itemsWritten(matchByKey(desired, written, key), leftOut ? null : written));
}

/** One step of two lists aligned: an item kept (changed or not) from `i` in `before` to `j` in `after`, one removed, one added. */
type Step = { op: 'kept'; i: number; j: number } | { op: 'removed'; i: number } | { op: 'added'; j: number };

/**
 * `before` and `after` aligned, in order. Items equal in whole are aligned first (a longest common
 * sequence), so an item that changed is never the one the others are said to have moved around:
 * when four tools are reversed and one of them edited, the edited one is among the moved. Between
 * two such items, those that are the same item (`kind.same`: a tool's type and name) are aligned
 * again, as changed in place; with `pairReplacements`, removed and added values there pair up in
 * order, the rest removed, then added.
 */
function align(before: Json[], after: Json[], kind: ListKind): Step[] {
  const steps: Step[] = [];
  let removed: number[] = [];
  let added: number[] = [];
  const flushGap = () => {
    if (kind.pairReplacements) {
      const paired = Math.min(removed.length, added.length);
      for (let n = 0; n < paired; n++) steps.push({ op: 'kept', i: removed[n]!, j: added[n]! });
      for (const i of removed.slice(paired)) steps.push({ op: 'removed', i });
      for (const j of added.slice(paired)) steps.push({ op: 'added', j });
    } else {
      let a = 0;
      let b = 0;
      const gap = diffLib().diffArrays(removed.map((i) => before[i]), added.map((j) => after[j]), { comparator: kind.same });
      for (const part of gap) {
        for (let n = 0; n < part.count; n++) {
          if (part.added) steps.push({ op: 'added', j: added[b++]! });
          else if (part.removed) steps.push({ op: 'removed', i: removed[a++]! });
          else steps.push({ op: 'kept', i: removed[a++]!, j: added[b++]! });
        }
      }
    }
    removed = [];
    added = [];
  };
  let i = 0;
  let j = 0;
  for (const part of diffLib().diffArrays(before, after, { comparator: sameJson })) {
    for (let n = 0; n < part.count; n++) {
      if (part.added) added.push(j++);
      else if (part.removed) removed.push(i++);
      else {
        flushGap();
        steps.push({ op: 'kept', i: i++, j: j++ });
      }
    }
  }
  flushGap();
  return steps;
}

/**
 * Lists compared as sequences, so inserting one tool shows one `+`, not every later tool changed.
 * Removed items carry their live index (`liveIndex` of their place in `before`: their own place
 * unless `before` was rearranged), labelled so (LIVE_INDEX), the others their desired index. An item of a keyed list that
 * was removed in one place and added in another is one move, `(moved from …)`, with its changes,
 * if any. `written[j]`: the definition's own item for `after[j]` (Written): an added item is
 * shown as written, what the server fills in marked, as a create shows it (the item is new to the
 * live resource whether the definition or a drift made it so), and so is what is new in a changed one.
 */
function arrayDiff(path: string, before: Json[], after: Json[], kind: ListKind, liveIndex: (i: number) => number = (i) => i, written: readonly Written[] = []): DiffEntry[] {
  const out: DiffEntry[] = [];
  const at = (i: number) => `${path}[${i}]`;
  const liveAt = (i: number) => at(liveIndex(i));
  const steps = align(before, after, kind);
  // Where each removed item went, for a keyed list: the added item with the same key.
  const movedTo = new Map<number, number>();
  const movedFrom = new Map<number, number>();
  if (!kind.pairReplacements) {
    const addedAt = steps.flatMap((s) => (s.op === 'added' ? [s.j] : []));
    for (const step of steps) {
      if (step.op !== 'removed') continue;
      const j = addedAt.find((k) => !movedFrom.has(k) && kind.same(before[step.i] as Json, after[k] as Json));
      if (j === undefined) continue;
      movedTo.set(step.i, j);
      movedFrom.set(j, step.i);
    }
  }
  for (const step of steps) {
    if (step.op === 'kept') {
      out.push(...itemDiff(at(step.j), before[step.i] as Json, after[step.j] as Json, kind, written[step.j]));
    } else if (step.op === 'removed') {
      if (!movedTo.has(step.i)) out.push(...whole('-', `${liveAt(step.i)} (${LIVE_INDEX})`, before[step.i] as Json, childPath, kind.label));
    } else {
      const from = movedFrom.get(step.j);
      const item = after[step.j] as Json;
      if (from === undefined) {
        const own = written[step.j];
        out.push(...(isObject(own) && isObject(item) ? whole('+', at(step.j), own, childPath, kind.label, item) : added(at(step.j), item, own, kind.label)));
        continue;
      }
      const was = before[from] as Json;
      const children = isObject(was) && isObject(item) && !sameJson(was, item) ? objectDiff('', was, item, childPath, {}, written[step.j]) : [];
      out.push({ kind: 'group', marker: '~', path: at(step.j), label: isObject(item) ? kind.label(item) : undefined, movedFrom: liveAt(from), children });
    }
  }
  return out;
}

function itemDiff(path: string, before: Json, after: Json, kind: ListKind, written: Written): DiffEntry[] {
  if (sameJson(before, after)) return [];
  if (isObject(before) && isObject(after)) {
    return [{ kind: 'group', marker: '~', path, label: kind.label(after), children: objectDiff('', before, after, childPath, {}, written) }];
  }
  return valueDiff(path, before, after, written);
}

/**
 * A value that is all new (`+`) or all gone (`-`): scalars on one line, texts as `+`/`-` lines,
 * maps and lists key by key. `filled` is what the server stores for a new value: its keys that
 * the value does not have, with a value (not null, not empty), are listed after the value's own,
 * marked `note` (a server default); `note` on its own marks the whole value. `members`: the list
 * rules of a field's members, whose items are then named by their keys.
 */
function whole(
  marker: '+' | '-',
  path: string,
  value: Json,
  name: KeyName,
  labelOf: (item: JsonObject) => string | undefined = () => undefined,
  filled?: Json,
  note?: string,
  members: Readonly<Record<string, ListRule>> = {},
): DiffEntry[] {
  if (isMultiline(value)) return [{ kind: 'text', marker, path, lines: textLines(value).map((l) => `${marker}${l}`) }];
  if (isObject(value) && (Object.keys(value).length > 0 || (isObject(filled) && Object.keys(filled).length > 0))) {
    const label = labelOf(value);
    // As for a top-level field: what the server leaves unset (null, empty) is no value it fills in.
    const extra = isObject(filled) ? Object.keys(filled).filter((key) => !Object.hasOwn(value, key) && !isEmpty(filled[key] as Json)) : [];
    const children = [
      ...Object.keys(value)
        // The label already says the type; a member held as null is no value that goes (README, Output formats).
        .filter((key) => !(label && key === 'type') && !(marker === '-' && value[key] === null))
        .flatMap((key) => whole(marker, name('', key), value[key] as Json, childPath, ownValue(members, key)?.itemKey, isObject(filled) ? filled[key] : undefined, note)),
      ...extra.flatMap((key) => whole(marker, name('', key), (filled as JsonObject)[key] as Json, childPath, undefined, undefined, SERVER_DEFAULT)),
    ];
    return [{ kind: 'group', marker, path, label, children }];
  }
  if (Array.isArray(value) && value.some((v) => isObject(v) || Array.isArray(v) || isMultiline(v))) {
    const items = Array.isArray(filled) && filled.length === value.length ? filled : [];
    return [{ kind: 'group', marker, path, children: value.flatMap((v, i) => whole(marker, `[${i}]`, v, childPath, labelOf, items[i], note)) }];
  }
  return [{ kind: 'value', marker, path, value, ...(note ? { note } : {}) }];
}

/** `list` in the order of `written` (the file's own list), matched by key; items `written` lacks after, as they were. */
function fileOrder(list: readonly Json[], written: readonly Json[], key: ItemKey): Json[] {
  const first = matchByKey(written, list, key).filter((item): item is Json => item !== undefined);
  const taken = new Set(first);
  return [...first, ...list.filter((item) => !taken.has(item))];
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

/** ` (moved from tools[0])` after a list item that changed place; '' otherwise. */
export function movedNote(entry: DiffEntry): string {
  return entry.kind === 'group' && entry.movedFrom ? ` (moved from ${entry.movedFrom})` : '';
}
