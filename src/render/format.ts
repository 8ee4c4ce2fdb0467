// Small helpers shared by the human renderers: colour, pairs of values folded alike, and the
// summary sentences, so text and markdown say the same thing in the same words.
import { pinFileOf } from '../environments/pin-place.js';
import type { Json } from '../model/json.js';
import type { ResourceKind } from '../backends/backend.js';
import type { LegacyAssistant, Plan, PlanChange, PlanSummary } from '../model/plan.js';
import { LEGACY_MARKER_KEY, markerNamespace } from '../model/marker.js';
import { sanitize } from '../util/invisible.js';
import { FOLD_CONTEXT, formatCount, formatValue } from '../util/value-text.js';
import { plural, withArticle } from '../util/words.js';
import { alikeNote, ESCAPES_NOTE, formatAlikePair, printsAlike } from '../util/look-alike.js';
import { handOverHint, movedFromHint } from '../plan/moved-hint.js';
import { yamlLine } from '../yaml/snippet.js';
import { PLAN_LINE_OPENING } from '../plan/printed-view.js';

export interface Painter {
  green(s: string): string;
  yellow(s: string): string;
  red(s: string): string;
  dim(s: string): string;
}

const ansi = (code: number) => (s: string) => (s === '' ? s : `\x1b[${code}m${s}\x1b[0m`);
const plain = (s: string) => s;

export function painter(color: boolean): Painter {
  return color
    ? { green: ansi(32), yellow: ansi(33), red: ansi(31), dim: ansi(2) }
    : { green: plain, yellow: plain, red: plain, dim: plain };
}

/**
 * How the reader asks for a prune, in the words of where they read it: `run with --prune` in a terminal
 * (text, `code` omitted). Markdown (`code`: its code span) is read in a pull request, where the
 * plan was made either by the shipped Action or its reusable workflows, whose users set the
 * `prune` input (action.yml, .github/workflows/aac-plan.yml), or by the CLI in a workflow of the
 * user's own. Both run the same `aac plan --markdown-out` (or `aac show --format markdown`), so
 * the markdown cannot tell them apart and names both. A plan shown after a merge is applied as
 * reviewed: aac-apply.yml reads its own `prune` only with `replan`.
 */
export function pruneAdvice(code?: (text: string) => string): string {
  return code === undefined ? 'run with --prune' : `run with ${code('--prune')}, or give the Action or its workflows ${code('prune: true')}; after a merge, the apply workflow ${code('replan: true')} too`;
}


/**
 * Both sides of a changed value, folded around where they first differ: two long strings that
 * share a long prefix would otherwise fold to the same text and hide the change.
 */
export function formatValuePair(before: Json, after: Json, limit: number): [string, string] {
  const a = typeof before === 'string' ? before : JSON.stringify(before);
  const b = typeof after === 'string' ? after : JSON.stringify(after);
  let common = 0;
  while (common < a.length && common < b.length && a[common] === b[common]) common++;
  const start = common > limit - FOLD_CONTEXT ? common - FOLD_CONTEXT : 0;
  return [formatValue(before, limit, start), formatValue(after, limit, start)];
}

/**
 * Two strings that differ but print alike (Unicode normalization, invisible characters, blanks):
 * both drawn with the code points that differ as `\u{…}`, and a note saying what kind of
 * difference it is. Null for any other pair of values.
 */
export function alikePair(before: Json, after: Json, limit: number): { before: string; after: string; note: string } | null {
  if (typeof before !== 'string' || typeof after !== 'string' || !printsAlike(before, after)) return null;
  const [was, becomes] = formatAlikePair(before, after, limit);
  return { before: was, after: becomes, note: `${alikeNote(before, after)}; ${ESCAPES_NOTE}` };
}

/** A long line of text (not a value) cut to `limit` characters with a note of what was left out. */
export function foldLine(line: string, limit: number): string {
  return line.length <= limit ? line : `${line.slice(0, limit)}…(${formatCount(line.length - limit)} more characters)`;
}

/**
 * `Plan: 1 to create, 2 to modify, 0 to delete, 5 unchanged.` — worded as Terraform's, for habit and
 * for grep; under `retain_versions:` the old versions the updates delete follow the resources
 * deleted (`0 to delete, 2 old versions to delete,`), which count whole resources only.
 */
