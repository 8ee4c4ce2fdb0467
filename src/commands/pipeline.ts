// The front half every API-facing command shares: load and validate the definitions, reach the
// backend, read the live state, and plan. `plan`, `apply`, `import` and `bench` start here.
import type { Backend, ResourceKind } from '../backends/backend.js';
import { acquireLock, listResources, thisRun, type HeldLock } from '../lock/lock.js';
import { aacObjects } from '../lock/lock-object.js';
import { LockModels, modelSources, type ModelSource } from '../lock/lock-model.js';
import { credentialsIn, kindForProvider, registeredKinds, withoutCredentials } from '../backends/registry.js';
import { anotherKindWords, overriddenProviderWords, providerChoice } from './another-kind.js';
import { definitionsOfAnotherKind } from '../desired/kind-mismatch.js';
import { credentialNamesRefusal, credentialNamespaceRefusal } from '../desired/credential-names.js';
import { throwRefusals, type Refusal } from '../util/refusals.js';
import type { CommandContext } from './command.js';
import { loadProjectConfig, type LoadedConfig } from '../config/index.js';
import { runConfig } from './environment-option.js';
import type { Environment, Environments } from '../environments/config.js';
import { mergeEnvironmentDiagnostics } from '../environments/per-environment.js';
import { loadDefinitions, NO_DEFINITIONS } from '../desired/index.js';
import { sharedReads, type FileReads } from '../desired/shared-reads.js';
import type { Definition, LiveResource } from '../model/definition.js';
import { readHandMade, readRecorded, readVersions } from './live-reads.js';
import { DEFAULT_CONCURRENCY, maxRetries, type ProjectConfig } from '../model/config.js';
import { eachOnce, type Diagnostic, type RunWarning } from '../model/diagnostic.js';
import type { BuiltPlan, PlanTarget } from '../model/plan.js';
import { namespaceAsGiven, runNamespace } from './namespace-option.js';
import { refuseOwnAdoption } from './plan-options.js';
import { namespaceManagers, withDefiningFiles } from './repo-namespaces.js';
import { runIgnoreCheck, runListing, runTarget, startReading, type Reading, type ReadingOptions } from './reading.js';
import type { ListingScope } from '../desired/git-listing.js';
import { shownPath } from '../desired/paths.js';
import { pinnedEnvironments } from '../environments/base-pins.js';
import type { PinnedEnvironment } from '../environments/pin-place.js';
import { buildPlan, historyWanted, managersWanted, type ManagingDirectory, type PlanInput, type SharedHost, type VersionHistory } from '../plan/build.js';
import { adoptCommand } from '../render/command-line.js';
import pLimit from 'p-limit';
import { sharedHost, type HostSharer } from './shared-host.js';
import { warnGlobsThatAreKeys } from './target-option.js';
import { movedStillLiveWarnings } from '../plan/moved-still-live.js';
import { emptyMetadataWarnings } from '../plan/empty-metadata.js';
import { updateNoteWarnings } from '../plan/update-notes.js';
import { updatedDefinitions } from '../plan/updated-definitions.js';
import { NormalizedSpecs } from '../plan/normalized.js';
import { PlannedPairs } from '../plan/planned-pairs.js';
import { carryWarnings, UserError } from '../util/errors.js';
import { sanitize } from '../util/invisible.js';
import { DataRedactor } from '../util/redact.js';
import { forceUnlock, kindCommands, runFlags, suggestion } from './suggest.js';
import { pointOfNoReturn } from './point-of-no-return.js';
import { codeSpan } from '../util/code-span.js';
import { nextTurn } from '../util/event-loop.js';
import { reportDiagnostics as report } from './diagnostics-report.js';

/**
 * Reads aac.yaml (unless given, with the run's settings) and the definitions; prints their
 * diagnostics and stops on any error, else returns them (`warnings`) with the definitions.
 * `emptyIsFine`: a directory without definitions is what the command fills (import), or is meant to be empty (`--allow-empty`), not a mistake to warn of.
 * `listing`: the scope of the run's git listing (ListingScope), `read` for a run that looks for no
 * other directory's aac.yaml (import); plan and apply may, for a create's twin. `reads`: the run's
 * reads of the directory shared with its other loads (LoadOptions.reads), when it has some.
 * `outcome`: what an error leaves undone, as stopOnErrors says it (import's `nothing was written`).
 */
