// The plan as a versioned JSON document: what `--format json` prints and `--out` saves, and what
// `aac apply FILE` reads back. A Plan holds no secrets (target endpoints come without credentials),
// so neither does the document. Readers accept any 1.x and refuse other majors.
import { printedPlanView } from './printed-view.js';
import jsonpatch, { type Operation } from 'fast-json-patch';
import type { ResourceKind } from '../backends/backend.js';
import { kindOfBackend } from '../backends/registry.js';
import { comparableEndpoint, shownEndpoint } from '../backends/http/endpoint.js';
import { fieldAt, type Definition, type LiveResource, type NormalizedSpec, type Spec } from '../model/definition.js';
import { ENDPOINT_SOURCES, hasChanges, NAMESPACE_SOURCES, type EndpointFrom, summarize, type ActionKind, type FieldChange, type LegacyAssistant, type MadePlan, type NamespaceFrom, type Plan, type PlanChange, type PlanLock, type PlanSummary, type PlanTarget } from '../model/plan.js';
import { UserError } from '../util/errors.js';
import { canonicalJson, sameJson } from '../model/canonical.js';
import { copyJson, isObject, ownValue, pathText, put, type Json } from '../model/json.js';
import { notableFields } from './change.js';
import { diffSpecs } from './diff.js';
import { isTargeted } from './targets.js';
import { versionsToDelete } from './retention.js';
import { jsonSyntaxError, jsonValueAt, lineAndColumn, type JsonPath } from '../util/json-syntax.js';
import { jsonBeyondYaml, MAX_NESTING } from '../yaml/source.js';
import { andList, withArticle } from '../util/words.js';
import { codeSpan } from '../util/code-span.js';
import { pointerToken, pointerTokens } from '../util/json-pointer.js';
import { redactData } from '../util/redact.js';

// 1.1 added `targets` and `resource_changes[].moved_from`. 1.2 added target.namespace,
// resource_changes[].duplicate_of, summary.other_namespaces and summary.legacy, and legacy[].
// 1.3 added adopt_legacy. 1.4 added target.environment. 1.5 added resource_changes[].delete_versions.
// 1.6 added resource_changes[].drift. 1.7 added summary.delete_versions. 1.8 added
// resource_changes[].removed_markers. 1.9 writes resource_changes[].version's from and to as the
// API's version ids, strings (to null when not known), where earlier versions wrote numbers,
// which it still reads. 1.10 added resource_changes[].defaulted_fields. 1.11 added
// resource_changes[].likely_moved_from. 1.12 added dir,
// resource_changes[].likely_unmarked and resource_changes[].moved_from_elsewhere. 1.13 added
// namespace_from. 1.14 added retain_versions. 1.15 added locked_by. 1.16 added
// resource_changes[].live_elsewhere. 1.17 added adopt_namespace. 1.18 hashes live_fingerprint without
// the host's bookkeeping (ResourceKind.bookkeeping: what a save that changes nothing moves) and added
// resource_changes[].live_version; a file before it is compared by the whole object's hash. 1.19
// added endpoint_from. 1.20 added resource_changes[].hand_made_latest and
// resource_changes[].delete_versions_unmarked. 1.21 added overlays and
// resource_changes[].live_elsewhere.managed_by, so that a saved plan is shown as `aac plan` showed it.
// The document's JSON Schema, schema/output/plan.schema.json, says each bump too (test/output-schemas).
const PLAN_FORMAT_VERSION = '1.21';
/** The first format whose live_fingerprint leaves out the kind's bookkeeping (Plan.wholeFingerprints before it). */
const BOOKKEEPING_LEFT_OUT = 18;
const READABLE_MAJOR = 1;
/** The MINOR this aac writes: apply refuses a file of a later one (uncheckedFormat). */
const WRITTEN_MINOR = Number(PLAN_FORMAT_VERSION.split('.')[1]);

/**
 * Each part of a saved plan that apply compares with the plan made now, and the first format
 * whose files hold it as this aac makes it: a file of an earlier format holds it otherwise (a
 * definition fingerprint hashed another way) or not at all (a field added since), so the
 * comparison would report a change that did not happen. A part an earlier file is read for as it
 * was written is not listed: version ids as numbers (before 1.9), fingerprints of the whole object
 * (before 1.18, Plan.wholeFingerprints), no retain_versions (before 1.14), no dir, namespace_from,
 * locked_by, live_version or endpoint_from. A change to Definition.sourceHash (desired/index.ts)
 * or a compared field added to a change bumps PLAN_FORMAT_VERSION and is written here.
 */
const CHECKED_PARTS: ReadonlyArray<{ part: string; since: number }> = [
  // 1.8 began hashing the values a definition takes from aac.yaml (sourceHash), so a 1.8 file holds either hash.
  { part: 'definition fingerprints', since: 9 },
  { part: 'defaulted_fields', since: 10 },
  { part: 'likely_moved_from', since: 11 },
  { part: 'likely_unmarked', since: 12 },
  { part: 'moved_from_elsewhere', since: 12 },
  { part: 'live_elsewhere', since: 16 },
];
/**
 * The fields every file of their format or a later one holds, by their path (`target.environment`:
 * `environment` of the top-level `target`) and the first MINOR that writes them, for each format
 * since the first this aac reads (1.2: a file before it has no target.namespace, refused). A field
 * only some changes or plans have (locked_by, live_elsewhere, endpoint_from…) is not listed. A file
 * of such a format that lacks one was edited, and is refused (parsePlanFile); one of an earlier
 * format is read without it. schema/output/plan.schema.json requires each from its format on in its
 * `allOf`, one entry a field (test/output-schemas holds them equal).
 */
export const WRITTEN_SINCE: Readonly<Record<string, number>> = {
  adopt_legacy: 3,
  'target.environment': 4,
  'summary.delete_versions': 7,
  dir: 12,
  namespace_from: 13,
  retain_versions: 14,
  adopt_namespace: 17,
  overlays: 21,
};
const ACTIONS: readonly ActionKind[] = ['create', 'update', 'delete', 'no-op'];

interface ResourceChangeDocument {
  key: string;
  id: string | null;
  actions: [ActionKind];
  orphan: boolean;
  adopt: boolean;
  /** Only on an update whose metadata drops aac marker pairs (absent otherwise). */
  removed_markers?: Record<string, string>;
  /**
   * Only on an update changing fields the definition leaves out (absent otherwise): their names,
   * never values, so the views of a saved plan tell the author's values in `body` from the write's.
   */
  defaulted_fields?: string[];
  moved_from: string | null;
  /** Only on a create whose definition repeats an orphan, one to one (absent otherwise): the orphan's key. */
  likely_moved_from?: string;
  /** Only on a create whose definition repeats a live resource with no marker, one to one (absent otherwise): its id. */
  likely_unmarked?: string;
  /** Only on an update, or an orphan's delete, of a versioned resource whose latest version was made outside aac over this namespace's (absent otherwise, and before 1.20). */
  hand_made_latest?: { version: string; marked_version: string };
  /** Only on a create whose moved_from keys only another namespace's resource carries (absent otherwise). */
  moved_from_elsewhere?: { key: string; namespace: string; id: string };
  /**
   * Only on a create whose key another namespace's resource carries (absent otherwise): the fields'
   * names that differ, never their values; `managed_by`, the definitions directory of the
   * repository that manages that namespace, when one does (absent otherwise, and before 1.21).
   */
  live_elsewhere?: { namespace: string; id: string; changed_fields: string[]; managed_by?: { dir: string; file?: string } };
  duplicate_of: string | null;
  file: string | null;
  changed_fields: string[];
  before: NormalizedSpec | null;
  after: NormalizedSpec | null;
  patch: Operation[];
  body: Spec;
  live_fingerprint: string | null;
  /** Only for a versioned kind's change of a live resource: its latest version as read (absent otherwise, and before 1.18). */
  live_version?: string;
  /** Only for a versioned kind's new version (absent otherwise, so other plans read as before). */
  version?: { from: string; to: string | null };
  /** Only when `retain_versions:` deletes old versions with this change (absent otherwise). */
  delete_versions?: string[];
  /** Of delete_versions, those made outside aac (no owner's marker); absent when none, and before 1.20. */
  delete_versions_unmarked?: string[];
  /** Only on a change marked drift by `--changed-files` (absent otherwise). */
  drift?: true;
}

export interface PlanDocument {
  format_version: string;
  created_at: string;
  /** As PlanTarget, with `environment` null for a plan made without environments. */
  target: Omit<PlanTarget, 'environment'> & { environment: string | null };
  /** Plan.dir (absent in a file before 1.12: WRITTEN_SINCE). */
  dir: string;
  /** Plan.overlays, null without environments (absent in a file before 1.21: WRITTEN_SINCE). */
  overlays: string | null;
  /** Plan.namespaceFrom (absent in a file before 1.13: WRITTEN_SINCE). */
  namespace_from: NamespaceFrom;
  /** Plan.endpointFrom; absent when the plan has none (before 1.19). */
  endpoint_from?: EndpointFrom;
  /** Plan.retainVersions: null without `retain_versions:` (absent in a file before 1.14: WRITTEN_SINCE). */
  retain_versions: number | null;
  /** Plan.lockedBy; absent when no other run held the namespace's lock (and before 1.15). */
  locked_by?: PlanLock;
  prune: boolean;
  adopt_legacy: boolean;
  /** Plan.adoptNamespace, null without one; absent before 1.17. */
  adopt_namespace: string | null;
  targets: string[];
  summary: PlanSummary;
  resource_changes: ResourceChangeDocument[];
  legacy: LegacyAssistant[];
  definitions: Record<string, string>;
}