export function planLine(summary: PlanSummary): string {
  const versions = summary.delete_versions > 0 ? ` ${oldVersions(summary.delete_versions)} to delete,` : '';
  return `${PLAN_LINE_OPENING} ${summary.create} to create, ${summary.update} to modify, ${summary.delete} to delete,${versions} ${summary.unchanged} unchanged.`;
}

/** `1 old version`, `2 old versions`. */
export function oldVersions(n: number): string {
  return `${n} old ${plural(n, 'version', 'versions')}`;
}

type Nouns = ResourceKind['nouns'];

/** The sentence after `No changes.` */
export function noChangesDetail(summary: PlanSummary, { one, many }: Nouns): string {
  const n = summary.unchanged;
  return n === 1 ? `1 ${one} matches its definition.` : `${n} ${many} match their definitions.`;
}

/** Legacy-marked assistants named in a note; more are counted. */
const LEGACY_SHOWN = 5;

/**
 * Whether a change is a create whose definition matches a live resource that carries no marker
 * (likelyUnmarked): when the change under review does not touch it (drift), applying it reverts
 * nothing, it makes a second one beside that resource, so the views list it apart from drift.
 */
export function unmarkedTwin(change: PlanChange): boolean {
  return change.action === 'create' && change.likelyUnmarked !== undefined;
}

/**
 * The note under a plan's summary line when `count` of its changes are drift (`--changed-files`):
 * `2 of these changes revert edits made outside aac to 2 agents <untouched>: <where>.`, where
 * `untouched` says what did not change them (`this pull request does not change`) and `where`
 * where the view lists them.
 */
export function driftNote(count: number, nouns: Nouns, untouched: string, where: string): string {
  return (
    `${count} of these ${plural(count, 'changes reverts', 'changes revert')} edits made outside aac ` +
    `to ${plural(count, withArticle(nouns.one), nouns.many)} ${untouched}: ${where}.`
  );
}

/**
 * The notes after the summary line: a targeted plan's partiality (first: it changes how the rest
 * reads), orphans kept (only when not pruning), assistants of other namespaces and unmanaged ones
 * skipped, a default namespace that other repositories may share where there are orphans, and
 * legacy-marked ones with how to take them over. `q` shows a key or id these name (a target, a
 * legacy-marked resource's): as is in text, in code in markdown (actionWords' `q`); `namespace` a
 * namespace (`'name'` in text, in code in markdown, as actionWords' `namespace`); `pruneWith` how
 * to ask for a prune there (pruneAdvice).
 */
export function summaryNotes(
  summary: PlanSummary,
  prune: boolean,
  targets: readonly string[],
  legacy: readonly LegacyAssistant[],
  nouns: Nouns,
  { adoptLegacy, adoptNamespace, namespaceFrom, target }: Pick<Plan, 'adoptLegacy' | 'adoptNamespace' | 'namespaceFrom'> & { target?: Pick<Plan['target'], 'namespace'> } = { adoptLegacy: false },
  q: (key: string) => string = sanitize,
  namespace: (name: string) => string = (name) => `'${sanitize(name)}'`,
  pruneWith: string = pruneAdvice(),
): string[] {
  const { one, many } = nouns;
  const notes: string[] = [];
  if (targets.length > 0) notes.push(partialNote(targets, nouns, q));
  const options = optionsNote({ prune, adoptLegacy, ...(adoptNamespace === undefined ? {} : { adoptNamespace }) }, q);
  if (options !== null) notes.push(options);
  if (!prune && summary.orphans > 0) {
    notes.push(
      `${summary.orphans} orphaned ${plural(summary.orphans, `${one} is`, `${many} are`)} not deleted (${pruneWith}).`,
    );
  }
  // The default namespace is the directory's path in its repository: `assistants` in every
  // repository that keeps its definitions there, so on a shared account another's fleet reads
  // as this one's orphans, and --prune would delete it.
  if (summary.orphans > 0 && namespaceFrom === 'default' && target !== undefined) {
    notes.push(
      `The namespace ${namespace(target.namespace)} is the default, the definitions directory's path in its repository: a directory at the same path in another repository on this account shares it, so ${plural(summary.orphans, `this orphan may be that repository's ${one}`, `these orphans may be that repository's ${many}`)}. Give each repository its own with \`namespace:\` in aac.yaml.`,
    );
  }
  if (summary.unmanaged > 0) {
    notes.push(`${summary.unmanaged} unmanaged ${plural(summary.unmanaged, one, many)} ignored.`);
  }
  if (summary.other_namespaces > 0) {
    notes.push(`${summary.other_namespaces} ${plural(summary.other_namespaces, one, many)} managed by other namespaces.`);
  }
  if (legacy.length > 0) {
    const named = legacy.slice(0, LEGACY_SHOWN).map((l) => `${q(l.key)} (${q(l.id)})`);
    if (legacy.length > LEGACY_SHOWN) named.push(`${legacy.length - LEGACY_SHOWN} more`);
    notes.push(
      `${legacy.length} ${plural(legacy.length, `${one} carries`, `${many} carry`)} the previous marker ${LEGACY_MARKER_KEY} and ${plural(legacy.length, 'is', 'are')} left alone: ${named.join(', ')}. ` +
        (adoptLegacy
          ? `--adopt-legacy takes over only those with a definition here; to manage one, add its definition.`
          : 'To take over those with a definition here, run with --adopt-legacy; or add `id: <its id>` to one definition (both explicit adopts).'),
    );
  }
  return notes;
}