export async function loadDesired(
  ctx: CommandContext,
  given?: { loaded: LoadedConfig; config: ProjectConfig },
  { emptyIsFine = false, command, onFound, onErrors, listing = 'whole', reads, outcome }: { emptyIsFine?: boolean; command?: string; onFound?: (count: number) => void; onErrors?: (count: number) => void; listing?: ListingScope; reads?: FileReads; outcome?: string } = {},
): Promise<{ desired: Definition[]; config: ProjectConfig; environments: Environments; loaded: LoadedConfig; warnings: Diagnostic[] }> {
  const opts = { cwd: ctx.io.cwd, provider: ctx.global.provider, credentials: credentialsIn(ctx.io.env) };
  const loadedConfig = given?.loaded ?? await loadProjectConfig(ctx.global.dir, opts);
  const config = given?.config ?? runConfig(ctx, loadedConfig, { ...(command ? { command } : {}) });
  const loaded = await loadDefinitions(ctx.global.dir, {
    ...opts,
    ignoreCheck: runIgnoreCheck(ctx, listing),
    ...(loadedConfig.path !== undefined ? { configPath: loadedConfig.path } : {}),
    commands: kindCommands(ctx, config.providerOverridden),
    provider: config.provider,
    ...(config.providerWritten !== undefined ? { providerWritten: config.providerWritten } : {}),
    providerChoice: providerChoice(ctx, config),
    environments: loadedConfig.environments,
    ...(config.environment !== undefined ? { environment: config.environment } : {}),
    ...(onFound ? { onFound } : {}),
    ...(reads ? { reads } : {}),
  });
  const found = emptyIsFine ? loaded.diagnostics.filter((d) => d.code !== NO_DEFINITIONS) : loaded.diagnostics;
  const errors = [...loadedConfig.diagnostics, ...found].filter((d) => d.severity === 'error').length;
  if (errors > 0) onErrors?.(errors);
  const warnings = stopOnErrors(ctx, loadedConfig, config, found, loaded.definitions.length, outcome);
  return { desired: loaded.definitions, config, environments: loadedConfig.environments, loaded: loadedConfig, warnings };
}

/**
 * Prints aac.yaml's and the definitions' (`found`) diagnostics; throws a UserError when any is an
 * error, saying `outcome` (what the command left undone: migrate writes files, changing nothing remote);
 * else returns them (warnings only) as printed. `config`: the run's settings (its environment's
 * provider, which the definitions were read under).
 */
function stopOnErrors(ctx: CommandContext, loadedConfig: LoadedConfig, config: ProjectConfig, found: readonly Diagnostic[], valid: number, outcome = 'nothing was changed'): Diagnostic[] {
  const diagnostics = [...loadedConfig.diagnostics, ...found];
  const other = definitionsOfAnotherKind(found, valid, kindForProvider(config.provider), registeredKinds());
  if (other) {
    // Every file's errors follow from the one choice: said once; each stays in --format json and the annotations.
    report(ctx, [...loadedConfig.diagnostics, ...found.filter((d) => d.severity !== 'error')]);
    const { message, hint } = anotherKindWords(ctx, config, other);
    throw new UserError(`${message}; ${outcome}`, hint, diagnostics);
  }
  const printed = report(ctx, diagnostics);
  const errors = diagnostics.filter((d) => d.severity === 'error').length;
  if (errors === 0) return printed;
  // Named by where they are: aac.yaml is not a definition.
  const inConfig = loadedConfig.diagnostics.some((d) => d.severity === 'error');
  const inDefinitions = found.some((d) => d.severity === 'error');
  const where = inConfig && inDefinitions ? `${loadedConfig.config.file ?? 'aac.yaml'} and the definitions` : inConfig ? (loadedConfig.config.file ?? 'aac.yaml') : 'the definitions';
  const overridden = inDefinitions ? overriddenProviderWords(ctx, config) : undefined;
  throw new UserError(
    `${errors} ${errors === 1 ? 'error' : 'errors'} in ${where}; ${outcome}`,
    `fix them and run again (${codeSpan(suggestion(ctx, 'validate'))} checks without credentials)${overridden ? `; ${overridden}` : ''}`,
    diagnostics,
  );
}

