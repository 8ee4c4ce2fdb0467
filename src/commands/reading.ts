// The first step of reading the state, on its own so that a command can take it before it imports
// the rest: aac.yaml, the client, and the listing's first request. A plan of a hundred definitions
// is mostly Node's start-up and one round trip, and the modules that load definitions and plan
// take ~20 ms to import: imported after the first page is asked for, they load during its round
// trip rather than before it (see `aac plan`).
import type { Backend } from '../backends/backend.js';
import { createBackend, credentialsIn, kindForProvider, providerInfo } from '../backends/registry.js';
import { loadProjectConfig, type LoadedConfig } from '../config/index.js';
import { listResources } from '../lock/lock.js';
import type { ProjectConfig } from '../model/config.js';
import { requireDefinitionsDir } from '../desired/definitions-dir.js';
import type { LiveResource } from '../model/definition.js';
import type { PlanTarget } from '../model/plan.js';
import type { RunTarget } from '../plan/plan-file.js';
import { NormalizedSpecs } from '../plan/normalized.js';
import { DataRedactor } from '../util/redact.js';
import type { CommandContext } from './command.js';
import { runConfig } from './environment-option.js';
import { namespaceAsGiven, runNamespace } from './namespace-option.js';
import { credentialNamespaceRefusal } from '../desired/credential-names.js';
import type { Refusal } from '../util/refusals.js';
import { NAMESPACE_ENV, namespaceOverride } from '../config/namespace.js';
import { UserError } from '../util/errors.js';
import { isInside } from '../desired/file-access.js';
import { DEFAULT_DIR } from '../model/config.js';
import { dirname, resolve } from 'node:path';
import { shellWord } from '../util/shell-word.js';
import { posixRelative, shownPath } from '../desired/paths.js';
import { Tally } from '../util/tally.js';
import { gitIgnoreCheck, type IgnoreCheck } from '../desired/git-ignored.js';
import { gitListing, type GitListing, type ListingScope } from '../desired/git-listing.js';
import { countListed, sayWait } from './wait-progress.js';
import { environmentsSharingHost, type HostSharer } from './shared-host.js';
import { namespaceClashes, namespaceManagers } from './repo-namespaces.js';
import { adoptNamespaceOf } from './plan-options.js';
import { turnTaker } from '../util/event-loop.js';
import { writeWarning } from './run-warning.js';

// The commands that warn import it from here.
export { writeWarning };

/**
 * A client for the config's provider, with --debug lines on stderr, its waits on a rate limit and
 * its warnings there too
 * (`Warning: …` and the hint indented below it, as errors are printed; never on stdout, which may
 * be a JSON document): every command that reaches a host makes its client here.
 */
export async function connect(ctx: CommandContext, config: ProjectConfig): Promise<Backend> {
  return createBackend({
    config,
    env: ctx.io.env,
    debug: debugLines(ctx),
    notice: (line, waitMs) => sayWait(ctx.io, line, waitMs),
    warn: (message, hint) => writeWarning(ctx, message, hint),
  });
}

/** Where --debug lines go (stderr, one a line), or undefined without --debug. */
export function debugLines(ctx: CommandContext): ((line: string) => void) | undefined {
  return ctx.global.debug ? (line: string) => ctx.io.stderr.write(line.endsWith('\n') ? line : `${line}\n`) : undefined;
}

/** Each run's GitListing, by its definitions directory: a run (its `io`) lists once, whichever check asks first. */
const listings = new WeakMap<CommandContext['io'], Map<string, GitListing>>();

/**
 * `quiet`, an io of the run `run` with another stderr (migrate-live.ts: a plan read for its
 * answer, its printing dropped), made to share the run's listings: it is the same run, whose
 * files git lists once, whichever read asks first.
 */
export function sameRunListings(quiet: CommandContext['io'], run: CommandContext['io']): void {
  const byDir = listings.get(run) ?? new Map<string, GitListing>();
  listings.set(run, byDir);
  listings.set(quiet, byDir);
}