/**
 * What the plan document `text` says it was made with, as far as its head says it (a file cut
 * short keeps its head): the definitions directory (`dir`) and the environment
 * (`target.environment`), as planDocument writes them (top-level fields indented two spaces, the
 * target's four); each absent when not found. Read by pattern, not parsed: a truncated file is no
 * JSON. A file laid out otherwise (rewritten on one line, re-indented) is parsed instead, when it
 * is JSON. For the command that makes the plan again.
 */
export function planMadeWith(text: string): { dir?: string; environment?: string } {
  if (!/\n {2}"target": \{/.test(text)) return parsedMadeWith(text);
  const string = (m: RegExpMatchArray | null): string | undefined => {
    if (!m) return undefined;
    try {
      const v: unknown = JSON.parse(m[1]!);
      return typeof v === 'string' ? v : undefined;
    } catch {
      return undefined;
    }
  };
  const dir = string(text.match(/\n {2}"dir": ("(?:[^"\\\n]|\\.)*")/));
  const environment = string(text.match(/\n {2}"target": \{(?:\n {4}[^\n]*)*?\n {4}"environment": ("(?:[^"\\\n]|\\.)*")/));
  return { ...(dir === undefined ? {} : { dir }), ...(environment === undefined ? {} : { environment }) };
}

/** planMadeWith of a plan document not laid out as planDocument writes it: its `dir` and `target.environment` strings, parsed; none when it is no JSON object. */
function parsedMadeWith(text: string): { dir?: string; environment?: string } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return {};
  }
  const field = (o: unknown, name: string): unknown => (typeof o === 'object' && o !== null && !Array.isArray(o) ? (o as Record<string, unknown>)[name] : undefined);
  const dir = field(doc, 'dir');
  const environment = field(field(doc, 'target'), 'environment');
  return { ...(typeof dir === 'string' ? { dir } : {}), ...(typeof environment === 'string' ? { environment } : {}) };
}

function planDocument(plan: MadePlan): PlanDocument {
  return {
    format_version: PLAN_FORMAT_VERSION,
    created_at: plan.createdAt,
    target: { ...plan.target, environment: plan.target.environment ?? null },
    dir: plan.dir,
    overlays: plan.overlays ?? null,
    namespace_from: plan.namespaceFrom,
    ...(plan.endpointFrom === undefined ? {} : { endpoint_from: plan.endpointFrom }),
    retain_versions: plan.retainVersions,
    ...(plan.lockedBy === undefined ? {} : { locked_by: plan.lockedBy }),
    prune: plan.prune,
    adopt_legacy: plan.adoptLegacy,
    adopt_namespace: plan.adoptNamespace ?? null,
    targets: plan.targets,
    summary: plan.summary,
    resource_changes: plan.changes.map(changeDocument),
    legacy: plan.legacy,
    definitions: plan.definitions,
  };
}

/** One change as the document holds it (resource_changes[]). */
function changeDocument(c: PlanChange): ResourceChangeDocument {
  return {
    key: c.key,
    id: c.id,
    actions: [c.action],
    orphan: c.orphan,
    adopt: c.adopt,
    ...(c.removedMarkers === undefined ? {} : { removed_markers: c.removedMarkers }),
    ...(c.defaultedFields === undefined ? {} : { defaulted_fields: c.defaultedFields }),
    moved_from: c.movedFrom ?? null,
    ...(c.likelyMovedFrom === undefined ? {} : { likely_moved_from: c.likelyMovedFrom }),
    ...(c.likelyUnmarked === undefined ? {} : { likely_unmarked: c.likelyUnmarked }),
    ...(c.movedFromElsewhere === undefined ? {} : { moved_from_elsewhere: c.movedFromElsewhere }),
    ...(c.handMadeLatest === undefined ? {} : { hand_made_latest: { version: c.handMadeLatest.version, marked_version: c.handMadeLatest.markedVersion } }),
    ...(c.liveElsewhere === undefined ? {} : { live_elsewhere: liveElsewhereDocument(c.liveElsewhere) }),
    duplicate_of: c.duplicateOf,
    file: c.file ?? null,
    changed_fields: c.changedFields,
    before: c.before,
    after: c.after,
    patch: c.patch,
    body: c.body,
    live_fingerprint: c.liveFingerprint,
    ...(c.liveVersion === undefined ? {} : { live_version: c.liveVersion }),
    ...(c.version === undefined ? {} : { version: c.version }),
    ...(c.deleteVersions === undefined ? {} : { delete_versions: c.deleteVersions }),
    ...(c.deleteUnmarked === undefined ? {} : { delete_versions_unmarked: c.deleteUnmarked }),
    ...(c.drift ? { drift: true as const } : {}),
  };
}

/** PlanChange.liveElsewhere as the document holds it (resource_changes[].live_elsewhere). */
function liveElsewhereDocument({ namespace, id, changedFields, managedBy }: NonNullable<PlanChange['liveElsewhere']>): NonNullable<ResourceChangeDocument['live_elsewhere']> {
  return { namespace, id, changed_fields: changedFields, ...(managedBy === undefined ? {} : { managed_by: managedBy }) };
}

export function serializePlan(plan: MadePlan): string {
  return `${JSON.stringify(planDocument(plan), null, 2)}\n`;
}

type Loose = Record<string, unknown>;

/** A field's place in the document, as a message names it: `resource_changes[0].actions`, `definitions["a/b"]`. */
function fieldName(path: JsonPath): string {
  if (path.length === 0) return 'the document';
  return path
    .map((step, i) => (typeof step === 'number' ? `[${step}]` : /^[A-Za-z_][A-Za-z0-9_]*$/.test(step) ? `${i === 0 ? '' : '.'}${step}` : `[${JSON.stringify(step)}]`))
    .join('');
}

/**
 * Reads one plan document field by field, so a damaged file names what is wrong with it: the
 * field, at its line and column in `text` (or its object's, for a missing one).
 */
class DocumentReader {
  /** The kind the plan's backend manages, once `target.backend` is read. */
  kind?: ResourceKind;
  /** The plan's provider, once `target.provider` is read (a create's notable fields depend on it). */
  provider?: string;
  /** What to do about a file that cannot be read. */
  readonly hint: string;
  /** What to do about a file whose parts disagree: the same new plan, with what it is for. */
  readonly editedHint: string;

  constructor(
    private readonly file: string,
    private readonly text: string,
    remake: Remake,
  ) {
    this.hint = `make a new one with ${remakeText(remake)}`;
    this.editedHint = `a plan file is used only as \`aac plan --out\` wrote it, so that what it shows is what it applies; make a new one with ${remakeText(remake)}`;
  }

  /**
   * The file's part at `path` disagrees with another part: no plan aac writes does, so the file was
   * edited after it was saved (code `plan-edited`), said at that part's line and column.
   */
  edited(path: JsonPath, what: string): never {
    const at = jsonValueAt(this.text, path) ?? { line: 1, column: 1 };
    throw UserError.at({
      severity: 'error',
      code: 'plan-edited',
      location: { file: this.file, line: at.line, column: at.column },
      path: '',
      message: `the plan file was edited after it was saved: ${fieldName(path)} ${what}`,
      hint: this.editedHint,
    }, 'plan-edited');
  }

  fail(what: string): never {
    throw new UserError(`${this.file} is not a valid aac plan file: ${what}`, this.hint);
  }

  /** `fail` about the field at `path`: `plan.json:9:18: … resource_changes[0].actions must be …`. */
  failField(path: JsonPath, what: string): never {
    const at = jsonValueAt(this.text, path);
    const message = `${fieldName(path)} ${what}`;
    return at ? this.failAt(at, message) : this.fail(message);
  }

  /** `fail` at a place in the file: `plan.json:3:8: not a valid aac plan file: …` (the place names the file once), and that place in --format json's diagnostics. */
  failAt({ line, column }: { line: number; column: number }, what: string): never {
    const message = `not a valid aac plan file: ${what}`;
    throw UserError.at({ severity: 'error', code: 'invalid-plan-file', location: { file: this.file, line, column }, path: '', message, hint: this.hint });
  }

  object(value: unknown, where: JsonPath): Loose {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.failField(where, 'must be an object');
    return value as Loose;
  }

  string(value: unknown, where: JsonPath): string {
    if (typeof value !== 'string') this.failField(where, 'must be a string');
    return value;
  }

  nullableString(value: unknown, where: JsonPath): string | null {
    return value === null ? null : this.string(value, where);
  }

  boolean(value: unknown, where: JsonPath): boolean {
    if (typeof value !== 'boolean') this.failField(where, 'must be true or false');
    return value;
  }

  /** An object of strings (metadata pairs), its keys as data (`__proto__` too). */
  strings(value: unknown, where: JsonPath): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(this.object(value, where))) put(out, k, this.string(v, [...where, k]));
    return out;
  }

  /** One of `choices` (strings): `must be one of "a", "b"` otherwise. */
  oneOf<T extends string>(value: unknown, choices: readonly T[], where: JsonPath): T {
    if (!choices.includes(value as T)) this.failField(where, `must be one of ${choices.map((c) => JSON.stringify(c)).join(', ')}`);
    return value as T;
  }

  count(value: unknown, where: JsonPath): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) this.failField(where, 'must be a count');
    return value;
  }

  array(value: unknown, where: JsonPath): unknown[] {
    if (!Array.isArray(value)) this.failField(where, 'must be an array');
    return value;
  }

  spec(value: unknown, where: JsonPath): NormalizedSpec | null {
    if (value === null) return null;
    const spec = this.object(value, where);
    for (const { name } of this.kind!.fields) if (!(name in spec)) this.failField([...where, name], 'is missing');
    return spec as NormalizedSpec;
  }
}