/**
 * The definitions as written — every `${var.…}` kept, a default never written in (Scope.asWritten)
 * — and as each environment aac.yaml declares sees them (its overlay merged, references still
 * kept): what `aac migrate` converts. Prints the problems (one only some environments have names
 * them, as validate does) and stops on an error. `reads`: the files read, walked and parsed once
 * for all these loads (desired/shared-reads.ts), for the run's later loads of the directory to share.
 */
export async function loadAsWritten(ctx: CommandContext): Promise<{
  desired: Definition[];
  byEnvironment: Array<{ environment: Environment; definitions: Definition[] }>;
  config: ProjectConfig;
  loaded: LoadedConfig;
  reads: FileReads;
}> {
  const opts = { cwd: ctx.io.cwd, provider: ctx.global.provider, credentials: credentialsIn(ctx.io.env) };
  const loaded = await loadProjectConfig(ctx.global.dir, opts);
  const config = runConfig(ctx, loaded);
  const declared = loaded.environments.environments;
  // A file only a later environment reads is in a listing of the whole work tree, not in one of what the first load reads.
  const ignoreCheck = runIgnoreCheck(ctx, declared.length > 0 ? 'whole' : 'read');
  const reads = sharedReads();
  const load = (environment?: string) => loadDefinitions(ctx.global.dir, {
    ...opts, ignoreCheck, ...(loaded.path !== undefined ? { configPath: loaded.path } : {}), provider: config.provider, providerChoice: providerChoice(ctx, config), environments: loaded.environments, asWritten: true, reads, ...(environment !== undefined ? { environment } : {}),
  });
  const base = await load();
  const byEnvironment: Array<{ environment: Environment; definitions: Definition[] }> = [];
  const perEnvironment: Array<readonly [string, readonly Diagnostic[]]> = [];
  for (const environment of declared) {
    const got = await load(environment.name);
    byEnvironment.push({ environment, definitions: got.definitions });
    perEnvironment.push([environment.name, got.diagnostics]);
  }
  stopOnErrors(ctx, loaded, config, eachOnce([...base.diagnostics, ...(declared.length > 0 ? mergeEnvironmentDiagnostics(perEnvironment) : [])]), base.definitions.length, 'nothing was written');
  return { desired: base.definitions, byEnvironment, config, loaded, reads };
}

/**
 * Reads aac.yaml alone, for `command`, which needs no definitions: the settings of the run's
 * environment (runConfig). Prints its diagnostics and stops on an error.
 */
export async function loadConfig(ctx: CommandContext, command: string): Promise<ProjectConfig> {
  const loaded = await loadProjectConfig(ctx.global.dir, { cwd: ctx.io.cwd, provider: ctx.global.provider, credentials: credentialsIn(ctx.io.env) });
  report(ctx, loaded.diagnostics);
  if (loaded.diagnostics.some((d) => d.severity === 'error')) {
    throw new UserError('aac.yaml has errors; nothing was changed', `fix it and run again (${codeSpan(suggestion(ctx, 'validate'))} checks without credentials)`, loaded.diagnostics);
  }
  return runConfig(ctx, loaded, { command });
}

/** How a command that writes takes the namespace's lock (apply; see src/lock). */
export interface Locking {
  /** The command, as the lock names it. */
  operation: string;
  /** How long to wait for another run's lock, ms; 0 refuses at once. */
  timeoutMs: number;
  /** Given the lock once held: the command releases it when it ends, whatever happens. */
  onHeld(lock: HeldLock): void;
}

/**
 * The models a lock object of `namespace` may be made with (lock/lock-model.ts), those of `live`:
 * the resources aac manages in this namespace, not any the listing read. The host made each, so
 * took its model; but a resource outside the namespace may have been made with other credentials
 * (another key or project role, a portal user) allowed models this run's are not, and a run that
 * shaped its own writes on resources it does not manage would hang on what it does not own. Runs of
 * this namespace made these with the credentials this run holds: the conservative evidence.
 */
function ownModels(live: readonly LiveResource[], namespace: string, kind: ResourceKind): ModelSource[] {
  return modelSources(live.filter((l) => l.namespace === namespace).map((l) => ({ spec: l.spec, id: l.id })), kind);
}