/**
 * The run's one GitListing of its definitions directory (desired/git-listing.ts): one `git
 * ls-files` for the namespace check of the repository's other directories and the ignore check
 * of the directory's files, git run with the run's environment, its failures said on --debug.
 * `scope` (ListingScope): what this caller needs it to cover, `read` only for a run of one load
 * that looks for no other directory's aac.yaml. The listing is made for the first caller; a later
 * one that needs `whole` widens it (GitListing.widen), so which caller came first never leaves
 * one with less than it asked for.
 */
export function runListing(ctx: CommandContext, scope: ListingScope): GitListing {
  const byDir = listings.get(ctx.io) ?? new Map<string, GitListing>();
  listings.set(ctx.io, byDir);
  let listing = byDir.get(ctx.global.dir);
  if (listing === undefined) byDir.set(ctx.global.dir, (listing = gitListing(ctx.global.dir, { env: ctx.io.env, scope, ...(ctx.global.debug ? { debug: debugLines(ctx)! } : {}) })));
  else if (scope === 'whole') listing.widen();
  return listing;
}

/**
 * The run's one IgnoreCheck (desired/git-ignored.ts): git run with the run's environment, its
 * failures said on --debug, the files the run's listing holds (made with `scope`, runListing)
 * not asked of. One a command, however many loads it makes (one per environment).
 */
export function runIgnoreCheck(ctx: CommandContext, scope: ListingScope): IgnoreCheck {
  return gitIgnoreCheck({ env: ctx.io.env, listing: runListing(ctx, scope), ...(ctx.global.debug ? { debug: debugLines(ctx)! } : {}) });
}

/**
 * Says, once on stderr, that `--namespace` or AAC_NAMESPACE overrides a different `namespace:`
 * aac.yaml writes (namespaceOverride); refuses a prune the variable alone sends into another
 * namespace: a variable left in a shell or a CI job from other work would otherwise have the run
 * delete what that namespace has and this directory does not define. The flag, typed for the
 * run, prunes where it says.
 */
export function sayNamespaceOverride(ctx: CommandContext, config: ProjectConfig, prunes: boolean): void {
  const kind = kindForProvider(config.provider);
  const given = runNamespace(ctx, config);
  const override = namespaceOverride(given, config, kind.nouns.many);
  if (!override) return;
  if (override.byVariable && prunes) {
    throw new UserError(`${override.message}, and --prune would delete the ${kind.nouns.many} of that namespace this directory does not define; nothing was run`, `pass --namespace ${given.namespace} to prune that namespace on purpose, or unset ${NAMESPACE_ENV}`);
  }
  writeWarning(ctx, override.message, override.hint);
}

/** Where this run reads and writes: the client's host, with the run's namespace and environment. */
export function runTarget(ctx: CommandContext, backend: Backend, config: ProjectConfig): PlanTarget {
  return { ...backend.target, ...runPlace(ctx, config) };
}

/** The run's namespace and environment. */
function runPlace(ctx: CommandContext, config: ProjectConfig): Pick<PlanTarget, 'namespace' | 'environment'> {
  const { namespace } = runNamespace(ctx, config);
  return { namespace, ...(config.environment !== undefined ? { environment: config.environment } : {}) };
}

/** What reading has begun: the listing runs while the definitions load (readState). */
export interface Reading {
  loaded: LoadedConfig;
  /** The run's settings (runConfig). */
  config: ProjectConfig;
  /** The client; none when aac.yaml has errors (they are reported with the definitions'). */
  connecting?: Promise<Backend>;
  /** The specs normalized (and redacted) while the listing runs; none without a client. */
  normalized?: NormalizedSpecs;
  /**
   * Hands `onPage` each page listed so far, then each page as it arrives (readState plans the
   * pairs of definitions and live resources from them), in the listing's order; none without a
   * client. The pages listed so far are handed over with turns of the event loop between them,
   * since the listing's next pages may be waiting to be read: resolves once they all have been,
   * and every page after is handed over as it arrives.
   */
  follow?(onPage: (page: readonly LiveResource[]) => void): Promise<void>;
  /** Redacts what is made ahead of the plan with the redactor of `redactor()`, made at the first call. */
  redactAhead(data: unknown): void;
  /** The redactor of what was normalized and planned ahead, once the first page made it. */
  redactor(): DataRedactor | undefined;
  /** Every live resource but the lock objects, and those apart; none when the run lists under its lock (readLocked). */
  listing?: Promise<{ backend: Backend; live: LiveResource[]; locks: readonly LiveResource[] }>;
  /** To be told the definitions found as their directory is walked: the listing expects as many live resources (Backend.listAll). */
  definitionsFound: Tally;
  /**
   * The other environments on the run's host (environmentsSharingHost), of every kind: their
   * namespaces' resources are theirs, not a namespace left behind (pipeline.ts withTwinManagers,
   * refuseAdoptingSibling), and for a kind addressed by name their names are taken (sharedHost).
   * [] when aac.yaml has errors.
   */
  sharers: HostSharer[];
  /**
   * The run's namespace holds a credential of its environment (credentialNamespaceRefusal): no
   * client was made and no other check of aac.yaml ran; readState refuses the run once the
   * definitions are loaded, with any credential in their names.
   */
  refused?: Refusal;
}

