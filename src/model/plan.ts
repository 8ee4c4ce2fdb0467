// The plan: plain data built once by the planner, then rendered or applied. Renderers and the
// applier consume it; they never call the planner's internals or the API's wire format.
import type { Operation } from 'fast-json-patch';
import type { NormalizedSpec, Spec } from './definition.js';
import type { Json } from './json.js';

export type ActionKind = 'create' | 'update' | 'delete' | 'no-op';

/**
 * Whether `value` (a parsed YAML or JSON file) is a plan document as `aac plan --out` saves it
 * (plan/plan-file.ts): its top holds `format_version` and `resource_changes`, fields no definition
 * of any kind has. For the loader, which says what such a file is instead of listing a
 * definition's fields it lacks and the plan's fields it does not know.
 */
export function isPlanDocument(value: Readonly<Record<string, unknown>>): boolean {
  return 'format_version' in value && 'resource_changes' in value;
}

export interface FieldChange {
  /** A governed top-level field of the kind. */
  field: string;
  /** Normalized values; undefined only for a create (before) or delete (after). */
  before: Json | undefined;
  after: Json | undefined;
}

export interface PlanChange {
  key: string;
  /** The live resource's id (its name, for a name-addressed kind); null for a create. */
  id: string | null;
  action: ActionKind;
  /** A managed live assistant with no definition. Deleted only when the plan was made with prune. */
  orphan: boolean;
  /** An update that (also) writes the marker onto an assistant pinned by `id:`. */
  adopt: boolean;
  /**
   * aac's marker pairs that the update's metadata, sent whole with this namespace's marker alone,
   * removes from the live resource (model/marker.ts droppedMarkers): the previous marker `aac:key`
   * an adopt replaces, another namespace's marker beside this one's. Absent when none.
   */
  removedMarkers?: Record<string, string>;
  /**
   * An update's changed fields (of `changedFields`) that the definition leaves out or writes as
   * null: what `body` sends for each (the field's default, or null, the API's reset) is the kind's
   * write, not the author's, and what the resource then holds is the host's default. The other
   * fields of `body` are the definition's own values, so the views mark as the server's every new
   * value the definition does not write, as a create's are. Absent when none.
   */
  defaultedFields?: string[];
  /**
   * The old key of a rename (`moved_from:`): the live assistant carries it in its marker, and the
   * update rewrites the marker to `key` instead of recreating the assistant.
   */
  movedFrom?: string;
  /**
   * On an update of a versioned resource whose latest version (`version`) carries no aac marker,
   * made outside aac (by hand, in a portal) over `markedVersion`, the newest older version, which
   * carries this namespace's marker (LiveResource.handMade): drift, which the update reverts with a
   * new version made from the definition, the marker written back. On an orphan so made (its
   * definition deleted; read under --prune): why it is this namespace's to delete. Absent otherwise.
   */
  handMadeLatest?: { version: string; markedVersion: string };
  /**
   * On a create only: the key of the orphan (this namespace's live resource with no definition)
   * that the definition would leave unchanged, one to one (plan/moved-hint.ts likelyMoves): most
   * likely a rename without `moved_from:`. A note for the views; the plan does not act on it.
   */
  likelyMovedFrom?: string;
  /**
   * On a create without likelyMovedFrom: the id of a live resource that carries no marker at all
   * and that the definition would leave unchanged, one to one (plan/moved-hint.ts likelyMoves over
   * the unmanaged): made outside aac, or the definition's own with its marker removed outside aac
   * (nothing tells which), which an `id:` pin takes over. A note for the views; the plan does not act on it.
   */
  likelyUnmarked?: string;
  /**
   * On a create whose `moved_from:` keys match no resource of this namespace: the first of them
   * that another namespace's live resource carries, that namespace and the resource's id. A rename
   * never crosses namespaces; a note for the views (the way to hand it over), the plan creates all the same.
   */
  movedFromElsewhere?: { key: string; namespace: string; id: string };
  /**
   * On a change of a definition that has its own live resource: its `moved_from:` keys whose
   * resources this namespace still carries, each with their ids (plan/match.ts Match.stillLive).
   * The move is not made: they stay orphans of their keys (deleted only with --prune). For the
   * warning at each entry (plan/moved-still-live.ts), said by the run that makes the plan: not
   * written to a plan file, which keeps no warnings. Absent when none.
   */
  movedFromStillLive?: Array<{ key: string; ids: string[] }>;
  /**
   * On a create only: a live resource of another namespace that carries this create's key (most
   * often the same fleet, the directory's `namespace:` changed), that namespace, its id, and the
   * top-level fields the definition would change in it ([]: the same definition), never their
   * values (plan/namespace-twins.ts). A note for the views; the plan creates all the same.
   * `managedBy`: the other definitions directory of the repository that gives that namespace on
   * this host (commands/repo-namespaces.ts namespaceManagers), as the run shows paths, with its
   * file that defines the key, as that directory's run reads it, when it has one (desired/defining-files.ts definingFiles): the definition is then a copy
   * of one of its files, not a fleet left behind. Known to the run that plans (a saved plan
   * carries it from 1.21 on, for its views; apply does not look it up again).
   */
  liveElsewhere?: { namespace: string; id: string; changedFields: string[]; managedBy?: { dir: string; file?: string } };
  /**
   * A delete of an extra live copy of a key this namespace manages: the id of the copy that is
   * kept (oldest created_at, then smallest id). Deleted with or without prune. Null otherwise.
   */
  duplicateOf: string | null;
  /**
   * For a versioned kind whose change makes a new version: the live version's id, and `to`, the
   * new version's id, null as it is known only once made (plan/change.ts; a saved plan of an
   * earlier aac may hold the number it predicted). Absent for a kind without versions and for a
   * change made in place.
   */
  version?: { from: string; to: string | null };
  /**
   * For a versioned kind under `retain_versions:`: the old versions this change deletes (oldest
   * first), after its new version when it makes one; never the latest. Absent when none.
   */
  deleteVersions?: string[];
  /**
   * Of `deleteVersions`, those that carry no owner's aac marker: made outside aac (by hand, in a
   * portal, by another tool), deleted all the same, as versions of a resource this namespace
   * manages (retention goes by age alone). Absent when none.
   */
  deleteUnmarked?: string[];
  /** Normalized live state; null for a create. */
  before: NormalizedSpec | null;
  /** Normalized desired state; null for a delete. */
  after: NormalizedSpec | null;
  /** RFC 6902 patch from `before` to `after` (empty for no-op and delete). */
  patch: Operation[];
  /** The top-level fields that differ, in the kind's field order. */
  changedFields: string[];
  fieldChanges: FieldChange[];
  /**
   * What to send, in the definition model: the full desired spec for a create, only the changed
   * top-level fields for an update (with `metadata` whole whenever it changed or the marker is being
   * added), nothing for a delete or no-op.
   */
  body: Spec;
  /**
   * Made with `--changed-files`: a create or update of a definition the change under review does
   * not touch, so the live resource was edited (or deleted) outside aac, or an earlier apply did
   * not finish, and applying reverts that. Absent otherwise; deletes never carry it.
   */
  drift?: true;
  /** Definition file, for messages and annotations; undefined for an orphan. */
  file?: string;
  /** Fingerprint of the live assistant the change was planned against (staleness check); the planner makes it a getter, read only by plan files and apply. */
  liveFingerprint: string | null;
  /**
   * For a versioned kind: the live resource's latest version when the change was planned
   * (LiveResource.version), which the fingerprint leaves out (ResourceKind.bookkeeping); absent
   * without a live resource, for a kind without versions, and in a plan file before 1.18.
   */
  liveVersion?: string;
}

