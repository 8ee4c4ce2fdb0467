// Builds the plan: match, normalize both sides by the resource kind's rules, diff, and decide one
// action per key. Plain data out; printing and applying are someone else's job.
import { nameAddress } from '../backends/name-address.js';
import { versioned, type ResourceKind, type VersionMarkers } from '../backends/backend.js';
import { fieldError, type Definition, type LiveResource } from '../model/definition.js';
import type { BuiltPlan, PlanChange, PlanTarget } from '../model/plan.js';
import { SummaryCount } from '../model/plan.js';
import { markerNamespace } from '../model/marker.js';
import { valueAt } from '../model/json.js';
import { withArticle } from '../util/words.js';
import { allAtOnce, UserError } from '../util/errors.js';
import { matchesDefinition, planDesired, planOrphan, type Rules } from './change.js';
import { copiesRefusal, copyDifference } from './copies.js';
import { matchResources, type Match } from './match.js';
import { overlayFileOf, pinFileOf, type PinnedEnvironment } from '../environments/pin-place.js';
import { handOverHint, likelyMoves } from './moved-hint.js';
import { twinsElsewhere } from './namespace-twins.js';
import { newestMarked } from './hand-made.js';
import { NormalizedSpecs } from './normalized.js';
import type { PlannedPairs } from './planned-pairs.js';
import { checkTargets, isTargeted } from './targets.js';
import { yamlLine } from '../yaml/snippet.js';
import { codeSpan } from '../util/code-span.js';

export interface PlanInput {
  desired: Definition[];
  live: LiveResource[];
  kind: ResourceKind;
  /** Where the plan applies (its provider picks the kind's host rules); its namespace decides which live resources are this plan's. */
  target: PlanTarget;
  prune: boolean;
  /** `--adopt-legacy` (Plan.adoptLegacy); absent is false. */
  adoptLegacy?: boolean;
  /** `--adopt-namespace` (Plan.adoptNamespace); absent: none. */
  adoptNamespace?: string;
  /** `--target` patterns; absent or [] plans every key. */
  targets?: readonly string[];
  /** aac.yaml's `retain_versions:` (the live resources carry `versions` then). */
  retainVersions?: number;
  /** Specs already normalized (ahead of the plan, while the listing ran) for this kind and the target's provider; the rest are normalized here. */
  normalized?: NormalizedSpecs;
  /** Pairs already planned (ahead of the plan, while the listing ran) by the same rules; the rest are planned here. */
  pairs?: PlannedPairs;
  /** For a kind addressed by name: the other environments on this plan's host; absent when none. */
  sharedHost?: SharedHost;
  /** The definitions directory as Definition.file paths begin (relative to the working directory): a `--target` written as a path is told its key. */
  dir?: string;
  /** aac's own objects on the host (lock objects, left out of `live`) by id, each with what it is: a pin to one is refused saying so (match.ts). */
  aacObjects?: ReadonlyMap<string, string>;
  /**
   * `targets` are a saved plan's, planned again to apply it: a target that selects nothing now is
   * no typo to refuse (checkTargets) but what its own apply may have left (a targeted --prune
   * deletes all it selected), and plans nothing. Absent is false.
   */
  savedTargets?: boolean;
  /**
   * The `aac plan` that plans this again taking over what the namespace `old` holds under the keys
   * defined here (render/command-line.ts adoptCommand, with the run's flags), for a refusal of a
   * name that namespace holds under the definition's key to end with. Absent: the refusal names the
   * flag alone (`--adopt-namespace OLD`).
   */
  adoptCommand?: (old: string) => string;
  /** The versions of the live resources a refusal of taken names asks for (historyWanted), once read. */
  history?: VersionHistory;
  /**
   * By namespace, the other definitions directory of the repository that manages it on this host
   * (commands/repo-namespaces.ts namespaceManagers), for the namespaces a refusal of taken names
   * asks for (managersWanted), once read: a name one of them holds under the definition's key is
   * then that directory's, and `--adopt-namespace` of it, which the run refuses, is not offered.
   */
  managers?: ReadonlyMap<string, ManagingDirectory>;
  /** The plan's environment and its overlay directory, when aac.yaml declares environments: where a pin of its host goes (match.ts, Plan.overlays). */
  environment?: PinnedEnvironment;
  /**
   * The namespaces of aac.yaml's other environments on this plan's host (commands/shared-host.ts
   * environmentsSharingHost). A create whose key a resource of one of them carries meets that
   * environment's own copy, made from the same definition (as promotion leaves it before this
   * environment's first apply), not a fleet left behind by a changed `namespace:`: it gets no
   * twin note (PlanChange.liveElsewhere), in `aac plan` and in the plan `aac apply FILE` makes
   * again to check the file alike. Absent: none.
   */
  siblingNamespaces?: readonly string[];
}