/**
 * Takes the namespace's lock, then reads the live state: a listing made before the lock was held
 * would miss the writes of the run it waited for. A run with nothing defined and nothing managed
 * changes nothing, so it takes no lock. `retries`: how many times a lock object's create of unknown
 * outcome is sent again (model/config.ts maxRetries), as the run's other writes are.
 */
async function readLocked(ctx: CommandContext, backend: Backend, desired: Definition[], namespace: string, locking: Locking, adoptNamespace: string | undefined, retries: number): Promise<Listed> {
  const { kind } = backend;
  // The definitions' models first: their first is taken by the host unless mistyped or not yet
  // deployed, and so no listing is read before the lock (a second one, beside the lock's own, at
  // 10,000 resources). After a refusal, the namespace's live models, then the definitions' others.
  const defined = modelSources(desired.map((d) => ({ spec: d.spec, file: d.file })), kind);
  let models: LockModels;
  if (defined.length > 0) {
    models = new LockModels(defined, kind, namespace, async () => ownModels((await listed(backend)).live, namespace, kind));
  } else {
    const all = await listed(backend);
    const live = ownModels(all.live, namespace, kind);
    if (live.length === 0) return all;
    models = new LockModels(live, kind, namespace);
  }
  // A signal that came while the definitions were loaded ends the run before the lock is taken.
  await pointOfNoReturn(ctx.io);
  // From here an interrupt must not leave the lock behind: it stops the run, which removes it.
  // Nothing is in flight yet, so nothing is said until the run ends (apply's writes say more).
  ctx.io.finishOnInterrupt('');
  // A run that takes over another namespace's resources (--adopt-namespace) holds that namespace's
  // lock too, so no apply of it writes them meanwhile; taken in the namespaces' order, so that two
  // runs that each take the other's never hold one each and wait for the other.
  const held: HeldLock[] = [];
  // Each of the run's lock objects it could not remove as it stepped back: said at once, and carried
  // by the run's failure to its --format json document.
  const left: string[] = [];
  const leave = (warning: string) => void left.push(lockLeft(ctx, warning));
  try {
    for (const each of [namespace, ...(adoptNamespace === undefined ? [] : [adoptNamespace])].sort()) {
      const lock = await acquireLock(backend, {
        namespace: each,
        models,
        // Each lock object its own nonce, which names it (a kind addressed by name holds one resource of a name).
        holder: thisRun(locking.operation, ctx.io.env),
        timeoutMs: locking.timeoutMs,
        signal: ctx.io.signal,
        // The host's text it may quote (the lock's create interrupted in its back-off) as every error's.
        onWait: (message) => ctx.io.stderr.write(`${withoutCredentials(message, ctx.io.env)}\n`),
        onLeft: leave,
        // A quit while the lock is taken, its create in flight, says what it may leave, as one while held does.
        leftOnQuit: (tell) => ctx.io.leftOnQuit(tell),
        ...(ctx.io.waits ? { waits: ctx.io.waits.lock } : {}),
        maxRetries: retries,
        unlockCommand: (id) => forceUnlock(ctx, id, each === namespace ? undefined : each),
      });
      // A quit before its release leaves it: said, with the command that removes it.
      const untold = ctx.io.leftOnQuit(() => lock.leftBehind());
      held.push({ ...lock, release: () => lock.release().finally(untold) });
    }
  } catch (err) {
    for (const lock of held.reverse()) {
      const warning = await lock.release();
      if (warning !== undefined) leave(warning);
    }
    carryWarnings(err, left.map((message) => ({ code: 'lock-left', message })));
    throw err;
  }
  const all = held.length === 1 ? held[0]! : bothHeld(held);
  locking.onHeld(all);
  return { backend, live: all.live, locks: all.locks };
}

/**
 * Says on stderr that a lock object of the run's own could not be removed (`warning`: a lock
 * release's, lock.ts OwnLock.drop, naming it, why, when it expires and the force-unlock), the
 * credentials in the host's text it quotes redacted as in every error (withoutCredentials);
 * returns it so redacted, for the run's report or error document.
 */