/** The file's format MINOR (its MAJOR checked to be READABLE_MAJOR). */
function checkVersion(doc: Loose, file: string, read: DocumentReader, remake: Remake): number {
  const version = read.string(doc.format_version, ['format_version']);
  const match = /^(\d+)\.(\d+)$/.exec(version);
  if (!match) read.failField(['format_version'], `'${version}' is not MAJOR.MINOR`);
  if (Number(match[1]) !== READABLE_MAJOR) {
    throw new UserError(
      `${file} has plan format_version ${version}; this aac reads ${READABLE_MAJOR}.x only`,
      `make the plan again with this version of aac: ${remakeText(remake)}`,
    );
  }
  return Number(match[2]);
}

/** `version` of a change: ids as strings (1.9); a file before 1.9 has them as numbers, read as their digits. */
function readVersion(value: unknown, where: JsonPath, read: DocumentReader): { from: string; to: string | null } {
  const v = read.object(value, where);
  const id = (x: unknown, at: JsonPath) => (typeof x === 'number' ? String(read.count(x, at)) : read.string(x, at));
  return { from: id(v.from, [...where, 'from']), to: v.to === null ? null : id(v.to, [...where, 'to']) };
}

/** `endpoint_from` (EndpointFrom): a source, with its variable's name or aac.yaml's place. */
function readEndpointFrom(value: unknown, read: DocumentReader): EndpointFrom {
  const e = read.object(value, ['endpoint_from']);
  const at = (field: string) => ['endpoint_from', field];
  const source = read.oneOf(e.source, ENDPOINT_SOURCES, at('source'));
  if (source === 'variable') return { source, variable: read.string(e.variable, at('variable')) };
  if (source === 'default') return { source };
  return {
    source,
    file: read.string(e.file, at('file')),
    ...(e.line === undefined ? {} : { line: read.count(e.line, at('line')) }),
    ...(e.column === undefined ? {} : { column: read.count(e.column, at('column')) }),
    ...(e.environment === undefined ? {} : { environment: read.string(e.environment, at('environment')) }),
  };
}

/** resource_changes[].live_elsewhere.managed_by (at `where`): the managing directory, and its file when it has one. */
function readManagedBy(value: unknown, where: JsonPath, read: DocumentReader): { dir: string; file?: string } {
  const m = read.object(value, where);
  const dir = read.string(m.dir, [...where, 'dir']);
  return m.file === undefined ? { dir } : { dir, file: read.string(m.file, [...where, 'file']) };
}

/** `locked_by` (PlanLock). */
function readLock(value: unknown, read: DocumentReader): PlanLock {
  const l = read.object(value, ['locked_by']);
  const at = (field: string) => ['locked_by', field];
  return {
    id: read.string(l.id, at('id')),
    operation: read.string(l.operation, at('operation')),
    holder: read.string(l.holder, at('holder')),
    ...(l.run === undefined ? {} : { run: read.string(l.run, at('run')) }),
    since: read.string(l.since, at('since')),
  };
}

/** The operations a plan's patch is made of (`jsonpatch.compare`); a file with others was edited. */
const PATCH_OPS: ReadonlySet<string> = new Set(['add', 'remove', 'replace']);

/** A deep copy of JSON data whose objects have no prototype: there a key named `__proto__` is data. */
function withoutPrototypes(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutPrototypes);
  if (!isObject(value)) return value;
  const out = Object.create(null) as Record<string, unknown>;
  for (const [k, v] of Object.entries(value)) out[k] = withoutPrototypes(v);
  return out;
}

/**
 * `before` with the change's RFC 6902 patch applied: the state the plan diffed against. Its keys
 * are data (a metadata key or a schema's property may be `__proto__`), so it is applied to copies
 * without prototypes, where such a key is set as any other and no path can reach a prototype
 * (move and copy, which would bring in plain objects, are never in a plan's patch).
 */
function patched(before: NormalizedSpec, patch: Operation[], read: DocumentReader, where: JsonPath): NormalizedSpec {
  patch.forEach((op, i) => {
    if (!isObject(op) || !PATCH_OPS.has(op.op)) read.failField([...where, 'patch', i], 'is not an add, remove or replace operation');
  });
  const ops = patch.map((op) => ('value' in op ? { ...op, value: withoutPrototypes(op.value) } : op));
  try {
    return copyJson(jsonpatch.applyPatch(withoutPrototypes(before), ops, true, true, false).newDocument as NormalizedSpec);
  } catch (err) {
    return read.failField([...where, 'patch'], `does not apply to ${fieldName([...where, 'before'])}: ${(err as Error).message.split('\n')[0]}`);
  }
}

/** `[a, b]`, as a message lists fields. */
const listed = (fields: readonly string[]): string => `[${fields.join(', ')}]`;

/**
 * A change's field changes as the views show them, from its parts, which must agree as the
 * planner makes them (change.ts): a create has no live side (`before`) and a delete no desired
 * one (`after`); drift is a create's or an update's. An update's changes are the diff from
 * `before` to what its patch makes of it (`after` may hold values left to the server, which the
 * patch already resolved), and its changed_fields name them; a create's changed_fields are the
 * notable fields of `after`, which its patch makes from nothing; a delete's, those of `before`,
 * with no patch; a no-op has neither. A change whose parts disagree is refused as edited
 * (DocumentReader.edited): a view drawn from one part would show what another part does not do.
 */
function fieldChangesOf(
  action: ActionKind,
  c: Pick<PlanChange, 'before' | 'after' | 'patch' | 'changedFields'> & { drift: boolean },
  read: DocumentReader,
  where: JsonPath,
): FieldChange[] {
  const at = (step: string) => [...where, step];
  const { before, after, patch, changedFields } = c;
  if ((before === null) !== (action === 'create')) read.edited(at('before'), action === 'create' ? 'holds a live side, which a create has not' : `is null, but ${withArticle(action)} is planned against a live one`);
  if (action === 'delete' && after !== null) read.edited(at('after'), 'holds a desired side, which a delete has not');
  if ((action === 'create' || action === 'update') && after === null) read.edited(at('after'), `is null, but ${withArticle(action)} writes one`);
  if (c.drift && action !== 'create' && action !== 'update') read.edited(at('drift'), `is set on ${withArticle(action)}; only a create or an update can be drift`);
  const agree = (given: FieldChange[], what: string): FieldChange[] => {
    const fields = given.map((f) => f.field);
    if (!sameJson(fields, changedFields)) read.edited(at('changed_fields'), `is ${listed(changedFields)}, but ${what} ${listed(fields)}`);
    return given;
  };
  if (before && after) return agree(diffSpecs(before, patched(before, patch, read, where), read.kind!).fieldChanges, 'its before and patch change');
  if (action === 'create') {
    if (!sameJson(patched({}, patch, read, where), after)) read.edited(at('patch'), 'does not make its after from nothing, as a create\'s does');
    return agree(notableFields(after!, { kind: read.kind!, provider: read.provider! }, 'after'), 'its after sets');
  }
  if (patch.length > 0) read.edited(at('patch'), `holds operations, but ${withArticle(action)} writes nothing`);
  // A delete shows what the resource had; an orphan kept shows nothing.
  return agree(action === 'delete' ? notableFields(before!, { kind: read.kind!, provider: read.provider! }, 'before') : [], action === 'delete' ? 'its before holds' : 'a no-op changes');
}

/**
 * A change's `body` (what a write sends, in the definition's model), refused as edited when it
 * does not give its `after`: the comparison apply makes of a definition with what a plan recorded
 * of it (plannedDifference), here of the file's two parts, which need no definition, each side
 * normalized and redacted as the file is. A create sends the definition's own fields (the kind's
 * write.create), so every field is compared; an update sends the fields it changes (write.update),
 * each the definition's value or what clears the live one, so only the fields its body holds are,
 * the others being the live resource's, which the file does not hold (apply checks the whole body
 * against the plan it makes again: findTampering). The views draw a create from its body and
 * `--format json` prints an update's, so one edited alone would show what the plan does not do.
 */
function bodyAgrees(action: ActionKind, body: Spec, after: NormalizedSpec | null, read: DocumentReader, where: JsonPath): Spec {
  if ((action !== 'create' && action !== 'update') || after === null) return body;
  const kind = read.kind!;
  const sent = redactData(kind.normalize(body, read.provider!), [], kind.credentials);
  const differing = plannedDifference(after, sent, kind).filter((d) => action === 'create' || Object.hasOwn(body, d.field));
  const [first, ...rest] = differing;
  if (first !== undefined) {
    const others = placeNames(rest);
    read.edited([...where, 'body', ...first.at], `disagrees with its after${others.length === 0 ? '' : `, as ${others.length === 1 ? 'does' : 'do'} its ${andList(others)}`}: the ${action} would send what the plan does not show`);
  }
  return body;
}