/**
 * For a versioned kind, each version of live resources by id (Backend.versionMarkers: oldest
 * first, the last the latest; Foundry: [Y] Agents_listAgentVersions, each AgentVersionObject's
 * `metadata`). Read for a name a definition has that a live resource holds whose latest version
 * carries no marker of this namespace (commands/live-reads.ts readHandMade, and a refusal's
 * historyWanted): it tells whether a version older than the latest carries this namespace's marker.
 */
export type VersionHistory = ReadonlyMap<string, readonly VersionMarkers[]>;

/** Another definitions directory of the repository that manages a namespace on the plan's host (PlanInput.managers). */
export interface ManagingDirectory {
  /** The directory as the run shows paths (relative to the working directory): `teams/hr`. */
  dir: string;
  /** Where it gives the namespace: `teams/hr/aac.yaml:1:12`. */
  source: string;
  /** By key, its file that defines the key, as its own run reads it (desired/defining-files.ts definingFiles): a key it does not define may have moved here. */
  files: ReadonlyMap<string, string>;
}

/** The refusals of taken names whose wording an older version could change: the ids whose versions to read. */
const wantsHistory = new WeakMap<Error, readonly string[]>();

/** The refusals of taken names that would offer `--adopt-namespace`: the namespaces whose managers to read. */
const wantsManagers = new WeakMap<Error, readonly string[]>();

/**
 * The namespaces a refusal of taken names (thrown by buildPlan) would offer `--adopt-namespace`
 * of, while PlanInput.managers is not read: for each, whether another definitions directory of the
 * repository manages it decides whether the flag would be accepted. Undefined for any other error.
 * The caller reads them and plans again with `managers`, on that refusal's path only.
 */
export function managersWanted(err: unknown): readonly string[] | undefined {
  return err instanceof Error ? wantsManagers.get(err) : undefined;
}

/**
 * The ids of the live resources whose versions a refusal of taken names (thrown by buildPlan) would
 * be told better with (PlanInput.history): a versioned kind's resources under a name a definition
 * wants whose latest version carries no marker of this namespace, not read yet. Undefined for any
 * other error, or when there are none. The caller reads them and plans again with `history`, so
 * the versions are read on that refusal's path only.
 */
export function historyWanted(err: unknown): readonly string[] | undefined {
  return err instanceof Error ? wantsHistory.get(err) : undefined;
}

/**
 * Environments that reach one host (provider and endpoint), each with its own namespace: for a
 * kind addressed by name, one project holds one resource of a name, so a name another of them
 * holds is that environment's, and this one's definition needs its own name there.
 */
export interface SharedHost {
  /** The plan's environment, and its overlay directory as messages show it (`agents/overlays/dev`). */
  environment: string;
  overlays: string;
  /** Each other environment on the host: its namespace, and the live ids its overlays pin (`id:`) → the overlay file as shown. */
  others: ReadonlyArray<{ environment: string; namespace: string; pins: ReadonlyMap<string, string> }>;
}

/**
 * For a kind addressed by the user's name: creating under a name that a live resource already has
 * would write into that resource (a new version of someone else's agent), so it is refused at plan
 * time (every such name at once), naming who holds it, unless the definition adopts it with `id:`. (Two definitions with one
 * name are refused as they load, by validate's check: desired/index.ts, nameChecks.) For a
 * versioned kind, a holder whose latest version carries no marker of this namespace is said with
 * what its older versions carry once `input.history` has them; until then the refusal names
 * those holders (historyWanted).
 */