/**
 * A saved plan's change that an earlier apply of the same plan made already (plan/partly-applied.ts),
 * so that applying the plan again does not make it again: its key and action, and the resource's
 * id (for a create, the id of the resource it made).
 */
export interface ChangeMade {
  key: string;
  id: string;
  action: Exclude<ActionKind, 'no-op'>;
}

/** Where a backend points. */
export interface Endpoint {
  /** e.g. `assistants`. */
  backend: string;
  /** e.g. `openai`, `foundry`. */
  provider: string;
  /** Base URL or project endpoint, without credentials or query secrets. */
  endpoint: string;
}

/** Where a plan applies: the endpoint, and the namespace whose assistants it manages there. */
export interface PlanTarget extends Endpoint {
  namespace: string;
  /** The environment of aac.yaml the plan was made in (`--env`); undefined without environments. */
  environment?: string;
}

/** A live assistant with the legacy marker (`aac:key`, no namespace): listed, never touched. */
export interface LegacyAssistant {
  key: string;
  id: string;
  /** The definition file of this namespace with the same key, which an `id:` pin would adopt it into. */
  file?: string;
}

export interface PlanSummary {
  create: number;
  update: number;
  delete: number;
  unchanged: number;
  orphans: number;
  unmanaged: number;
  /** Live assistants whose marker names another namespace: never read further, never touched. */
  other_namespaces: number;
  /** Live assistants with the legacy marker (see Plan.legacy). */
  legacy: number;
  /**
   * Old versions of versioned resources the updates delete under `retain_versions:` (each
   * change's `deleteVersions`), counted apart from `delete`, which counts whole resources.
   */
  delete_versions: number;
}