function readChange(value: unknown, i: number, read: DocumentReader): PlanChange {
  const where = ['resource_changes', i];
  const at = (...steps: Array<string | number>) => [...where, ...steps];
  const c = read.object(value, where);
  const actions = read.array(c.actions, at('actions'));
  const action = actions[0] as ActionKind;
  if (actions.length !== 1 || !ACTIONS.includes(action)) read.failField(at('actions'), `must be one of ${ACTIONS.map((a) => `["${a}"]`).join(', ')}`);
  const before = read.spec(c.before, at('before'));
  const after = read.spec(c.after, at('after'));
  const changedFields = read.array(c.changed_fields, at('changed_fields')).map((f, j) => {
    if (typeof f !== 'string' || !read.kind!.fields.some((r) => r.name === f)) read.failField(at('changed_fields', j), 'is not a known field');
    return f as string;
  });
  const file = c.file === null || c.file === undefined ? undefined : read.string(c.file, at('file'));
  const movedFrom = c.moved_from === null || c.moved_from === undefined ? undefined : read.string(c.moved_from, at('moved_from'));
  // Absent before 1.11, and on a change that repeats no orphan.
  const likelyMovedFrom = c.likely_moved_from === undefined ? undefined : read.string(c.likely_moved_from, at('likely_moved_from'));
  const likelyUnmarked = c.likely_unmarked === undefined ? undefined : read.string(c.likely_unmarked, at('likely_unmarked'));
  const elsewhere = c.moved_from_elsewhere === undefined ? undefined : read.object(c.moved_from_elsewhere, at('moved_from_elsewhere'));
  const movedFromElsewhere = elsewhere && {
    key: read.string(elsewhere.key, at('moved_from_elsewhere', 'key')),
    namespace: read.string(elsewhere.namespace, at('moved_from_elsewhere', 'namespace')),
    id: read.string(elsewhere.id, at('moved_from_elsewhere', 'id')),
  };
  // Absent before 1.20, and on a change of a resource whose latest version carries its marker.
  const handMade = c.hand_made_latest === undefined ? undefined : read.object(c.hand_made_latest, at('hand_made_latest'));
  const handMadeLatest = handMade && {
    version: read.string(handMade.version, at('hand_made_latest', 'version')),
    markedVersion: read.string(handMade.marked_version, at('hand_made_latest', 'marked_version')),
  };
  // Absent before 1.16, and on a change whose key no other namespace's resource carries.
  const twin = c.live_elsewhere === undefined ? undefined : read.object(c.live_elsewhere, at('live_elsewhere'));
  const liveElsewhere = twin && {
    namespace: read.string(twin.namespace, at('live_elsewhere', 'namespace')),
    id: read.string(twin.id, at('live_elsewhere', 'id')),
    changedFields: read.array(twin.changed_fields, at('live_elsewhere', 'changed_fields')).map((f, j) => {
      if (typeof f !== 'string' || !read.kind!.fields.some((r) => r.name === f)) read.failField(at('live_elsewhere', 'changed_fields', j), 'is not a known field');
      return f as string;
    }),
    // Absent before 1.21, and when no other directory of the repository manages that namespace.
    ...(twin.managed_by === undefined ? {} : { managedBy: readManagedBy(twin.managed_by, at('live_elsewhere', 'managed_by'), read) }),
  };
  const patch = read.array(c.patch, at('patch')) as Operation[];
  const version = c.version === undefined ? undefined : readVersion(c.version, at('version'), read);
  const deleteVersions = c.delete_versions === undefined ? undefined : read.array(c.delete_versions, at('delete_versions')).map((v, j) => read.string(v, at('delete_versions', j)));
  // Absent before 1.20, and when no version it deletes was made outside aac.
  const deleteUnmarked = c.delete_versions_unmarked === undefined ? undefined : read.array(c.delete_versions_unmarked, at('delete_versions_unmarked')).map((v, j) => {
    if (typeof v !== 'string' || !deleteVersions?.includes(v)) read.failField(at('delete_versions_unmarked', j), 'is not one of delete_versions');
    return v as string;
  });
  // Absent before 1.6, and on a change that is not drift.
  const drift = c.drift === undefined ? false : read.boolean(c.drift, at('drift'));
  // Absent before 1.8, and on a change that removes no marker.
  const removedMarkers = c.removed_markers === undefined ? undefined : read.strings(c.removed_markers, at('removed_markers'));
  // Absent before 1.10, and on a change whose fields the definition all writes: then nothing is marked the server's.
  const defaultedFields = c.defaulted_fields === undefined ? undefined : read.array(c.defaulted_fields, at('defaulted_fields')).map((f, j) => {
    if (typeof f !== 'string' || !changedFields.includes(f)) read.failField(at('defaulted_fields', j), 'is not one of changed_fields');
    return f as string;
  });
  return {
    key: read.string(c.key, at('key')),
    id: read.nullableString(c.id, at('id')),
    action,
    orphan: read.boolean(c.orphan, at('orphan')),
    adopt: read.boolean(c.adopt, at('adopt')),
    ...(removedMarkers === undefined ? {} : { removedMarkers }),
    ...(defaultedFields === undefined ? {} : { defaultedFields }),
    ...(movedFrom === undefined ? {} : { movedFrom }),
    ...(likelyMovedFrom === undefined ? {} : { likelyMovedFrom }),
    ...(likelyUnmarked === undefined ? {} : { likelyUnmarked }),
    ...(movedFromElsewhere === undefined ? {} : { movedFromElsewhere }),
    ...(handMadeLatest === undefined ? {} : { handMadeLatest }),
    ...(liveElsewhere === undefined ? {} : { liveElsewhere }),
    duplicateOf: read.nullableString(c.duplicate_of, at('duplicate_of')),
    before,
    after,
    patch,
    changedFields,
    fieldChanges: fieldChangesOf(action, { before, after, patch, changedFields, drift }, read, where),
    body: bodyAgrees(action, read.object(c.body, at('body')) as Spec, after, read, where),
    ...(version === undefined ? {} : { version }),
    ...(deleteVersions === undefined ? {} : { deleteVersions }),
    ...(deleteUnmarked === undefined ? {} : { deleteUnmarked }),
    ...(drift ? { drift } : {}),
    ...(file === undefined ? {} : { file }),
    liveFingerprint: read.nullableString(c.live_fingerprint, at('live_fingerprint')),
    // Absent before 1.18, and for a kind without versions.
    ...(c.live_version === undefined ? {} : { liveVersion: read.string(c.live_version, at('live_version')) }),
  };
}

/**
 * The command that makes a saved plan again (`aac plan --out plan.json --dir ws`, with the run's
 * options: commands/suggest.ts), and what a reader needs beside it to run it, said after it
 * (` (aac.yaml declares dev, prod)` after a `--env NAME` to fill in), '' for nothing.
 */
export interface Remake {
  command: string;
  aside: string;
}

/** `remake` as a hint says it: the command as code, then its aside. */
function remakeText(remake: Remake): string {
  return `${codeSpan(remake.command)}${remake.aside}`;
}

/**
 * The plan saved in `file` (its text), checked field by field: a damaged file, one of another
 * major format version or of an aac without namespaces is a UserError naming the file and the
 * problem, whose hint is `remake`, the plan that makes it again (a bare command: with no aside).
 */