export function lockLeft(ctx: CommandContext, warning: string): string {
  const shown = withoutCredentials(warning, ctx.io.env);
  ctx.io.stderr.write(`Warning: ${sanitize(shown)}\n`);
  return shown;
}

/**
 * Locks held together as one: the listing the last one was taken with (every lock held by then),
 * lost when any is, released all (the last taken first), their warnings joined.
 */
function bothHeld(held: readonly HeldLock[]): HeldLock {
  const last = held.at(-1)!;
  return {
    id: last.id,
    live: last.live,
    locks: last.locks,
    lost: AbortSignal.any(held.map((h) => h.lost)),
    leftBehind: () => held.map((h) => h.leftBehind()).filter((line) => line !== undefined).join('; ') || undefined,
    release: async () => {
      const warnings: string[] = [];
      for (const lock of [...held].reverse()) {
        const warning = await lock.release();
        if (warning !== undefined) warnings.push(warning);
      }
      return warnings.length === 0 ? undefined : warnings.join('; ');
    },
  };
}

/** A listing: the live resources but aac's lock objects, and those (of every namespace) apart. */
interface Listed {
  backend: Backend;
  live: LiveResource[];
  locks: readonly LiveResource[];
}

async function listed(backend: Backend): Promise<Listed> {
  let locks: readonly LiveResource[] = [];
  const live = await listResources(backend, undefined, (found) => (locks = found));
  return { backend, live, locks };
}

interface State {
  /** The run's environment and its overlay directory, when aac.yaml declares environments (PlanInput.environment). */
  environment?: PinnedEnvironment;
  desired: Definition[];
  live: LiveResource[];
  backend: Backend;
  config: ProjectConfig;
  /** The backend's endpoint and this run's namespace. */
  target: PlanTarget;
  /** The specs normalized while the listing ran, for the plan. */
  normalized: NormalizedSpecs;
  /** The pairs planned while the listing ran, for the plan; none when nothing was listed ahead. */
  pairs?: PlannedPairs;
  /** Redacts the plan for rendering and saving: what was normalized and planned ahead is already redacted. */
  redactor: DataRedactor;
  /** For a kind addressed by name: the other environments on the run's host (shared-host.ts); absent when none. */
  sharedHost?: SharedHost;
  /** The other environments on the run's host, of every kind (Reading.sharers). */
  sharers: readonly HostSharer[];
  /** aac's own objects the listing left out of `live` (lock/lock-object.ts aacObjects), for the plan's pins. */
  aacObjects: ReadonlyMap<string, string>;
  /** The versions read of agents a definition's name hits whose latest version has no marker (live-reads.ts readHandMade), for the plan's refusals. */
  history: VersionHistory;
  /** aac.yaml's and the definitions' warnings, as printed. */
  warnings: Diagnostic[];
}

/**
 * Loads the definitions and reads every live assistant with the list endpoint, in the run's
 * environment (`command` names the run for the message that asks for one; `planned` is a saved
 * plan's, see runConfig). `check` sees the definitions before the listing's outcome is awaited,
 * so its refusal wins over a listing error.
 */