function refuseTakenNames(matches: ReturnType<typeof matchResources>['matches'], input: PlanInput): void {
  const { live, kind, target: { namespace }, sharedHost: shared } = input;
  if (kind.identity.addressedBy !== 'name') return;
  const field = kind.paths.name;
  // Only a definition matched to no live resource can take a name: none in a plan of changes
  // alone, whose 10,000 resources were put in these maps for nothing.
  const creates = matches.flatMap((m) => (m.desired && !m.live ? [m.desired] : []));
  if (creates.length === 0) return;
  const byId = new Map(live.map((l) => [l.id, l]));
  // Names that differ only in case count as one (nameAddress): a live `Reasoner-X` holds `reasoner-x` too.
  const byAddress = new Map(live.map((l) => [nameAddress(l.id), l]));
  const definedKeys = new Set(matches.flatMap((m) => (m.desired ? [m.desired.key] : [])));
  const taken: UserError[] = [];
  const unread = new Set<string>();
  const wanted = new Set<string>();
  for (const desired of creates) {
    const name = valueAt(desired.spec, field);
    if (typeof name !== 'string') continue;
    const holder = byId.get(name) ?? byAddress.get(nameAddress(name));
    if (!holder) continue;
    const inCase = holder.id === name ? '' : ` as '${holder.id}', which differs only in case (the sources do not say whether the host tells the two apart, so aac counts them as one)`;
    const other = shared && otherEnvironmentOf(holder, shared, kind.nouns.one);
    // Not this namespace's by its latest version: an older one may be (another environment's is said as such).
    const older = versioned(kind) && !other && holder.namespace !== namespace;
    const history = older ? input.history?.get(holder.id) : undefined;
    if (older && !history) unread.add(holder.id);
    const managed = holder.key === null ? unmanagedWords(holder, kind, history, namespace) : `it is managed as '${holder.key}'${holder.namespace ? ` in namespace '${holder.namespace}'` : ''}${history ? olderWords(holder, history, namespace) : ''}`;
    const who = other ? `${other.says}; ${holder.key === null ? 'aac does not manage it yet' : managed}` : managed;
    // Under this very key in another namespace, the refusal offers --adopt-namespace unless another directory manages it.
    if (!other && holder.namespace !== null && holder.namespace !== namespace && holder.key === desired.key && !input.managers) wanted.add(holder.namespace);
    taken.push(fieldError(
      desired,
      field,
      'name-taken',
      `the ${kind.nouns.one} name '${name}' is taken by a live ${kind.nouns.one}${inCase} (${who}); creating it would add a version to that ${kind.nouns.one}`,
      other ? ownNameHint(desired, shared!, other.environment, kind) : takeOverHint(holder, desired, namespace, definedKeys, kind, input.environment, input.adoptCommand, input.managers),
    ));
  }
  if (taken.length === 0) return;
  // Every one at once, as validate lists every problem: fixing one must not reveal the next.
  const refusal = allAtOnce(taken, `${taken.length} ${kind.nouns.one} names are taken by live ${kind.nouns.many}; nothing was changed:`, 'each line says what its definition may do');
  if (unread.size > 0) wantsHistory.set(refusal, [...unread]);
  if (wanted.size > 0) wantsManagers.set(refusal, [...wanted]);
  throw refusal;
}

/**
 * Why aac does not manage `holder`, which carries no marker. A versioned resource carries aac's
 * marker on its latest version: one written elsewhere without it (a portal edit keeps only what
 * it shows) leaves an agent aac made looking unmanaged. With its versions read (`history`), what
 * they say: which older version carries this namespace's marker, or that none does.
 */
function unmanagedWords(holder: LiveResource, kind: ResourceKind, history: readonly VersionMarkers[] | undefined, namespace: string): string {
  if (!versioned(kind)) return 'aac does not manage it';
  if (!history) return `aac does not manage it: its latest version has no aac marker, as when a version is written elsewhere without aac's metadata`;
  const ours = olderOwn(holder, history, namespace);
  if (!ours) return history.length <= 1 ? `aac does not manage it: ${latestWords(holder, 'only')} has no aac marker` : `aac does not manage it: ${latestWords(holder)} has no aac marker, nor does an older version carry this namespace's`;
  // Not taken as this namespace's (commands/live-reads.ts readHandMade): a newer owner's marker lies between.
  const newer = newestMarked(history, holder.version);
  const above = newer && newer.version !== ours.version ? `; its version ${newer.version}, newer, carries ${newer.owners.map(([k, v]) => `${k}=${v}`).join(' and ')}, so aac leaves it alone` : '';
  return `aac does not manage it: ${latestWords(holder)} was written without an aac marker (by hand, in a portal or by another tool), but its version ${ours.version} carries this namespace's marker, as '${ours.key}'${above}`;
}

/**
 * For a holder another namespace (or the previous marker) manages, when an older version carries
 * this namespace's marker: `: its latest version, 3, was written by that namespace, but its
 * version 1 carries this namespace's marker, as 'k'`; '' otherwise.
 */