/** Options of startReading. */
export interface ReadingOptions {
  command: string;
  planned?: { environment?: string };
  /** Do not start listing: the run lists later (under its lock, or after its checks). */
  listLater?: boolean;
  /**
   * Called with the run's target (backend, provider, endpoint, namespace, environment) and settings
   * (runConfig: where its endpoint is written) once the client is made and before any request; throwing stops the run there (a saved plan made for
   * another target: no credential is sent to a host the plan was not made for).
   */
  checkTarget?: (target: PlanTarget, config: ProjectConfig) => void;
  /**
   * Called before the client is made with the run's target but its endpoint (known only from the
   * client): throwing stops the run before the client asks for its provider's credentials.
   */
  checkProvider?: (target: RunTarget) => void;
}

/**
 * Reads aac.yaml, makes the client and, unless `listLater`, starts listing. `command` and
 * `planned` choose the run's environment (runConfig). Only list reads go out before the
 * definitions are known to be valid; when they are not, the listing's outcome (a missing key
 * included) is ignored and the definitions' errors are what the user sees. Rejects when aac.yaml
 * cannot be read or `checkTarget` throws; a failed client or listing is in `connecting` and `listing`.
 */
export async function startReading(ctx: CommandContext, opts: ReadingOptions): Promise<Reading> {
  const loaded = await loadProjectConfig(ctx.global.dir, { cwd: ctx.io.cwd, provider: ctx.global.provider, credentials: credentialsIn(ctx.io.env) });
  const config = runConfig(ctx, loaded, opts);
  // Before the listing's first request: no key goes to a host for a run that has nothing to plan with.
  requireDefinitionsDir(ctx.global.dir, ctx.io.cwd, kindForProvider(config.provider).nouns.one);
  // A namespace that holds a credential is refused before any request, and with a credential in a
  // definition's name (readState says both): nothing is connected, nothing else checked of it.
  const refused = loaded.diagnostics.some((d) => d.severity === 'error')
    ? undefined
    : credentialNamespaceRefusal(namespaceAsGiven(ctx, config), config, credentialsIn(ctx.io.env), kindForProvider(config.provider).nouns.many);
  const configValid = !refused && !loaded.diagnostics.some((d) => d.severity === 'error');
  if (configValid) sayNamespaceOverride(ctx, config, Boolean(ctx.options.prune));
  // Their namespaces are read by the plan (sharedHost): each is resolved, and one that holds a
  // credential refused (runNamespace), here, before any request, as the run's own is.
  const sharers = configValid ? environmentsSharingHost(ctx, loaded, config, { refuse: kindForProvider(config.provider).identity.addressedBy === 'name' }) : [];
  if (configValid) await refuseNestedDirectory(ctx, config);
  if (configValid) await refuseNamespaceClash(ctx, config);
  if (configValid) refuseAdoptingSibling(ctx, config, sharers);
  if (configValid) await refuseAdoptingManaged(ctx, config);
  const info = providerInfo(config.provider);
  if (configValid && info && opts.checkProvider) opts.checkProvider({ backend: info.backend.name, provider: config.provider, ...runPlace(ctx, config) });
  const connecting = configValid ? connect(ctx, config) : undefined;
  const connected = await connecting?.catch(() => undefined);
  if (connected && opts.checkTarget) opts.checkTarget(runTarget(ctx, connected, config), config);
  // What the plan would normalize and plan after the last page is done while pages are awaited:
  // each page as it arrives, the definitions once they are loaded, and each definition beside the
  // live resource of its key (readState, which has the definitions). And redacted, which
  // renderings of the plan need: made at the first one, after the first request fetched any token.
  let redactor: DataRedactor | undefined;
  const redactAhead = (data: unknown) => void (redactor ??= new DataRedactor(connected!.secrets(), connected!.kind.credentials)).data(data);
  const normalized = connected && new NormalizedSpecs(connected.kind, connected.target.provider, redactAhead);
  const arrived: Array<readonly LiveResource[]> = [];
  let follower: ((page: readonly LiveResource[]) => void) | undefined;
  const onPage = normalized && ((page: readonly LiveResource[]) => {
    normalized.later(page.map((l) => l.spec));
    if (follower) follower(page);
    else arrived.push(page);
  });
  // At 10,000 resources, with the definitions loaded before the last page, most pages have arrived
  // by then: indexed in one go, with the pairs made ahead just before, they held the listing's
  // next pages for tens of ms. A page that arrives meanwhile waits its turn in `arrived`.
  const follow = async (onPage: (page: readonly LiveResource[]) => void) => {
    const turns = turnTaker();
    for (let page = arrived.shift(); page !== undefined; page = arrived.shift()) {
      onPage(page);
      if (turns.due()) await turns.take();
    }
    follower = onPage;
  };
  const definitionsFound = new Tally();
  const listing = opts.listLater ? undefined : connecting?.then(async (backend) => {
    let locks: readonly LiveResource[] = [];
    const live = await listResources(backend, countListed(ctx.io, backend.kind.nouns.many, onPage), (found) => (locks = found), (items) => definitionsFound.reached(items));
    return { backend, live, locks };
  });
  listing?.catch(() => undefined);
  return {
    loaded,
    config,
    ...(connecting ? { connecting } : {}),
    ...(normalized ? { normalized } : {}),
    ...(normalized ? { follow } : {}),
    redactor: () => redactor,
    redactAhead,
    ...(listing ? { listing } : {}),
    definitionsFound,
    sharers,
    ...(refused ? { refused } : {}),
  };
}