export interface Plan {
  target: PlanTarget;
  /** Whether orphans are planned for deletion. */
  prune: boolean;
  /**
   * `--adopt-legacy`: every definition whose key a legacy-marked resource carries (and no `id:`)
   * adopts it, the marker replaced by this namespace's. Legacy ones without a definition stay alone.
   */
  adoptLegacy: boolean;
  /**
   * `--adopt-namespace`: the namespace whose resources every definition of the same key (and no
   * `id:`, and no resource of this namespace) adopts, that namespace's marker replaced by this one's
   * (the move of a fleet whose directory's `namespace:` changed). Its others stay its own, never
   * deleted by --prune. Absent: none.
   */
  adoptNamespace?: string;
  /**
   * `--target` patterns the plan was limited to; [] for a full plan. A targeted plan's changes and
   * definitions hold only the targeted keys, and applying it (even saved) touches nothing else.
   */
  targets: string[];
  /** Sorted by key. Every definition and every managed live assistant appears exactly once. */
  changes: PlanChange[];
  summary: PlanSummary;
  /** Assistants with the legacy marker, by key, not adopted by this plan: left alone. */
  legacy: LegacyAssistant[];
  /** Each definition file's sourceHash by key, to refuse a saved plan whose files changed. */
  definitions: Record<string, string>;
  /**
   * The definitions directory `aac plan` read, as it showed it (desired/paths.ts shownPath:
   * `/`-separated, relative to its working directory unless outside its top directory), e.g.
   * `teamb`. Set by the command (commands/plan-run.ts); absent in a plan file of an aac before
   * 1.12. Never compared to refuse (a copy of the directory elsewhere applies the same plan): a
   * saved plan refused for its target or definitions names it, and the commands it suggests repeat it.
   */
  dir?: string;
  /**
   * Where the plan's namespace came from (config/namespace.ts ResolvedNamespace.source):
   * `--namespace` or `AAC_NAMESPACE`, given to that run, or `aac.yaml` and `default`, the
   * directory's own. Set by the command (commands/plan-run.ts); absent in a plan file of an aac
   * before 1.13. A saved plan refused for its namespace alone offers `--namespace` only when the
   * plan's was given so: one the directory set is not this run's to override.
   */
  namespaceFrom?: NamespaceFrom;
  /**
   * Where the plan's endpoint came from (backends/http/endpoint.ts endpointFrom): the provider's
   * variable, aac.yaml's `endpoint:` at its place, or the provider's default; never the URL (the
   * target has it, redacted). Set by the command (commands/plan-run.ts); absent in a plan file of an
   * aac before 1.19. A saved plan applied where the endpoint is another names the one cause from it.
   */
  endpointFrom?: EndpointFrom;
  /**
   * aac.yaml's `retain_versions:` the plan was made with (its changes' deleteVersions follow from
   * it), null without one; absent in a plan file of an aac before 1.14. A saved plan whose value
   * differs from the run's is stale: aac.yaml changed, not the file.
   */
  retainVersions?: number | null;
  /**
   * The lock another run held on the plan's namespace when the plan read the live state (an apply
   * in progress, or one killed before it removed its lock): what the plan read may be half of that
   * apply's writes. Set by `aac plan` (commands/plan-run.ts), absent when no unexpired lock was
   * held, and in a plan file of an aac before 1.15. Only said (a drift check skips such a plan);
   * never compared to refuse: `aac apply FILE` checks the live state itself.
   */
  lockedBy?: PlanLock;
  /**
   * Set on a plan read from a file before format 1.18, whose live fingerprints hash the whole wire
   * object (LiveResource.wholeFingerprint), the host's bookkeeping included.
   */
  wholeFingerprints?: true;
  /**
   * The overlay directory of the plan's environment as messages show it (`agents/overlays/prod`),
   * where an `id:` of its host goes: set by the planner (plan/build.ts PlanInput.environment);
   * absent without environments, and in a plan read from a file before 1.21.
   */
  overlays?: string;
  /** Set on a plan read from a file of another format than this aac writes: its format_version's MINOR (plan/plan-file.ts uncheckedFormat). */
  formatMinor?: number;
  createdAt: string;
}