/** A plan's environment and its overlay directory (Plan.overlays; absent in a plan read from a file before 1.21), where a pin of its host goes. */
export interface PinPlace {
  environment?: string | undefined;
  overlays?: string | undefined;
}

/**
 * Where a pin of `change`'s definition goes, as ` in …` ('' when unknown): without environments
 * its file; with them the environment's overlay of its key, not the base file every environment
 * takes (an id names a resource of one host), by its path when the plan knows its overlay
 * directory. `q` quotes a key or an environment, `name` a file.
 */
export function pinPlace(change: Pick<PlanChange, 'key' | 'file'>, pin: PinPlace, q: (s: string) => string, name: (s: string) => string): string {
  if (pin.environment === undefined) return change.file ? ` in ${name(change.file)}` : '';
  if (pin.overlays === undefined) return ` in the overlay of ${q(change.key)} for the environment ${q(pin.environment)}`;
  return ` in ${name(pinFileOf({ key: change.key, file: change.file ?? '' }, { name: pin.environment, overlays: pin.overlays }))}`;
}

/**
 * For each create of `changes` that repeats an orphan (PlanChange.likelyMovedFrom) or a resource
 * with no marker (likelyUnmarked), or whose `moved_from:` names another namespace's resource
 * (movedFromElsewhere), the sentence both views say it in, with the hint that takes it over: the
 * one a pin to that orphan gets, the pin itself, or the hand-over (for `kind`'s nouns and metadata) (`q` quotes a key, `name` a file or an
 * id, `line` a line to write or a command to run: `'key' (file)` and `` `id: …` `` in text, all code
 * in markdown; `pin`, the plan's environment and its overlay directory (Plan.overlays), where a pin goes when
 * aac.yaml declares environments); and for the creates whose key another namespace's resource carries, the take-over
 * (`adoptCommand(old)`: the `aac plan --adopt-namespace OLD …` that plans it, render/command-line.ts
 * adoptCommand). A note: the plan does the create all the same.
 */
export function likelyMoveNotes(
  changes: readonly PlanChange[],
  kind: ResourceKind,
  adoptCommand: (old: string) => string,
  q: (s: string) => string,
  name: (s: string) => string = q,
  line: (s: string) => string = name,
  pin: PinPlace = {},
): string[] {
  // One loop over the changes (10,000 in a plan of 10,000) for the few that are orphans or
  // creates, where a filter, a flatMap (an empty array a change) and the twins' notes each walked them all.
  const orphans = new Map<string, PlanChange>();
  const creates: PlanChange[] = [];
  for (const c of changes) {
    if (c.orphan) orphans.set(c.key, c);
    if (c.action === 'create') creates.push(c);
  }
  const each = creates.flatMap((c) => {
    const created = `${q(c.key)}${c.file ? ` (${name(c.file)})` : ''} would be created`;
    if (c.movedFromElsewhere !== undefined) {
      const { key, namespace, id } = c.movedFromElsewhere;
      const hint = handOverHint(namespace, id, kind, q);
      return [`${created} anew: \`moved_from\` names ${q(key)}, which only the namespace ${q(namespace)} manages (${name(id)}), and a rename stays within one namespace; ${sanitize(hint)}.`];
    }
    if (c.likelyUnmarked !== undefined) {
      const id = c.likelyUnmarked;
      return [`${created} as ${name(id)} is now, which carries no marker (made outside aac, or its marker removed): pin it with ${line(yamlLine('id', id))}${pinPlace(c, pin, q, name)} to take it over.`];
    }
    if (c.likelyMovedFrom === undefined) return [];
    const old = c.likelyMovedFrom;
    const id = orphans.get(old)?.id;
    return [`${created} as ${q(old)}${id ? ` (${name(id)})` : ''} is now, and ${q(old)} is no longer defined: ${sanitize(movedFromHint(old))}.`];
  });
  return [...each, ...namespaceTwinNotes(creates, kind, { q, name, line, adoptCommand })];
}