function olderWords(holder: LiveResource, history: readonly VersionMarkers[], namespace: string): string {
  const ours = olderOwn(holder, history, namespace);
  if (!ours) return '';
  return `: ${latestWords(holder)} was written ${holder.namespace === null ? 'with the previous marker' : 'by that namespace'}, but its version ${ours.version} carries this namespace's marker, as '${ours.key}'`;
}

/** `its latest version, 3,` (`its only version, 1,` for `only`), or without the number when the listing gave none. */
function latestWords(holder: LiveResource, which: 'latest' | 'only' = 'latest'): string {
  return `its ${which} version${holder.version === undefined ? '' : `, ${holder.version},`}`;
}

/** The newest version of `history` but the latest (`holder.version`; else the last listed) that carries `namespace`'s marker (model/marker.ts markerNamespace), with the key it names. */
function olderOwn(holder: LiveResource, history: readonly VersionMarkers[], namespace: string): { version: string; key: string } | undefined {
  const latest = holder.version ?? history.at(-1)?.version;
  for (let i = history.length - 1; i >= 0; i--) {
    const v = history[i]!;
    const own = v.version === latest ? undefined : Object.entries(v.markers).find(([k]) => markerNamespace(k) === namespace);
    if (own) return { version: v.version, key: own[1] };
  }
  return undefined;
}

/**
 * The other environment on the host whose `holder` is (SharedHost): the one whose namespace
 * manages it, else one whose overlay pins it (an import there wrote the pin; its apply adopts
 * it), with what the refusal says of it; undefined when it is none of theirs.
 */
function otherEnvironmentOf(holder: LiveResource, shared: SharedHost, one: string): { environment: string; says: string } | undefined {
  const owner = holder.namespace === null ? undefined : shared.others.find((o) => o.namespace === holder.namespace);
  if (owner) return { environment: owner.environment, says: `it is the ${one} of environment '${owner.environment}'` };
  const pinner = shared.others.find((o) => o.pins.has(holder.id));
  if (pinner) return { environment: pinner.environment, says: `environment '${pinner.environment}' pins it in ${pinner.pins.get(holder.id)!}` };
  return undefined;
}

/**
 * The way out when the name is another environment's on a shared host: this environment's own
 * name, in its overlay for the key (the one it has, else where it goes) — never a pin in the
 * base, which every environment reads (two environments would manage one resource).
 */
function ownNameHint(d: Definition, shared: SharedHost, other: string, kind: ResourceKind): string {
  const overlay = d.parts?.find((p) => p.startsWith(`${shared.overlays}/${d.key}.`)) ?? overlayFileOf(shared.overlays, d.key);
  return `give the ${kind.nouns.one} its own name in environment ${shared.environment}: ${codeSpan(`${kind.paths.name.join('.')}: …`)} in ${overlay} (environments sharing one project need one name each; '${other}' keeps this one)`;
}

/**
 * What a definition whose name `holder` already has may do, never a step the plan then refuses
 * (match.ts `pinned`): pin an unmanaged or previous-marker resource; not another namespace's,
 * which only that namespace can let go; `--adopt-namespace` of it under this key only when no
 * other directory of the repository manages it (`managers`: the run refuses the flag then, and
 * the definition is most likely a copy of that directory's file of its key, or moved from there
 * when that directory defines it no more: the hand-over then); for this namespace's resource of a
 * key no longer defined, say the file moved (a pin alone is refused there); of a key still
 * defined, nothing but another name. Each file it names is the one to edit: the pin goes in the
 * run's environment's overlay (`environment`; pin-place.ts), the name where it is written (an
 * overlay's `name:` is changed there), `moved_from:` in the base (overlays cannot set it).
 */