export async function readState(
  ctx: CommandContext,
  opts: {
    command: string;
    planned?: { environment?: string };
    /** Called once the definitions are loaded, before the lock is taken and (with `listLater`) before the listing. */
    check?: (desired: Definition[], config: ProjectConfig) => void;
    /** Called with their count when aac.yaml or the definitions have errors, before they are printed; may throw a refusal of its own. */
    onErrors?: (count: number) => void;
    locking?: Locking;
    /** List only after `check`, even without the lock: a run whose checks need no request sends none before they pass. */
    listLater?: boolean;
    /** See startReading. */
    checkTarget?: ReadingOptions['checkTarget'];
    /** See startReading. */
    checkProvider?: ReadingOptions['checkProvider'];
    /** Begun by the command before it imported this module (`aac plan`); else begun here. */
    reading?: Reading;
    /** `--adopt-namespace`: the namespace whose resources the plan may take over (its lock is taken too; their versions are read). */
    adoptNamespace?: string;
    /** The plan prunes (`--prune`, or a saved plan made with it): whose an agent without any marker is, is read for every such agent (live-reads.ts readHandMade). */
    prune?: boolean;
    /** The run's reads of the definitions directory, shared with its other loads (loadDesired). */
    reads?: FileReads;
  },
): Promise<State> {
  // The listing needs only the config, and at scale loading the definitions and listing the live
  // assistants each take seconds, so they run together: the first page's round trip runs while
  // the definitions load rather than after.
  const reading = opts.reading ?? await startReading(ctx, { ...opts, listLater: opts.locking !== undefined || opts.listLater === true });
  const { loaded, config: runIn, connecting, normalized: ahead, redactor, listing } = reading;
  // `--allow-empty` says the directory is empty on purpose (a retirement): no hint to fill it.
  const emptyIsFine = ctx.options['allow-empty'] === true;
  // Definitions with errors are not searched for credentials: a namespace refused is said instead of them, as before they were read.
  const onErrors = (count: number) => {
    if (reading.refused) throwRefusals([reading.refused], CREDENTIALS_REFUSED);
    opts.onErrors?.(count);
  };
  const { desired, config, warnings } = await loadDesired(ctx, { loaded, config: runIn }, { emptyIsFine, onFound: (count) => reading.definitionsFound.saw(count), onErrors, ...(opts.reads ? { reads: opts.reads } : {}) });
  // Before a saved plan is compared (which would quote the key) and before any write: the namespace
  // and the definitions' names at once, with the environment's credentials and a token the client
  // fetched (known only now; none made when the namespace holds one of the environment's).
  const client = await connecting?.catch(() => undefined);
  const held = [...credentialsIn(ctx.io.env), ...(client?.secrets() ?? []).map((value) => ({ value }))];
  const kind = kindForProvider(config.provider);
  const given = namespaceAsGiven(ctx, config);
  throwRefusals([credentialNamespaceRefusal(given, config, held, kind.nouns.many), credentialNamesRefusal(desired, kind, held)].filter((r): r is Refusal => r !== undefined), CREDENTIALS_REFUSED);
  const { namespace } = given;
  opts.check?.(desired, config);
  await ahead?.ahead(desired.map((d) => d.spec));
  // Pairs are planned while the listing runs beside the load (not under a lock). A retained
  // resource's versions are read after the listing, and its change depends on them.
  const pairs = ahead && listing && config.retainVersions === undefined ? new PlannedPairs(ahead, desired, namespace, reading.redactAhead) : undefined;
  // Made ahead (an index of every definition, their hashes redacted), then the pages listed so far
  // indexed: a turn between the two, as between those pages (Reading.follow).
  if (pairs) await nextTurn();
  const following = pairs && reading.follow?.((page) => pairs.later(page));
  const { backend, live: listedLive, locks } = opts.locking
    ? await readLocked(ctx, await connecting!, desired, namespace, opts.locking, opts.adoptNamespace, maxRetries(config.options))
    : await (listing ?? connecting!.then(listed));
  // Every page indexed before the plan matches over the index; which are those of `listing`, and
  // so it is told what that listing gave (none when the run listed under its lock).
  await following;
  if (!opts.locking) pairs?.index.listed(listedLive);
  pairs?.stop();
  const concurrency = config.options.concurrency ?? DEFAULT_CONCURRENCY;
  // The namespaces whose resources a definition may take: the run's, and the one it adopts from.
  const takes = [namespace, ...(opts.adoptNamespace === undefined ? [] : [opts.adoptNamespace])];
  // Before the versions retention reads: an agent whose latest version was made outside aac over
  // this namespace's is this namespace's, and retained as such.
  const { live: ownLive, history } = await readHandMade(backend, listedLive, namespace, desired, concurrency, opts.prune === true);
  if (config.retainVersions !== undefined) await readVersions(backend, ownLive, takes, desired, concurrency);
  const normalized = ahead ?? new NormalizedSpecs(backend.kind, backend.target.provider);
  const live = await readRecorded(backend, ownLive, takes, desired, normalized, concurrency);
  const target = runTarget(ctx, backend, config);
  const shared = backend.kind.identity.addressedBy === 'name' ? await sharedHost(ctx, loaded, config, reading.sharers) : undefined;
  const environment = pinnedEnvironments(ctx.global.dir, loaded.environments.environments, ctx.io.cwd).find((e) => e.name === config.environment);
  return {
    ...(shared ? { sharedHost: shared } : {}),
    sharers: reading.sharers,
    ...(environment ? { environment } : {}),
    desired,
    live,
    backend,
    config,
    target,
    normalized,
    ...(pairs ? { pairs } : {}),
    redactor: (redactor() ?? new DataRedactor([], backend.kind.credentials)).for(backend.secrets()),
    warnings,
    aacObjects: aacObjects(locks, backend.kind.nouns.one),
    history,
  };
}