/**
 * Throws (UserError, before any request) when the run's directory has no aac.yaml and so works in
 * the default namespace (its path in the repository), and lies inside another definitions
 * directory (desired/discover.ts otherDefinitionDirs: the default --dir below the working
 * directory, or a directory above it holding aac.yaml): that directory's runs read these files as
 * their own, in its namespace, so a plan here would create again, beside them, what it manages
 * from them (`--dir assistants/support` where `aac plan` manages `support/billing`). Not when
 * --namespace or AAC_NAMESPACE gives the namespace: that is the run's own choice.
 */
async function refuseNestedDirectory(ctx: CommandContext, config: ProjectConfig): Promise<void> {
  if (config.file !== undefined || runNamespace(ctx, config).source !== 'default') return;
  const dir = resolve(ctx.io.cwd, ctx.global.dir);
  const { otherDefinitionDirs } = await import('../desired/discover.js');
  const outer = otherDefinitionDirs(dir, ctx.io.cwd, DEFAULT_DIR).find((d) => d.dir !== dir && isInside(d.dir, dir));
  if (!outer) return;
  const shown = shownPath(ctx.io.cwd, dir);
  const outerShown = `${shownPath(ctx.io.cwd, outer.dir)}/`;
  const { many } = kindForProvider(config.provider).nouns;
  const target = `choose these with --target ${shellWord(posixRelative(outer.dir, dir))}`;
  // Run on the default directory with an aac.yaml just above, beside it, the file is most often one
  // written there for it (where Terraform's config sits): its move comes first.
  const { configAbove, configAboveHint } = await import('../config/config-above.js');
  const above = dir === resolve(ctx.io.cwd, DEFAULT_DIR) ? configAbove(dir) : undefined;
  throw new UserError(
    `${shown}/ is inside the definitions directory ${outerShown} (${outer.why}), whose runs read its files as their own: with no aac.yaml of its own, ${shown}/ works in the namespace of its own path, so a plan of it would create again the ${many} ${outerShown} manages from them`,
    above !== undefined && dirname(above) === outer.dir
      ? `${configAboveHint(shownPath(ctx.io.cwd, above), shown)} and ${target}`
      : `run on ${outerShown} and ${target}, or give ${shown}/ an aac.yaml with a namespace: of its own`,
  );
}