function takeOverHint(holder: LiveResource, d: Definition, namespace: string, definedKeys: ReadonlySet<string>, kind: ResourceKind, environment: PinnedEnvironment | undefined, adoptCommand?: (old: string) => string, managers?: ReadonlyMap<string, ManagingDirectory>): string {
  const { one } = kind.nouns;
  const { id: name } = holder;
  const { file } = d;
  const nameFile = d.locate(kind.paths.name).file;
  const another = nameFile === file ? 'choose another name' : `choose another name (${codeSpan(`${kind.paths.name.join('.')}:`)} in ${nameFile})`;
  if (holder.namespace === namespace && definedKeys.has(holder.key!)) return `${another}: '${holder.key}' is defined here with this name`;
  if (holder.namespace !== null && holder.namespace !== namespace) {
    const elsewhere = `${another}: ${withArticle(one)} belongs to one namespace, and '${holder.namespace}' manages this one (${handOverHint(holder.namespace, name, kind)})`;
    if (holder.key !== d.key) return elsewhere;
    const manager = managers?.get(holder.namespace);
    const copied = manager?.files.get(d.key);
    if (manager && copied !== undefined) return `'${holder.namespace}' is the namespace of the definitions directory ${manager.dir}/ in this repository (${manager.source}), which manages it under this definition's key: this file is probably a copy of ${copied} and belongs there, so remove it; if not, ${elsewhere}`;
    if (manager) return `'${holder.namespace}' is the namespace of the definitions directory ${manager.dir}/ in this repository (${manager.source}), and no valid file there defines '${d.key}': if this file moved here from there, that ${one} is an orphan of ${manager.dir}/ (its prune deletes it, which frees the name); if not, ${elsewhere}`;
    // Under this very key: most often this directory's own, made before its `namespace:` changed.
    // The command last, as a note of namespace twins ends (render/format.ts namespaceTwinNotes).
    const adopt = adoptCommand ? `run ${codeSpan(adoptCommand(holder.namespace))}` : `plan with --adopt-namespace ${holder.namespace}`;
    return `did \`namespace:\` change? '${holder.namespace}' manages it under this definition's key; if not, ${elsewhere}; if so, to take over every such one, ${adopt}`;
  }
  if (holder.namespace === namespace) {
    return `if this file was moved or renamed from '${holder.key}', add ${codeSpan(yamlLine('moved_from', holder.key!, { list: true }))} to ${file} (the plan then moves it); otherwise ${another}`;
  }
  return `to take it over, pin it with ${codeSpan(yamlLine('id', name))} in ${pinFileOf(d, environment)}; otherwise ${another}`;
}

/** The first `moved_from:` key of `d` that a resource of another namespace (`others`) carries, with that namespace and id. */
function movedElsewhere(d: Definition, others: readonly LiveResource[]): PlanChange['movedFromElsewhere'] {
  for (const key of d.movedFrom) {
    const holder = others.find((o) => o.key === key);
    if (holder) return { key, namespace: holder.namespace!, id: holder.id };
  }
  return undefined;
}