/**
 * The title of the section of creates whose definition matches a live resource with no marker
 * (PlanChange.likelyUnmarked), in every view: what is known, not a guess at which of the two it was.
 */
export const UNMARKED_TITLE = 'No aac marker (made outside aac, or its marker removed)';

/** Creates named in a note of namespace twins; more are counted. */
const TWINS_SHOWN = 5;

/**
 * For the creates of `changes` whose key another namespace's live resource carries
 * (PlanChange.liveElsewhere), one note per such namespace, by name: a create alone is named with
 * its file, several (a fleet whose `namespace:` changed, the common case) are counted and the first
 * TWINS_SHOWN named, each with its twin's id and the fields that differ (never their values). The
 * question it asks is the likely cause, and the command that takes them over instead (`line` of
 * `adoptCommand(namespace)`) — or, when another definitions directory of the repository manages
 * that namespace (`managedBy`), that the files look like copies of its own, with no take-over
 * offered (one would be refused); where no valid file of that directory defines the key (none of
 * the keys, for several), that it may have moved from there, its resource then an orphan there, and
 * the hand-over that keeps its id (handOverHint, for `kind`'s nouns and metadata). The plan creates
 * all the same. `q` quotes a key or a namespace, `name` a file or an id (as likelyMoveNotes).
 */
function namespaceTwinNotes(
  changes: readonly PlanChange[],
  kind: ResourceKind,
  { q, name, line, adoptCommand }: { q: (s: string) => string; name: (s: string) => string; line: (s: string) => string; adoptCommand: (old: string) => string },
): string[] {
  const byNamespace = new Map<string, PlanChange[]>();
  for (const c of changes) {
    const namespace = c.action === 'create' ? c.liveElsewhere?.namespace : undefined;
    if (namespace !== undefined) byNamespace.set(namespace, [...(byNamespace.get(namespace) ?? []), c]);
  }
  const { one, many } = kind.nouns;
  const question = 'did `namespace:` change? If so,';
  return [...byNamespace.keys()].sort().map((namespace) => {
    const creates = byNamespace.get(namespace)!;
    const twin = (c: PlanChange) => c.liveElsewhere!;
    const { managedBy } = twin(creates[0]!);
    if (creates.length === 1) {
      const c = creates[0]!;
      const { id, changedFields } = twin(c);
      const sameness = changedFields.length === 0 ? 'same definition' : `differs in: ${changedFields.join(', ')}`;
      const start = `${q(c.key)}${c.file ? ` (${name(c.file)})` : ''} is live as ${name(id)} in the namespace ${q(namespace)} (${sameness}): `;
      if (managedBy?.file !== undefined) return `${start}this file looks like a copy of ${name(managedBy.file)}; that directory manages it.`;
      if (managedBy !== undefined) {
        const dir = name(`${managedBy.dir}/`);
        return `${start}${dir} gives that namespace, and no valid file there defines ${q(c.key)}: if this file moved here from there, that ${one} is an orphan of ${dir} (its prune deletes it) and this plan makes another; ${sanitize(handOverHint(namespace, id, kind, q))}.`;
      }
      return `${start}${question} that ${one} stays live and no directory manages it: to take it over instead, run ${line(adoptCommand(namespace))}.`;
    }
    const same = creates.filter((c) => twin(c).changedFields.length === 0).length;
    const named = creates.slice(0, TWINS_SHOWN).map((c) => {
      const { id, changedFields } = twin(c);
      return `${q(c.key)} (${name(id)}${changedFields.length === 0 ? '' : `; differs in: ${changedFields.join(', ')}`})`;
    });
    if (creates.length > TWINS_SHOWN) named.push(`${formatCount(creates.length - TWINS_SHOWN)} more`);
    const counts = `${formatCount(same)} with the same definition, ${formatCount(creates.length - same)} differing`;
    const start = `${formatCount(creates.length)} ${many} to create are live in the namespace ${q(namespace)} under their keys (${counts}): ${named.join(', ')}. `;
    if (managedBy !== undefined && creates.some((c) => twin(c).managedBy?.file !== undefined)) return `${start}These files look like copies of files of ${name(`${managedBy.dir}/`)}; that directory manages them.`;
    if (managedBy !== undefined) {
      const dir = name(`${managedBy.dir}/`);
      return `${start}${dir} gives that namespace, and no valid file there defines these keys: if these files moved here from there, those ${many} are orphans of ${dir} (its prune deletes them) and this plan makes others; to keep their ids, hand each over: ${sanitize(handOverHint(namespace, 'ID', kind, q))}, for each ID above.`;
    }
    return `${start}${capitalized(question)} those stay live and no directory manages them: to take them over instead, run ${line(adoptCommand(namespace))}.`;
  });
}