/** A lock held on a plan's namespace (Plan.lockedBy), as its lock object's metadata says (lock/lock-object.ts). */
export interface PlanLock {
  /** The lock object's id: the LOCK of `aac force-unlock` (its name is one too). */
  id: string;
  /** The holder's command: `apply`. */
  operation: string;
  /** `user@host pid N`. */
  holder: string;
  /** The holder's CI run URL, when it has one. */
  run?: string;
  /** When the lock was taken: ISO 8601, UTC, whole seconds (server time). */
  since: string;
}

/**
 * A plan as `aac plan` makes it (commands/plan-run.ts), which the document it prints and saves
 * always holds these of: a plan read from a file of an earlier format may lack them (Plan).
 */
export type MadePlan = BuiltPlan & Required<Pick<Plan, 'dir' | 'namespaceFrom'>>;

/** A plan as the planner builds it (plan/build.ts buildPlan): it always says its retain_versions, null without one. */
export type BuiltPlan = Plan & { retainVersions: number | null };

/** The sources of a run's namespace, in the order they win (config/namespace.ts). */
export const NAMESPACE_SOURCES = ['--namespace', 'AAC_NAMESPACE', 'aac.yaml', 'default'] as const;
export type NamespaceFrom = (typeof NAMESPACE_SOURCES)[number];

/** The sources of a run's endpoint, in the order they win (backends/http/endpoint.ts endpointOrigin). */
export const ENDPOINT_SOURCES = ['variable', 'aac.yaml', 'default'] as const;

/**
 * Where a plan's endpoint came from: the provider's endpoint `variable` (`OPENAI_BASE_URL`), or
 * aac.yaml's `endpoint:` at its place (`line` and `column` when known; `environment` when it is an
 * environment's), or the provider's default.
 */
export type EndpointFrom =
  | { source: 'variable'; variable: string }
  | { source: 'aac.yaml'; file: string; line?: number; column?: number; environment?: string }
  | { source: 'default' };

/** What a plan's summary counts besides its changes. */
export type SummaryOthers = Pick<PlanSummary, 'unmanaged' | 'other_namespaces' | 'legacy'>;

/**
 * A plan's summary counted one change at a time (`add`), for a caller that makes the changes in a
 * loop of its own: buildPlan counts each as it makes it, where a walk of its own over the 10,000
 * changes of a plan of 10,000 after the last page cost ~1 ms (each change a cache miss by then).
 */
export class SummaryCount {
  private readonly counts = { create: 0, update: 0, delete: 0, unchanged: 0, orphans: 0 };
  private versions = 0;

  add(c: PlanChange): void {
    this.versions += c.deleteVersions?.length ?? 0;
    if (c.action === 'create') this.counts.create++;
    else if (c.action === 'update') this.counts.update++;
    else if (c.action === 'delete') this.counts.delete++;
    else if (!c.orphan) this.counts.unchanged++;
    if (c.orphan) this.counts.orphans++;
  }

  /** The summary of the changes added, with `others`. */
  summary(others: SummaryOthers): PlanSummary {
    return { ...this.counts, ...others, delete_versions: this.versions };
  }
}

/** The summary of `changes`, with `others` (SummaryCount). */
export function summarize(changes: readonly PlanChange[], others: SummaryOthers): PlanSummary {
  const count = new SummaryCount();
  for (const c of changes) count.add(c);
  return count.summary(others);
}

/**
 * Whether applying the plan would call the API: orphans kept without --prune are not changes. An
 * update that only deletes old versions is one (counted in `update`).
 */
export function hasChanges(plan: Plan): boolean {
  return plan.summary.create + plan.summary.update + plan.summary.delete > 0;
}