/** How readState says the credentials it finds in what names the run's resources: the namespace's and the definitions' names', at once. */
const CREDENTIALS_REFUSED = { subject: 'a credential this run holds is part of what names its resources', outcome: 'nothing was changed' };

/**
 * Refuses `--prune` over no definitions without `--allow-empty`: an empty or mistyped directory
 * would otherwise plan to delete every assistant of its namespace. `--target` is an explicit
 * scope of its own, so a targeted prune is not refused. Checked before any write.
 */
function checkPruneScope(ctx: CommandContext, desired: Definition[], config: ProjectConfig, opts: { prune: boolean; targets: readonly string[] }): void {
  if (!opts.prune || opts.targets.length > 0 || desired.length > 0 || ctx.options['allow-empty']) return;
  throw new UserError(
    `refusing --prune: ${shownPath(ctx.io.cwd, ctx.global.dir)} holds no definitions, so every ${kindForProvider(config.provider).nouns.one} of its namespace would be deleted; nothing was changed`,
    'check --dir; to really delete them all, add --allow-empty',
  );
}

/**
 * buildPlan(input); when it refuses names live resources hold and the refusal would be told
 * better with what it asks for, reads that and plans again to throw the refusal so told: the
 * versions of those resources (plan/build.ts historyWanted: does an older version carry this
 * namespace's marker? Backend.versionMarkers, `concurrency` at a time), and which other
 * definitions directory of the repository manages the namespaces it would offer
 * `--adopt-namespace` of (managersWanted; `managersOf`, namespaceManagers). Only that refusal
 * reads them; a read that fails leaves the refusal as first told.
 */
async function planOrRefuse(input: PlanInput, backend: Backend, concurrency: number, managersOf: (namespaces: readonly string[]) => Promise<ReadonlyMap<string, ManagingDirectory>>): Promise<BuiltPlan> {
  try {
    return buildPlan(input);
  } catch (err) {
    const ids = historyWanted(err);
    const spaces = managersWanted(err);
    const read = backend.versionMarkers?.bind(backend);
    const limit = pLimit(concurrency);
    const [history, managers] = await Promise.all([
      ids && read ? Promise.all(ids.map((id) => limit(async () => [id, await read(id)] as const))).catch(() => undefined) : undefined,
      spaces ? managersOf(spaces).catch(() => undefined) : undefined,
    ]);
    if (!history && !managers) throw err;
    return buildPlan({ ...input, ...(history ? { history: new Map([...(input.history ?? []), ...history]) } : {}), ...(managers ? { managers } : {}) });
  }
}

/**
 * `plan` with each create's twin in another namespace (PlanChange.liveElsewhere) given the
 * definitions directory of the repository that manages that namespace, if one does
 * (namespaceManagers): its note then says the definition is a copy of that directory's, not a
 * fleet left behind by a change of `namespace:` (a twin in another environment's namespace on the
 * run's host is none: PlanInput.siblingNamespaces). The repository is read only when a create has
 * a twin; `plan` as it is outside a git repository.
 */
async function withTwinManagers(ctx: CommandContext, config: ProjectConfig, plan: BuiltPlan): Promise<BuiltPlan> {
  // A loop, not flatMap: 10,000 changes in a plan of 10,000, and an empty array made for each.
  const twinSpaces = new Set<string>();
  for (const c of plan.changes) if (c.liveElsewhere) twinSpaces.add(c.liveElsewhere.namespace);
  if (twinSpaces.size === 0) return plan;
  const spaces = [...twinSpaces];
  const managers = await withDefiningFiles(await namespaceManagers(ctx.global.dir, config, spaces, { cwd: ctx.io.cwd, listing: runListing(ctx, 'whole') }), ctx.io.cwd);
  if (managers.size === 0) return plan;
  const changes = plan.changes.map((c) => {
    const manager = c.liveElsewhere && managers.get(c.liveElsewhere.namespace);
    if (!manager) return c;
    const file = manager.files.get(c.key);
    return { ...c, liveElsewhere: { ...c.liveElsewhere!, managedBy: { dir: manager.dir, ...(file === undefined ? {} : { file }) } } };
  });
  return { ...plan, changes };
}