const capitalized = (text: string) => `${text[0]!.toUpperCase()}${text.slice(1)}`;

/**
 * The options a plan was made with that change what it does, as their flags (`Planned with
 * --prune and --adopt-namespace s20ns1.`); null for none. A saved plan carries them (`prune`,
 * `adopt_legacy`, `adopt_namespace`) and apply re-plans with them, so wherever a plan is reviewed,
 * and before a saved one is applied, they are named. Targets have their own note (`partialNote`).
 * `q` shows `--adopt-namespace OLD` (in code in markdown, as summaryNotes' `q`).
 */
export function optionsNote(plan: Pick<Plan, 'prune' | 'adoptLegacy' | 'adoptNamespace'>, q: (text: string) => string = sanitize): string | null {
  const flags = [plan.prune ? '--prune' : '', plan.adoptLegacy ? '--adopt-legacy' : '', plan.adoptNamespace === undefined ? '' : q(`--adopt-namespace ${plan.adoptNamespace}`)].filter(Boolean);
  if (flags.length === 0) return null;
  return `Planned with ${flags.length === 1 ? flags[0] : `${flags.slice(0, -1).join(', ')} and ${flags.at(-1)!}`}.`;
}

/**
 * As Terraform's "Resource targeting is in effect" warning: the plan is not the whole picture.
 * `q` shows each `--target KEY` (in code in markdown, as summaryNotes' `q`).
 */
export function partialNote(targets: readonly string[], { many }: Nouns, q: (text: string) => string = sanitize): string {
  const list = targets.map((t) => q(`--target ${t}`)).join(' ');
  return `Partial plan (${list}): only the targeted ${many} were compared; the others may differ and were left alone.`;
}

/**
 * An adoption's words: over another namespace's marker (--adopt-namespace), or over the previous
 * marker, which the write removes, a take-over or a replacement. An adopt removes another
 * namespace's marker only when taking over from it (a pin to another namespace's is refused); of
 * several, the one that owned it sorts first (model/marker.ts decodeMarker). `namespace` shows its
 * name (actionWords').
 */
function adoptNote(change: PlanChange, namespace: (name: string) => string): string {
  const removed = Object.keys(change.removedMarkers ?? {});
  const from = removed.flatMap((k) => markerNamespace(k) ?? []).sort()[0];
  if (from !== undefined) return `adopt: take over from the namespace ${namespace(from)}`;
  return removed.includes(LEGACY_MARKER_KEY) ? `adopt: replace the previous marker ${LEGACY_MARKER_KEY}` : 'adopt: add the marker';
}

/**
 * Drift on a versioned resource (PlanChange.handMadeLatest): `drift: the latest version, 3, was
 * made outside aac (no aac marker; version 2 has this namespace's): apply makes a new version from
 * the definition`, each version shown by `q`.
 */
function handMadeNote(handMade: NonNullable<PlanChange['handMadeLatest']>, q: (version: string) => string): string {
  return `drift: ${handMadeWhy(handMade, q)}: apply makes a new version from the definition`;
}