export function parsePlanFile(text: string, file: string, given: string | Remake): Plan {
  const remake = typeof given === 'string' ? { command: given, aside: '' } : given;
  const read: DocumentReader = new DocumentReader(file, text, remake);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    const view = printedPlanView(text);
    if (view) read.fail(`it holds the plan's ${view} view, as \`aac plan${view === 'text' ? '' : ' --format markdown'}\` prints it for reading, not the file \`aac plan --out\` saves`);
    const at = jsonSyntaxError(text);
    if (at) read.failAt(at, `not JSON: ${at.message}`);
    read.fail(`not JSON (${(err as Error).message})`);
  }
  // JSON.parse keeps a repeated key's last value, where a reader of the file may see the first:
  // refused, as a definition's is, and so is a nesting no definition can have.
  const beyond = jsonBeyondYaml(text);
  if (beyond) {
    const at = lineAndColumn(text, beyond.offset);
    if (beyond.repeatedKey !== undefined) read.failAt(at, `the key ${JSON.stringify(beyond.repeatedKey)} appears twice in one object; a plan file holds each key once`);
    read.failAt(at, `lists and objects nest more than ${MAX_NESTING} levels deep here, which no plan aac makes does`);
  }
  const doc = read.object(parsed, []);
  const minor = checkVersion(doc, file, read, remake);
  for (const [field, since] of Object.entries(WRITTEN_SINCE)) {
    const path = field.split('.');
    const name = path.pop()!;
    // A parent that is not an object is refused as such where it is read.
    const parent = path.reduce<unknown>((at, step) => (isObject(at) ? at[step] : undefined), doc);
    if (minor >= since && isObject(parent) && parent[name] === undefined) read.failField([...path, name], `is missing: a plan file of format ${READABLE_MAJOR}.${since} or later always has it`);
  }
  const target = read.object(doc.target, ['target']);
  const summary = read.object(doc.summary, ['summary']);
  const definitions = read.object(doc.definitions, ['definitions']);
  const backend = read.string(target.backend, ['target', 'backend']);
  read.kind = kindOfBackend(backend);
  if (!read.kind) read.failField(['target', 'backend'], `'${backend}' is not a backend this aac knows`);
  if (target.namespace === undefined) {
    throw new UserError(
      `${file} was made by an aac without namespaces, so it does not say whose ${read.kind.nouns.many} it changes`,
      `make the plan again with this version of aac: ${remakeText(remake)}`,
    );
  }
  const provider = read.string(target.provider, ['target', 'provider']);
  read.provider = provider;
  const changes = read.array(doc.resource_changes, ['resource_changes']).map((c, i) => readChange(c, i, read));
  // Absent before 1.4, when there were no environments.
  const environment = target.environment === undefined ? null : read.nullableString(target.environment, ['target', 'environment']);
  // Absent before 1.17, which had no --adopt-namespace; never the plan's own namespace (refused when planned).
  const adoptNamespace = doc.adopt_namespace === undefined ? null : read.nullableString(doc.adopt_namespace, ['adopt_namespace']);
  if (adoptNamespace !== null && adoptNamespace === target.namespace) read.failField(['adopt_namespace'], "is the plan's own namespace");
  const overlays = doc.overlays === undefined ? null : read.nullableString(doc.overlays, ['overlays']);
  // The overlay directory is an environment's: a plan made without one has none.
  if (overlays !== null && environment === null) read.edited(['overlays'], 'names an overlay directory, but the plan was made without an environment');
  const plan: Plan = {
    target: {
      backend,
      provider,
      endpoint: read.string(target.endpoint, ['target', 'endpoint']),
      namespace: read.string(target.namespace, ['target', 'namespace']),
      ...(environment === null ? {} : { environment }),
    },
    prune: read.boolean(doc.prune, ['prune']),
    // Absent before 1.3, which had no --adopt-legacy.
    adoptLegacy: doc.adopt_legacy === undefined ? false : read.boolean(doc.adopt_legacy, ['adopt_legacy']),
    ...(adoptNamespace === null ? {} : { adoptNamespace }),
    // Absent in 1.0 documents, which were never targeted.
    targets: doc.targets === undefined ? [] : read.array(doc.targets, ['targets']).map((t, i) => read.string(t, ['targets', i])),
    changes,
    summary: {
      create: read.count(summary.create, ['summary', 'create']),
      update: read.count(summary.update, ['summary', 'update']),
      delete: read.count(summary.delete, ['summary', 'delete']),
      unchanged: read.count(summary.unchanged, ['summary', 'unchanged']),
      orphans: read.count(summary.orphans, ['summary', 'orphans']),
      unmanaged: read.count(summary.unmanaged, ['summary', 'unmanaged']),
      other_namespaces: read.count(summary.other_namespaces, ['summary', 'other_namespaces']),
      legacy: read.count(summary.legacy, ['summary', 'legacy']),
      // Absent before 1.7: the changes' own lists (1.5 on) say it.
      delete_versions: summary.delete_versions === undefined ? summarize(changes, { unmanaged: 0, other_namespaces: 0, legacy: 0 }).delete_versions : read.count(summary.delete_versions, ['summary', 'delete_versions']),
    },
    legacy: read.array(doc.legacy, ['legacy']).map((value, i) => {
      const l = read.object(value, ['legacy', i]);
      const file = l.file === undefined ? undefined : read.string(l.file, ['legacy', i, 'file']);
      return { key: read.string(l.key, ['legacy', i, 'key']), id: read.string(l.id, ['legacy', i, 'id']), ...(file === undefined ? {} : { file }) };
    }),
    definitions: Object.fromEntries(
      Object.entries(definitions).map(([key, hash]) => [key, read.string(hash, ['definitions', key])]),
    ),
    // Absent before 1.12 (WRITTEN_SINCE).
    ...(doc.dir === undefined ? {} : { dir: read.string(doc.dir, ['dir']) }),
    // Absent before 1.21 (WRITTEN_SINCE); null without environments.
    ...(overlays === null ? {} : { overlays }),
    // Absent before 1.13 (WRITTEN_SINCE).
    ...(doc.namespace_from === undefined ? {} : { namespaceFrom: read.oneOf(doc.namespace_from, NAMESPACE_SOURCES, ['namespace_from']) }),
    // Absent before 1.19.
    ...(doc.endpoint_from === undefined ? {} : { endpointFrom: readEndpointFrom(doc.endpoint_from, read) }),
    // Absent before 1.14 (WRITTEN_SINCE).
    ...(doc.retain_versions === undefined ? {} : { retainVersions: doc.retain_versions === null ? null : read.count(doc.retain_versions, ['retain_versions']) }),
    // Absent before 1.15, and when no other run held the lock.
    ...(doc.locked_by === undefined ? {} : { lockedBy: readLock(doc.locked_by, read) }),
    // Before 1.18 the fingerprints hashed the whole object: compared so (liveFingerprintFor).
    ...(minor < BOOKKEEPING_LEFT_OUT ? { wholeFingerprints: true as const } : {}),
    // Only of another format than this aac writes: a plan read back as written is the plan.
    ...(minor === WRITTEN_MINOR ? {} : { formatMinor: minor }),
    createdAt: read.string(doc.created_at, ['created_at']),
  };
  checkWhole(plan, read);
  return plan;
}

/** The summary's counts a plan's changes give (summarize), which a file must repeat. */
const COUNTED = ['create', 'update', 'delete', 'unchanged', 'orphans', 'delete_versions'] as const;

/**
 * The parts of a read plan that must agree with each other as the planner makes them (build.ts),
 * beyond each change's own (fieldChangesOf): the summary's counts are its changes' (what the views
 * say first: `Plan: 1 to create, …`), its legacy count is its legacy list's, and its targets select
 * every key it holds (a targeted plan holds only those). A file that disagrees was edited
 * (DocumentReader.edited). What the file says of resources it leaves alone (unmanaged, other
 * namespaces') is the host's state when the plan was made, which nothing in the file repeats.
 */
function checkWhole(plan: Plan, read: DocumentReader): void {
  const { unmanaged, other_namespaces, legacy } = plan.summary;
  const given = summarize(plan.changes, { unmanaged, other_namespaces, legacy });
  for (const count of COUNTED) {
    if (plan.summary[count] !== given[count]) read.edited(['summary', count], `is ${plan.summary[count]}, but its resource_changes give ${given[count]}`);
  }
  if (plan.summary.legacy !== plan.legacy.length) read.edited(['summary', 'legacy'], `is ${plan.summary.legacy}, but its legacy list holds ${plan.legacy.length}`);
  const unselected = [...plan.changes.map((c) => c.key), ...Object.keys(plan.definitions)].find((key) => !isTargeted(plan.targets, key));
  if (unselected !== undefined) read.edited(['targets'], `${listed(plan.targets)} does not select '${unselected}', which the plan holds; a targeted plan holds only what its targets select`);
}

/** A run's target before its client is made: the endpoint is known only once it is (`undefined`). */
export type RunTarget = Omit<PlanTarget, 'endpoint'> & { endpoint?: string };

/** True when `b` is `a`'s backend and provider and, when known, its endpoint (compared as comparableEndpoint spells them). */
export function sameEndpoint(a: PlanTarget, b: RunTarget): boolean {
  return a.backend === b.backend && a.provider === b.provider && (b.endpoint === undefined || comparableEndpoint(a.endpoint) === comparableEndpoint(b.endpoint));
}

/** A target as a refusal names it: its endpoint redacted (shownEndpoint), since a plan file's, edited, can hold a userinfo or query credential. */
function describeTarget(t: PlanTarget): string {
  return `${t.provider} at ${shownEndpoint(t.endpoint)}`;
}

/**
 * Why a saved plan was made for another target than this run's: another backend, provider or
 * endpoint, namespace or environment; [] when it is the same. Needs no request, so a run checks it
 * before it sends anything (no credential goes to a host the plan was not made for), and, but for
 * the endpoint, before it makes a client (which would first ask for that host's credentials).
 */
export function targetMismatch(planned: PlanTarget, now: RunTarget): string[] {
  const reasons: string[] = [];
  if (!sameEndpoint(planned, now)) {
    reasons.push(now.endpoint === undefined
      ? `the plan was made for another provider: ${describeTarget(planned)}, but this run's provider is ${now.provider}`
      : `the plan was made for another endpoint: ${describeTarget(planned)}, but this run targets ${describeTarget({ ...now, endpoint: now.endpoint })}`);
  }
  if (planned.namespace !== now.namespace) {
    reasons.push(`the plan was made for the namespace '${planned.namespace}', but this run's namespace is '${now.namespace}'`);
  }
  if (planned.environment !== now.environment) {
    const said = (e: string | undefined) => (e === undefined ? 'without an environment' : `in environment '${e}'`);
    reasons.push(`the plan was made ${said(planned.environment)}, but this run is ${said(now.environment)}`);
  }
  return reasons;
}