/**
 * Reads the state and plans; `warnings`: every warning printed on the way (aac.yaml's, the
 * definitions', the plan's); `runWarnings`: those of what the run was given (a --target glob that
 * is also a key), as printed. `reads`: the run's reads of the definitions directory shared with
 * its other loads (aac migrate's, desired/shared-reads.ts), when it has some.
 */
export async function planFromContext(
  ctx: CommandContext,
  opts: { command: string; prune: boolean; adoptLegacy: boolean; adoptNamespace?: string | undefined; targets: readonly string[]; locking?: Locking; reading?: Reading; reads?: FileReads },
): Promise<{ plan: BuiltPlan; backend: Backend; config: ProjectConfig; desired: Definition[]; redactor: DataRedactor; warnings: Diagnostic[]; runWarnings: RunWarning[] }> {
  const { desired, live, backend, config, target, normalized, pairs, redactor, sharedHost: shared, sharers, warnings, aacObjects: internal, environment, history } = await readState(ctx, {
    command: opts.command,
    check: (desired, config) => {
      checkPruneScope(ctx, desired, config, opts);
      refuseOwnAdoption(opts.adoptNamespace, runNamespace(ctx, config).namespace);
    },
    locking: opts.locking,
    reading: opts.reading,
    prune: opts.prune,
    ...(opts.adoptNamespace === undefined ? {} : { adoptNamespace: opts.adoptNamespace }),
    ...(opts.reads ? { reads: opts.reads } : {}),
  });
  const input: PlanInput = {
    desired, live, kind: backend.kind, target, prune: opts.prune, adoptLegacy: opts.adoptLegacy, ...(opts.adoptNamespace === undefined ? {} : { adoptNamespace: opts.adoptNamespace }), targets: opts.targets, retainVersions: config.retainVersions, normalized, pairs, aacObjects: internal, dir: shownPath(ctx.io.cwd, ctx.global.dir), ...(shared ? { sharedHost: shared } : {}), ...(environment ? { environment } : {}), ...(history.size > 0 ? { history } : {}),
    siblingNamespaces: sharers.map((s) => s.namespace),
    // What a refusal of a name another namespace holds under the key suggests, run as printed
    // (called on that refusal's path only: the definitions are mapped then).
    adoptCommand: (old) => adoptCommand({ prune: opts.prune, adoptLegacy: opts.adoptLegacy, targets: [...opts.targets], definitions: Object.fromEntries(desired.map((d) => [d.key, d.sourceHash])) }, old, runFlags(ctx)),
  };
  const plan = await withTwinManagers(ctx, config, await planOrRefuse(input, backend, config.options.concurrency ?? DEFAULT_CONCURRENCY, async (spaces) => withDefiningFiles(await namespaceManagers(ctx.global.dir, config, spaces, { cwd: ctx.io.cwd, listing: runListing(ctx, 'whole') }), ctx.io.cwd)));
  const runWarnings = warnGlobsThatAreKeys(ctx, opts.targets, () => [...desired.map((d) => d.key), ...live.flatMap((l) => (l.namespace === target.namespace && l.key !== null ? [l.key] : []))]);
  // The warnings about updates look at updates alone: found in one pass over the plan's changes
  // (10,000 in a plan of 10,000), where each of the three walked them all.
  const updates = plan.changes.filter((c) => c.action === 'update');
  // The definitions' index made during the listing, when it holds these very definitions.
  const updated = updatedDefinitions(updates, desired, pairs?.index.desired === desired ? pairs.index.byKey : undefined);
  const planWarnings = report(ctx, [
    ...emptyMetadataWarnings(updates, updated, backend.kind),
    ...updateNoteWarnings(updates, updated, backend.kind, live),
    ...movedStillLiveWarnings(plan.changes, desired, plan.prune, backend.kind.nouns.one),
  ]);
  return { plan, backend, config, desired, redactor, warnings: [...warnings, ...planWarnings], runWarnings };
}