export function buildPlan(input: PlanInput): BuiltPlan {
  const targets = [...(input.targets ?? [])];
  const { kind, target: { provider } } = input;
  const normalized = input.normalized?.kind === kind && input.normalized.provider === provider ? input.normalized : new NormalizedSpecs(kind, provider);
  const rules: Rules = { kind, provider, normalized, ...(input.retainVersions === undefined ? {} : { retainVersions: input.retainVersions }) };
  const differ = copyDifference(normalized);
  const { matches: all, unmanaged, otherNamespaces, legacy, conflicts } = matchResources(input.desired, input.live, input.target.namespace, input.kind, differ, {
    adoptLegacy: input.adoptLegacy ?? false,
    ...(input.adoptNamespace === undefined ? {} : { adoptNamespace: input.adoptNamespace }),
    ...(input.aacObjects ? { aacObjects: input.aacObjects } : {}),
    ...(input.environment ? { environment: input.environment } : {}),
    ...(input.pairs ? { index: input.pairs.index } : {}),
  });
  // Without --target there is no pattern to check, and the keys and files it would be checked
  // against were 10,000 of each made after a plan's last page for nothing.
  if (!input.savedTargets && targets.length > 0) {
    const files = input.dir === undefined ? undefined : { dir: input.dir, files: input.desired.map((d) => ({ file: d.file, key: d.key, movedFrom: d.movedFrom })) };
    checkTargets(targets, [...all.map((m) => m.key), ...conflicts.map((c) => c.key)], input.kind.nouns, files, all, [...unmanaged, ...otherNamespaces], input.kind.paths.name);
  }
  // Copies that differ are refused as a whole plan, as every other claim the plan cannot settle
  // (a pin that cannot hold, a name taken, a previous marker): a plan that went ahead without the
  // key would read as complete, and the next apply would meet the same copies. --target leaves it out.
  const conflicted = conflicts.filter((c) => isTargeted(targets, c.key));
  if (conflicted.length > 0) throw copiesRefusal(conflicted, kind, differ, (d, copy) => matchesDefinition(d, copy, rules), input.environment);
  const matches = targets.length === 0 ? all : all.filter((m) => isTargeted(targets, m.key));
  // Planned by other rules (another kind or host, or versions to retain), a pair is planned again.
  const pairs = input.pairs?.normalized === normalized && input.retainVersions === undefined ? input.pairs : undefined;
  refuseTakenNames(matches, input);
  // A create that repeats an orphan is most likely a file renamed without `moved_from:`: noted.
  // One loop over the matches (10,000 in a plan of 10,000), where two flatMaps made an empty array for each.
  const creates: Definition[] = [];
  const orphans: Array<{ key: string; live: LiveResource }> = [];
  for (const m of matches) {
    if (m.desired) {
      if (!m.live) creates.push(m.desired);
    } else if (m.duplicateOf === undefined) orphans.push({ key: m.key, live: m.live! });
  }
  const moves = likelyMoves(creates, orphans, rules);
  // One that repeats a resource with no marker at all was made outside aac, or is its own with the marker removed: noted too.
  const unmarked = likelyMoves(creates.filter((d) => !moves.has(d.key)), unmanaged.map((live) => ({ key: live.id, live })), rules);
  // One whose key another namespace's resource carries is most likely the same, `namespace:` changed: noted whatever else is
  // (but where that namespace is another environment's on this host: siblingNamespaces).
  const siblings = new Set(input.siblingNamespaces);
  const twins = twinsElsewhere(creates, otherNamespaces.filter((o) => o.namespace === null || !siblings.has(o.namespace)), rules);
  const changeOf = (m: Match): PlanChange => {
    if (!m.desired) return planOrphan(m.key, m.live!, rules, input.prune, m.duplicateOf ?? null);
    if (pairs && m.live && m.movedFrom === undefined && m.adoptedFrom === undefined) return pairs.of(m.desired, m.live);
    const planned = planDesired(m.desired, m.live, rules, m.movedFrom, m.adoptedFrom);
    const twin = twins.get(m.key);
    const change = twin === undefined ? planned : { ...planned, liveElsewhere: twin };
    const old = moves.get(m.key);
    if (old !== undefined) return { ...change, likelyMovedFrom: old };
    const id = unmarked.get(m.key);
    if (id !== undefined) return { ...change, likelyUnmarked: id };
    const elsewhere = m.live ? undefined : movedElsewhere(m.desired, otherNamespaces);
    return elsewhere === undefined ? change : { ...change, movedFromElsewhere: elsewhere };
  };
  // Each change counted for the summary as it is made, and whether each key comes after the one
  // before noted: the summary's count and the sort were each a walk of their own over the 10,000
  // changes of a plan of 10,000 after the last page (~1 ms each, a change a cache miss by then).
  const count = new SummaryCount();
  let previous: string | undefined;
  let ascending = true;
  const changes = matches.map((m) => {
    const c = changeOf(m);
    // Whatever else it is (a pair planned ahead included): its `moved_from:` keys still live beside it.
    const change = m.stillLive === undefined ? c : { ...c, movedFromStillLive: m.stillLive };
    count.add(change);
    if (previous !== undefined && !(previous < change.key)) ascending = false;
    previous = change.key;
    return change;
  });
  // By key, a key's kept copy before its extra ones: so already when each key came after the one
  // before (the definitions read in their files' order, and no orphan or extra copy among them).
  if (!ascending) changes.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : Number(a.duplicateOf !== null) - Number(b.duplicateOf !== null)));
  // Only legacy entries name their file: no map of every definition for none.
  const files = legacy.length === 0 ? new Map<string, string>() : new Map(input.desired.map((d) => [d.key, d.file]));
  return {
    target: input.target,
    prune: input.prune,
    adoptLegacy: input.adoptLegacy ?? false,
    ...(input.adoptNamespace === undefined ? {} : { adoptNamespace: input.adoptNamespace }),
    targets,
    changes,
    summary: count.summary({ unmanaged: unmanaged.length, other_namespaces: otherNamespaces.length, legacy: legacy.length }),
    legacy: legacy
      .map((a) => ({ key: a.key!, id: a.id, ...(files.has(a.key!) ? { file: files.get(a.key!)! } : {}) }))
      .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0)),
    definitions: targets.length === 0 && input.pairs?.index.desired === input.desired ? input.pairs.sourceHashes : Object.fromEntries(input.desired.filter((d) => isTargeted(targets, d.key)).map((d) => [d.key, d.sourceHash])),
    retainVersions: input.retainVersions ?? null,
    ...(input.environment ? { overlays: input.environment.overlays } : {}),
    createdAt: new Date().toISOString(),
  };
}