/**
 * Why apply cannot check the saved plan `plan` (read from `file`) against the plan made now, as
 * the message of its refusal, or undefined when it can: a file of a later MINOR than this aac
 * writes may hold parts whose meaning this aac does not know (Terraform applies only plans of its
 * own version); one of an earlier MINOR than a part's CHECKED_PARTS entry holds that part
 * otherwise, and comparing it would name a change that did not happen. `show` draws either.
 */
export function uncheckedFormat(plan: Pick<Plan, 'formatMinor'>, file: string): string | undefined {
  const minor = plan.formatMinor;
  if (minor === undefined) return undefined;
  const made = `${READABLE_MAJOR}.${minor}`;
  if (minor > WRITTEN_MINOR) return `${file} was made by a later aac (plan format ${made}) than this one, which writes ${PLAN_FORMAT_VERSION}: its newer parts may mean what this aac does not know, so it cannot check them`;
  const parts = CHECKED_PARTS.filter((p) => minor < p.since).map((p) => p.part);
  if (parts.length === 0) return undefined;
  return `${file} was made by an earlier aac (plan format ${made}), whose ${andList(parts)} this aac cannot check`;
}

/** What definitionChanges needs to name the fields of an edited definition: the kind's fields, paths, normalize and credential places, on the plan's provider. */
export interface DesiredFields {
  kind: Pick<ResourceKind, 'fields' | 'normalize' | 'paths' | 'credentials'>;
  provider: string;
}

/**
 * Where the changed field `field` of `d` is written, for a message: the instructions file when its
 * instructions come from one, `file:line:column` of its first differing value (`at`, a path below
 * the spec) or its nearest written parent (Definition.locate), or that the definition no longer
 * writes it (its value is then the kind's default).
 */
function writtenAt(d: Definition, field: string, at: JsonPath, kind: DesiredFields['kind']): string {
  if (d.spec[field] === undefined) return 'no longer written';
  const instructions = kind.paths.instructions;
  if (d.instructionsFile !== undefined && instructions.every((step, i) => at[i] === step)) return d.instructionsFile;
  return fieldAt(d, at);
}

/**
 * Why the definition `key` reads as changed, said naming the places whose values differ from what
 * the plan recorded of it (`planned`, its change's `after`: the definition normalized, then
 * redacted as the file is), each as the plan's diff names it (plannedDifference: `temperature`,
 * `definition.instructions`), and where each is written (writtenAt); when it takes aac.yaml values,
 * those too, as what may have changed them. A plan records one hash of all a definition is made
 * of (Definition.sourceHash: its file, instructions file, fragments and overlay, and the values its
 * variables take from aac.yaml), so when no field differs (a comment, `id:`, `moved_from:`, a
 * credential the file shows redacted) or the plan recorded no values, the message names each part
 * it may be, not the file alone, which often did not change.
 */
function changedDefinition(key: string, d: Definition, planned: NormalizedSpec | null | undefined, fields: DesiredFields): string {
  const values = d.variables ?? [];
  const valuesOf = `the aac.yaml value${values.length === 1 ? '' : 's'} of ${values.join(', ')}`;
  const differing = planned === null || planned === undefined ? [] : plannedDifference(planned, redactData(fields.kind.normalize(d.spec, fields.provider), [], fields.kind.credentials), fields.kind);
  if (differing.length > 0) {
    const named = andList(differing.map(({ field, path, at }) => `${pathText(path)} (${writtenAt(d, field, at, fields.kind)})`));
    return `the definition '${key}' changed since the plan was made, in its ${named}${values.length === 0 ? '' : `; it takes ${valuesOf}`}`;
  }
  const parts = [...(d.instructionsFile === undefined ? [] : [d.instructionsFile]), ...(d.parts ?? []), ...(values.length === 0 ? [] : [valuesOf])];
  return parts.length === 0
    ? `the definition '${key}' (${d.file}) changed since the plan was made`
    : `the definition '${key}' changed since the plan was made: ${d.file}, or a file or aac.yaml value it is made of (${parts.join(', ')})`;
}

/**
 * The plan's definitions (of its targets) that were added, removed or edited since it was made,
 * compared by the hashes it recorded; [] when none. An edited one is said naming its fields that
 * differ (changedDefinition, by `fields`). Needs no request, like targetMismatch.
 */
export function definitionChanges(plan: Pick<Plan, 'definitions' | 'targets' | 'changes'>, desired: readonly Definition[], fields: DesiredFields): string[] {
  const reasons: string[] = [];
  // A targeted plan answers for its targets only: what happened elsewhere does not make it stale.
  const targeted = desired.filter((d) => isTargeted(plan.targets, d.key));
  const current = new Map(targeted.map((d) => [d.key, d]));
  for (const [key, hash] of Object.entries(plan.definitions)) {
    const d = current.get(key);
    if (!d) {
      // Its file is gone (or now says another key): named as the plan recorded it.
      const file = plan.changes.find((c) => c.key === key && c.file !== undefined)?.file;
      reasons.push(`the definition '${key}'${file ? ` (${file})` : ''} was removed since the plan was made`);
    }
    else if (d.sourceHash !== hash) reasons.push(changedDefinition(key, d, plan.changes.find((c) => c.key === key && c.after !== null)?.after, fields));
  }
  for (const d of targeted) {
    if (!(d.key in plan.definitions)) reasons.push(`the definition '${d.key}' (${d.file}) was added since the plan was made`);
  }
  return reasons;
}

/**
 * Why the saved plan's `retain_versions:` (Plan.retainVersions) is not this run's, `now` (aac.yaml's;
 * undefined without one), as a staleness reason: its changes' versions to delete follow from it.
 * [] when they agree, or when the file does not say (before 1.14). Needs no request.
 */
export function retentionChange(plan: Pick<Plan, 'retainVersions'>, now: number | undefined): string[] {
  if (plan.retainVersions === undefined || plan.retainVersions === (now ?? null)) return [];
  const said = (n: number | null | undefined) => (n === null || n === undefined ? 'not set' : String(n));
  return [`aac.yaml's retain_versions changed since the plan was made: ${said(plan.retainVersions)} then, ${said(now)} now`];
}

/** The namespace other than the plan's whose marker `live` carries, if any; not the one it takes over from (--adopt-namespace). */
function ownerElsewhere(live: LiveResource, plan: Pick<Plan, 'target' | 'adoptNamespace'>): string | undefined {
  return live.namespace !== null && live.namespace !== plan.target.namespace && live.namespace !== plan.adoptNamespace ? live.namespace : undefined;
}

/**
 * The plan's changes whose ids name a live resource of another namespace, each said in a line; []
 * when none. A plan of one namespace never names another's (a run plans only its own, and what it
 * adopts from the namespace --adopt-namespace named), so such an
 * id means the file was edited, or the resource's marker changed since the plan was made.
 */
export function foreignResources(plan: Plan, live: readonly LiveResource[], kind: Pick<ResourceKind, 'nouns'>): string[] {
  const byId = new Map(live.map((a) => [a.id, a]));
  return plan.changes.flatMap((change) => {
    const found = change.id === null ? undefined : byId.get(change.id);
    const owner = found && ownerElsewhere(found, plan);
    return owner ? [`'${change.key}' names ${change.id}, the ${kind.nouns.one} of the namespace '${owner}', not of '${plan.target.namespace}'`] : [];
  });
}

/**
 * The plan's changes whose ids name a live resource this namespace manages as another key, each
 * said in a line; [] when none. A plan pairs each key with its own resource, or, in a rename
 * (`movedFrom`) or an adopt by `id:` (`adopt`), with the one it takes over: any other pairing is
 * an edit of the file (or a marker rewritten since, by another run's rename), which staleness
 * would call a change of that resource since the plan.
 */
export function otherKeysIds(plan: Plan, live: readonly LiveResource[], kind: Pick<ResourceKind, 'nouns'>): string[] {
  const byId = new Map(live.map((a) => [a.id, a]));
  return plan.changes.flatMap((change) => {
    const found = change.id === null ? undefined : byId.get(change.id);
    if (!found || !managedAsAnother(found, change, plan)) return [];
    return [`'${change.key}' names ${change.id}, the id of the ${kind.nouns.one} '${found.key}' of the namespace '${plan.target.namespace}'`];
  });
}

/** Whether `live` is managed in the plan's namespace as another key than `change`'s, which the change does not take over (otherKeysIds). */
function managedAsAnother(live: LiveResource, change: PlanChange, plan: Pick<Plan, 'target'>): boolean {
  return live.namespace === plan.target.namespace && live.key !== null && live.key !== change.key && live.key !== change.movedFrom && !change.adopt;
}

/**
 * The fingerprint of `live` the saved `plan` compares with its changes' live_fingerprint: without
 * the kind's bookkeeping (LiveResource.fingerprint), or of the whole object for a file before 1.18
 * (Plan.wholeFingerprints), which recorded that.
 */
export function liveFingerprintFor(plan: Pick<Plan, 'wholeFingerprints'>, live: LiveResource): string {
  return plan.wholeFingerprints ? (live.wholeFingerprint ?? live.fingerprint) : live.fingerprint;
}

/**
 * What a versioned kind's saved `change` depends on of the live resource's versions that `live`
 * (its latest version since moved) no longer gives, said for a refusal; undefined when nothing:
 * the new version it makes follows the one it read (`version.from`, which the plan shows), and the
 * versions it deletes under `retain_versions:` follow from the versions listed (versionsToDelete, as
 * the planner computes them: a new version changes them once there are more than it keeps; not
 * read, taken as changed). A delete (of every version) or a no-op without `retain_versions:` does
 * not: a re-save of the same definition leaves what it does, and what apply sends, as they were.
 */