/** Why a resource whose latest version carries no marker is this namespace's: `the latest version, 3, was made outside aac (no aac marker; version 2 has this namespace's)`. */
function handMadeWhy({ version, markedVersion }: NonNullable<PlanChange['handMadeLatest']>, q: (version: string) => string): string {
  return `the latest version, ${q(version)}, was made outside aac (no aac marker; version ${q(markedVersion)} has this namespace's)`;
}

/**
 * What a change does, in the words both views use: `create`, `delete: no longer defined`,
 * `update; adopt: …`; with `listFields`, an update names its fields (`update: name, tools`).
 * `q` shows the other keys it names (the key kept of a duplicate, the key moved from) and the
 * host's version strings (`new version (3 → 4)`, the old versions deleted): as they are in text, in
 * code in markdown (where a key such as `@team` or `fix-#12` would ping or link);
 * `namespace` the namespace an adopt takes over from (`'old'` in text, in code in markdown, where a
 * name such as `www.example.com` would link).
 */
export function actionWords(
  change: PlanChange,
  listFields: boolean,
  versioned = false,
  q: (key: string) => string = sanitize,
  namespace: (name: string) => string = (n) => `'${sanitize(n)}'`,
): string {
  if (change.action === 'create') return 'create';
  if (change.action === 'delete') {
    // Deleting a versioned resource deletes its whole history: the plan says so.
    const all = versioned ? ', with all its versions' : '';
    if (change.duplicateOf !== null) return `delete: extra copy, ${q(change.duplicateOf)} is kept${all}`;
    // An orphan whose latest version was made outside aac: why it is this namespace's all the same.
    const ours = change.handMadeLatest === undefined ? '' : `; ${handMadeWhy(change.handMadeLatest, q)}`;
    return change.orphan ? `delete: no longer defined${all}${ours}` : `delete${all}${ours}`;
  }
  const words = updateWords(change, listFields, q, namespace);
  const old = change.deleteVersions ?? [];
  if (old.length === 0) return words;
  const retire = `delete old ${plural(old.length, 'version', 'versions')} ${versionList(old, q)}${unmarkedWords(change.deleteUnmarked ?? [], old.length, q)}`;
  return change.changedFields.length === 0 && !change.adopt && change.movedFrom === undefined && change.handMadeLatest === undefined ? retire : `${words}; ${retire}`;
}

/**
 * Which of the `count` old versions a change deletes were made outside aac (PlanChange.deleteUnmarked):
 * ` (made outside aac, without its marker: 2)`, ` (all made outside aac, without its marker)`; '' for none.
 */
export function unmarkedWords(unmarked: readonly string[], count: number, q: (version: string) => string): string {
  if (unmarked.length === 0) return '';
  const which = unmarked.length === count ? (count === 1 ? 'made' : 'all made') : `${plural(unmarked.length, 'version', 'versions')} ${versionList(unmarked, q)} made`;
  return ` (${which} outside aac, without its marker)`;
}

/** Versions as a plan line names them, each shown by `q`: all of a few, the ends of many. */
function versionList(versions: readonly string[], q: (version: string) => string): string {
  return versions.length <= 5 ? versions.map(q).join(', ') : `${q(versions[0]!)} … ${q(versions.at(-1)!)}`;
}

function updateWords(change: PlanChange, listFields: boolean, q: (key: string) => string, namespace: (name: string) => string): string {
  // A versioned kind's change is a new version, named as such with the version it makes.
  const { version } = change;
  const verb = version ? `new version (${version.to === null ? `after ${q(version.from)}` : `${q(version.from)} → ${q(version.to)}`})` : 'update';
  // An adoption or a rename that changes nothing else still makes a version: it is named.
  const fields = change.changedFields.length === 0 ? (change.version ? verb : '') : listFields ? `${verb}: ${change.changedFields.join(', ')}` : verb;
  // A rename, as Terraform prints a moved resource: the marker is rewritten, nothing is recreated.
  if (change.movedFrom !== undefined) return fields ? `moved from ${q(change.movedFrom)}; ${fields}` : `moved from ${q(change.movedFrom)}`;
  if (change.handMadeLatest !== undefined) return `${fields || verb}; ${handMadeNote(change.handMadeLatest, q)}`;
  if (!change.adopt) return fields || verb;
  return fields ? `${fields}; ${adoptNote(change, namespace)}` : adoptNote(change, namespace);
}