/**
 * Throws (UserError at this directory's `namespace:`) when another definitions directory of the
 * repository gives the run's namespace on its host (namespaceClashes). Not when --namespace or
 * AAC_NAMESPACE gives the run's namespace: that is the run's own choice, not the repository's.
 */
async function refuseNamespaceClash(ctx: CommandContext, config: ProjectConfig): Promise<void> {
  const { source } = runNamespace(ctx, config);
  if (source !== 'aac.yaml' && source !== 'default') return;
  const [first] = await namespaceClashes(ctx.global.dir, [config], { cwd: ctx.io.cwd, listing: runListing(ctx, 'whole') });
  if (first) throw UserError.at({ ...first, hint: first.hint! });
}

/**
 * Throws (UserError, before any request) when `--adopt-namespace OLD` names the namespace another
 * environment of this aac.yaml gives on the run's host (`sharers`, environmentsSharingHost): its
 * resources of the definitions' keys are that environment's own, made from the same definitions,
 * and taking them over would move them out of it. The run's own namespace (every environment's,
 * under --namespace or AAC_NAMESPACE) is left to refuseOwnAdoption's words.
 */
function refuseAdoptingSibling(ctx: CommandContext, config: ProjectConfig, sharers: readonly HostSharer[]): void {
  const old = adoptNamespaceOf(ctx);
  if (old === undefined || old === runNamespace(ctx, config).namespace) return;
  const sibling = sharers.find((s) => s.namespace === old);
  if (!sibling) return;
  const { many } = kindForProvider(config.provider).nouns;
  throw new UserError(
    `refusing --adopt-namespace ${shellWord(old)}: '${old}' is the namespace of the environment '${sibling.name}' of this aac.yaml, on the same host as the environment '${config.environment}', and its ${many} are that environment's, made from these definitions; taking them over here would take them from it; nothing was changed`,
    `--adopt-namespace is for the namespace this directory had before its \`namespace:\` changed; a plan of '${config.environment}' without it makes this environment's own ${many}`,
  );
}

/**
 * Throws (UserError, before any request) when `--adopt-namespace OLD` names a namespace another
 * definitions directory of the repository still gives on the run's host (namespaceManagers): OLD
 * is not a namespace left behind by a change of `namespace:` but that directory's, and taking
 * over its resources would leave it with copies it no longer owns. Outside a git repository
 * nothing is known of other directories and the flag is taken as given.
 */
async function refuseAdoptingManaged(ctx: CommandContext, config: ProjectConfig): Promise<void> {
  const old = adoptNamespaceOf(ctx);
  if (old === undefined) return;
  const manager = (await namespaceManagers(ctx.global.dir, config, [old], { cwd: ctx.io.cwd, listing: runListing(ctx, 'whole') })).get(old);
  if (!manager) return;
  throw new UserError(
    `refusing --adopt-namespace ${shellWord(old)}: '${old}' is the namespace of the definitions directory ${manager.dir}/ in this repository (${manager.source}), which still manages its ${kindForProvider(config.provider).nouns.many}; taking them over here would leave that directory's plan with nothing it owns; nothing was changed`,
    `a definition here with the key of one of them is probably a copy of a file of ${manager.dir}/ and belongs there: remove it from ${shownPath(ctx.io.cwd, ctx.global.dir)}/ (or give it another key); --adopt-namespace is for the namespace this directory had before its \`namespace:\` changed`,
  );
}

/**
 * For import: the other environments on the run's host (environmentsSharingHost) when its kind
 * is addressed by name, where one's agent name is taken for all of them; [] for any other kind,
 * whose imports write no name for them. Throws as runNamespace when one's namespace holds a
 * credential: called before the run's first request.
 */
export function hostSharers(ctx: CommandContext, loaded: LoadedConfig, config: ProjectConfig): HostSharer[] {
  return kindForProvider(config.provider).identity.addressedBy === 'name' ? environmentsSharingHost(ctx, loaded, config, { refuse: true }) : [];
}