function versionDependence(plan: Pick<Plan, 'retainVersions'>, change: PlanChange, live: LiveResource): string | undefined {
  if (change.action === 'delete') return undefined;
  if (change.version !== undefined) return `its new version was planned to follow version ${change.version.from}`;
  const retain = plan.retainVersions ?? null;
  if (retain === null) return undefined;
  const trim = live.versions === undefined ? undefined : versionsToDelete(live.versions, live.twinVersions ?? [], retain, false);
  if (trim !== undefined && sameJson(trim, change.deleteVersions ?? [])) return undefined;
  const versions = (v: readonly string[] | undefined) => (v === undefined || v.length === 0 ? 'none' : `${v.length === 1 ? 'version' : 'versions'} ${v.join(', ')}`);
  return `retain_versions (${retain}) now deletes ${trim === undefined ? 'versions not read' : versions(trim)} of it, where the plan deletes ${versions(change.deleteVersions)}`;
}

/**
 * Where the normalized values differ between what a saved plan recorded (`planned`) and the same
 * side now (`now`): one entry for each place, its `field` among the kind's (in the kind's order,
 * diffSpecs, as a plan diffs them), its `path` as the plan's diff names it (below the field, down
 * to a list, not into it: a list's items are lined up by key, not by the index the patch compares
 * them at), and `at`, the path of its first value that differs (an index a number, as
 * Definition.locate steps into a list only by one). How a stale plan names what changed, on the
 * live side (changedSincePlanned) and the definitions' (changedDefinition). [] when none does.
 */
function plannedDifference(planned: NormalizedSpec, now: NormalizedSpec, kind: Pick<ResourceKind, 'fields'>): Array<{ field: string; path: JsonPath; at: JsonPath }> {
  const { fieldChanges, patch } = diffSpecs(planned, now, kind);
  return fieldChanges.flatMap(({ field }) => {
    const own = `/${pointerToken(field)}`;
    const places = new Map<string, { field: string; path: JsonPath; at: JsonPath }>();
    for (const op of patch) {
      if (op.path !== own && !op.path.startsWith(`${own}/`)) continue;
      const at = stepsIn(pointerTokens(op.path), planned, now);
      const list = at.findIndex((step) => typeof step === 'number');
      const path = list === -1 ? at : at.slice(0, list);
      const key = JSON.stringify(path);
      if (!places.has(key)) places.set(key, { field, path, at });
    }
    // The patch walks a map's keys last to first: put back in the values' (canonical) order.
    return places.size === 0 ? [{ field, path: [field], at: [field] }] : [...places.values()].sort((x, y) => pathOrder(x.path, y.path));
  });
}

/** Paths in the order of the values they name: step by step, an index by number, a key by code unit (canonical JSON's). */
function pathOrder(x: JsonPath, y: JsonPath): number {
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const [a, b] = [x[i]!, y[i]!];
    if (a !== b) return typeof a === 'number' && typeof b === 'number' ? a - b : String(a) < String(b) ? -1 : 1;
  }
  return x.length - y.length;
}

/**
 * The pointer `tokens` into two values as a path: a token a number where it steps into a list (on
 * either side; a patch names a place whose containers both sides hold alike), a key otherwise,
 * so a metadata key of digits stays a key.
 */
function stepsIn(tokens: readonly string[], a: Json | undefined, b: Json | undefined): JsonPath {
  const path: Array<string | number> = [];
  for (const token of tokens) {
    const inList = Array.isArray(a) || Array.isArray(b);
    const step = inList ? Number(token) : token;
    path.push(step);
    const into = (v: Json | undefined): Json | undefined => (Array.isArray(v) ? v[step as number] : isObject(v) ? ownValue(v, token) : undefined);
    [a, b] = [into(a), into(b)];
  }
  return path;
}

/**
 * The places whose values differ between what the saved `change` was planned against (its
 * `before`) and `live` now, on `provider` (plannedDifference), each as the plan's diff names it
 * (`description`, `definition.instructions`, `tools`); [] when none does, or the change
 * read no live resource: the fingerprint then moved in what the kind does not govern (a plan does
 * not show it).
 */
function changedSincePlanned(change: PlanChange, live: LiveResource, kind: Pick<ResourceKind, 'fields' | 'normalize'>, provider: string): string[] {
  return change.before === null ? [] : placeNames(plannedDifference(change.before, kind.normalize(live.spec, provider), kind));
}

/**
 * The places of `differences` (plannedDifference's) as messages name them, each once, in order: by
 * its whole path as the plan's diff names it (`definition.instructions`, `tools`), never only the
 * field it is below. How a stale plan says what changed and an edited one what disagrees.
 */
function placeNames(differences: ReadonlyArray<{ path: JsonPath }>): string[] {
  return [...new Set(differences.map((d) => pathText(d.path)))];
}

/**
 * Why the live resource `live` of the saved `change` no longer is what the plan was made from, said
 * in one line naming the places that differ (changedSincePlanned); undefined when it still is. A
 * fingerprint that differs: it changed, `…changed since the plan was made, in its definition.instructions`
 * (for a versioned kind, said as its new version: `…has a new version (6) since the plan was made
 * (version 5 when planned), its description changed`). The same fingerprint with another latest
 * version (a re-save of the same definition): stale only where the change depends on the version
 * (versionDependence).
 */
function liveChange(plan: Plan, change: PlanChange, live: LiveResource, kind: StalenessKind, provider: string): string | undefined {
  const who = `the ${kind.nouns.one} '${change.key}' (${change.id})`;
  const newVersion = change.liveVersion !== undefined && live.version !== undefined && live.version !== change.liveVersion;
  const since = `${who} has a new version (${live.version}) since the plan was made (version ${change.liveVersion} when planned)`;
  if (liveFingerprintFor(plan, live) !== change.liveFingerprint) {
    const fields = changedSincePlanned(change, live, kind, provider);
    const unshown = 'what a plan does not show';
    if (newVersion) return `${since}, ${fields.length === 0 ? `changed in ${unshown}` : `its ${andList(fields)} changed`}`;
    return `${who} changed since the plan was made, in ${fields.length === 0 ? unshown : `its ${andList(fields)}`}`;
  }
  const depends = newVersion ? versionDependence(plan, change, live) : undefined;
  return depends === undefined ? undefined : `${since}, with the same definition, but ${depends}`;
}

/**
 * Why a saved `change` whose id (`id`) is not in the listing `live` cannot be applied, in one line.
 * The listing alone cannot tell how: the resource was deleted since the plan was made, or the file
 * was edited to name an id it never had (the file is checked, not trusted); both are said. A
 * resource of `namespace` live under the change's key with another id is named, as what the key
 * is now (made again since, or the id the file had).
 */
function unheldId(change: PlanChange, id: string, live: readonly LiveResource[], namespace: string, kind: StalenessKind): string {
  const one = kind.nouns.one;
  const other = live.find((r) => r.key === change.key && r.namespace === namespace);
  const now = other === undefined ? '' : ` ('${change.key}' is live as ${other.id})`;
  return `the saved plan names the ${one} '${change.key}' by the id ${id}, which no live ${one} has${now}: it was deleted since the plan was made, or the plan file was edited`;
}

/** What findStaleness needs of the backend's kind: its nouns, and what names the fields that changed (DesiredFields). */
type StalenessKind = Pick<ResourceKind, 'nouns'> & DesiredFields['kind'];

/** Why a saved plan no longer describes the world; [] when it still does. */
export function findStaleness(
  plan: Plan,
  now: { desired: Definition[]; live: LiveResource[]; target: PlanTarget },
  kind: StalenessKind,
): string[] {
  const mismatch = targetMismatch(plan.target, now.target);
  // Compared with another endpoint's or namespace's assistants, every planned one would read as
  // deleted and every other as new: that says nothing the reason above does not.
  if (mismatch.length > 0) return mismatch;
  const reasons = definitionChanges(plan, now.desired, { kind, provider: now.target.provider });
  const byId = new Map(now.live.map((a) => [a.id, a]));
  const planned = new Set<string>();
  for (const change of plan.changes) {
    if (change.id === null) continue;
    planned.add(change.id);
    const live = byId.get(change.id);
    if (!live) reasons.push(unheldId(change, change.id, now.live, now.target.namespace, kind));
    // Another namespace's, or another key's: foreignResources and otherKeysIds say so; "changed" would hide that the file was edited.
    else if (ownerElsewhere(live, plan) || managedAsAnother(live, change, plan)) continue;
    else {
      const changed = liveChange(plan, change, live, kind, now.target.provider);
      if (changed !== undefined) reasons.push(changed);
    }
  }
  // A key the file plans against another id is not new: findTampering names that difference.
  const plannedKeys = new Set(plan.changes.filter((c) => c.id !== null).map((c) => c.key));
  const madeAt = Date.parse(plan.createdAt) / 1000;
  for (const live of now.live) {
    if (live.key !== null && live.namespace === now.target.namespace && !planned.has(live.id) && !plannedKeys.has(live.key) && isTargeted(plan.targets, live.key)) {
      // A plan lists every resource of its namespace, so one made well before it and missing
      // from the file was taken out of the file, not made since.
      reasons.push(live.createdAt > 0 && live.createdAt < madeAt - CLOCK_SKEW_S
        ? `the plan file does not list the ${kind.nouns.one} ${live.id} managed as '${live.key}', which existed when the plan was made (created ${new Date(live.createdAt * 1000).toISOString()}): the file was edited after it was saved`
        : `the ${kind.nouns.one} ${live.id} managed as '${live.key}' appeared since the plan was made`);
    }
  }
  return reasons;
}

/**
 * Whether a stale saved plan (findStaleness) was most likely applied already: it has changes, and
 * `replan()` — the plan made now from the same definitions (their hashes already checked) and the
 * live state, with the saved plan's options, through the planner's own normalization — has none,
 * so every planned change's result is what is live. A plan the live state no longer lets the
 * planner make (a pinned resource since deleted: a UserError) was not applied as it stands.
 */
export function appliedAlready(saved: Plan, replan: () => Plan): boolean {
  if (!hasChanges(saved)) return false;
  try {
    return !hasChanges(replan());
  } catch (err) {
    if (err instanceof UserError) return false;
    throw err;
  }
}

/**
 * Seconds a host's clock (a resource's `created_at`, Unix seconds in every API's spec) may be
 * ahead of this machine's (a plan's `created_at`) before a resource created "before" the plan is
 * believed to have existed then.
 */
export const CLOCK_SKEW_S = 300;

function describeChange(c: PlanChange): string {
  return `${c.action} of '${c.key}'${c.id ? ` (${c.id})` : ''}`;
}

/**
 * The notes of a change that come from live resources outside the plan, which neither its
 * fingerprints nor its definitions' hashes cover (a resource without a marker, another
 * namespace's): they may differ from the plan made now because such a resource changed since.
 */
const OUTSIDE_NOTES = ['likely_unmarked', 'moved_from_elsewhere', 'live_elsewhere'] as const;

/**
 * The parts of a change's document not compared with the plan made now: its fingerprint, live
 * version and the version made outside aac (hand_made_latest, the live version's), which staleness compares (findStaleness);
 * which of the versions it deletes were made outside aac (delete_versions_unmarked): a version's
 * markers never change, and which versions it deletes is compared (delete_versions); `drift`, which only the `--changed-files` of the plan's run
 * decide (it sorts changes into the views' sections and hides none); the notes OUTSIDE_NOTES
 * (changedNotes).
 */
const NOT_RECOMPUTED: ReadonlySet<string> = new Set(['live_fingerprint', 'live_version', 'hand_made_latest', 'delete_versions_unmarked', 'drift', ...OUTSIDE_NOTES]);

/** `file` below the definitions directory `dir` as shown (Plan.dir), so plans of one directory made from two working directories compare; as it is when `dir` is unknown. */
function belowDir(file: string, dir: string | undefined): string {
  if (dir === undefined || dir === '.') return file;
  return file.startsWith(`${dir}/`) ? file.slice(dir.length + 1) : file;
}

/** A change's document as JSON data (a getter read, no undefined), its file below `dir` (belowDir). */
function comparableDocument(c: PlanChange, dir: string | undefined): Loose {
  return JSON.parse(JSON.stringify({ ...changeDocument(c), file: c.file === undefined ? null : belowDir(c.file, dir) })) as Loose;
}

/**
 * The parts of the saved change `s` that differ from the change made now, `f`, as the document
 * names them (`after.instructions`, `changed_fields`, `patch`), but NOT_RECOMPUTED: an object's
 * members one by one, anything else whole.
 */
function documentDifferences(s: PlanChange, f: PlanChange, dirs: { saved?: string; now: string }): string[] {
  const a = comparableDocument(s, dirs.saved);
  const b = comparableDocument(f, dirs.now);
  const parts: string[] = [];
  for (const name of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const [x, y] = [a[name], b[name]];
    if (NOT_RECOMPUTED.has(name) || sameJson(x, y)) continue;
    if (isObject(x) && isObject(y)) parts.push(...[...new Set([...Object.keys(x), ...Object.keys(y)])].filter((k) => !sameJson(x[k], y[k])).map((k) => `${name}.${k}`));
    else parts.push(name);
  }
  return parts;
}

/** The saved changes paired with the changes made now of the same key and id. */
function pairedChanges(saved: Plan, fresh: Plan): Array<[PlanChange, PlanChange]> {
  const now = new Map(fresh.changes.map((f) => [`${f.key}\n${f.id}`, f]));
  return saved.changes.flatMap((s) => {
    const f = now.get(`${s.key}\n${s.id}`);
    return f ? [[s, f] as [PlanChange, PlanChange]] : [];
  });
}

/**
 * A change's document for changedNotes: live_elsewhere without `managed_by`, which the repository's
 * other directories give, not the live state (and which the plan apply makes again does not look up).
 */
function notesOf(c: PlanChange, dir: string | undefined): Loose {
  const doc = comparableDocument(c, dir);
  const twin = doc.live_elsewhere;
  if (!isObject(twin)) return doc;
  const { managed_by: _repository, ...live } = twin;
  return { ...doc, live_elsewhere: live };
}

/**
 * Why a saved plan's notes about live resources outside it (OUTSIDE_NOTES) differ from the plan
 * made now, `fresh`; [] when they agree. Such a difference is staleness: the resource they name
 * changed since the plan was made, and the notes the reviewer read are no longer the plan's.
 */
export function changedNotes(saved: Plan, fresh: Plan, dirs: { saved?: string; now: string }): string[] {
  return pairedChanges(saved, fresh).flatMap(([s, f]) => {
    const a = notesOf(s, dirs.saved);
    const b = notesOf(f, dirs.now);
    const notes = OUTSIDE_NOTES.filter((n) => !sameJson(a[n], b[n]));
    return notes.length === 0 ? [] : [`'${s.key}': its note ${notes.join(' and ')} is not what the live state gives now: a resource without a marker, or another namespace's, changed since the plan was made`];
  });
}

/**
 * How a saved plan differs from `fresh`, the plan made now from the same definitions and live
 * state with the saved plan's namespace, options and targets: another action, id or body, a
 * change the file adds (an extra delete) or leaves out, or any other part of a change that the
 * views show (before, after, patch, changed_fields, the notes; documentDifferences). [] when
 * they agree (the summary's counts are then the same: the reader checks them against the changes). A file is checked, not trusted: staleness (findStaleness)
 * says the world moved, this says the file was edited. `dirs`: the definitions directory the plan
 * was made from (Plan.dir) and this run's, as shown, by which the changes' files compare.
 */
export function findTampering(saved: Plan, fresh: Plan, dirs: { saved?: string; now: string }): string[] {
  const reasons: string[] = [];
  const pending = [...fresh.changes];
  const unpairedSaved: PlanChange[] = [];
  for (const s of saved.changes) {
    const i = pending.findIndex((f) => f.key === s.key && f.id === s.id);
    if (i < 0) {
      unpairedSaved.push(s);
      continue;
    }
    const [f] = pending.splice(i, 1) as [PlanChange];
    if (f.action !== s.action) {
      reasons.push(`'${s.key}': the file says ${s.action}, the definitions and live state give ${f.action}`);
    } else if (canonicalJson(f.body) !== canonicalJson(s.body)) {
      const fields = [...new Set([...Object.keys(f.body), ...Object.keys(s.body)])].filter((k) => canonicalJson(f.body[k] ?? null) !== canonicalJson(s.body[k] ?? null));
      reasons.push(`'${s.key}': the file's ${s.action} body differs from the definition in ${fields.map((k) => `'${k}'`).join(', ')}`);
    } else if (canonicalJson(f.deleteVersions ?? []) !== canonicalJson(s.deleteVersions ?? [])) {
      reasons.push(`'${s.key}': the file deletes versions [${(s.deleteVersions ?? []).join(', ')}], retain_versions and the live versions give [${(f.deleteVersions ?? []).join(', ')}]`);
    } else if (s.defaultedFields !== undefined && canonicalJson(f.defaultedFields ?? []) !== canonicalJson(s.defaultedFields)) {
      // What the views mark as the host's default, not the author's: a file of 1.10 on says it as the definitions do.
      reasons.push(`'${s.key}': the file's defaulted_fields are [${s.defaultedFields.join(', ')}], the fields the definition leaves out are [${(f.defaultedFields ?? []).join(', ')}]`);
    } else {
      const parts = documentDifferences(s, f, dirs);
      if (parts.length > 0) reasons.push(`'${s.key}': the saved change's ${parts.join(', ')} ${parts.length === 1 ? 'differs' : 'differ'} from what the definitions and live state give`);
    }
  }
  for (const s of unpairedSaved) {
    const i = pending.findIndex((f) => f.key === s.key && f.action === s.action);
    if (i >= 0) {
      const [f] = pending.splice(i, 1) as [PlanChange];
      reasons.push(`'${s.key}': the file's ${s.action} targets ${s.id ?? 'a new one'}, the definitions and live state give ${f.id ?? 'a new one'}`);
    } else if (s.action !== 'no-op') reasons.push(`the file adds ${withArticle(describeChange(s))} that the definitions and live state do not give`);
  }
  for (const f of pending) {
    if (f.action !== 'no-op') reasons.push(`the file leaves out the ${describeChange(f)}`);
  }
  return reasons;
}
