// `aac import`: load the definitions, read the live assistants, pick the ones to adopt, generate
// every file in memory, then write them all or none.
import { existsSync } from 'node:fs';
import { overlayDir } from '../environments/load-overlays.js';
import { NO_ENVIRONMENTS } from '../environments/config.js';
import type { Definition, LiveResource } from '../model/definition.js';
import type { CommandContext } from './command.js';
import { loadProjectConfig } from '../config/index.js';
import { runConfig } from './environment-option.js';
import { loadDesired } from './pipeline.js';
import { pathNamespace, runNamespace } from './namespace-option.js';
import { connect, hostSharers } from './reading.js';
import { listResources } from '../lock/lock.js';
import { aacObjects } from '../lock/lock-object.js';
import { shownPath } from '../desired/paths.js';
import { refuseUncheckedSubmodule } from '../desired/definitions-dir.js';
import { buildImport, type SkippedAssistant } from '../import/generate.js';
import { plural } from '../util/words.js';
import type { ImportOutcome } from '../render/import-report.js';
import { selectResources, type Selection } from '../import/select.js';
import { credentialHeadersRefusal, secretsRefusal } from '../import/secret-check.js';
import { invalidRefusal } from '../import/validity-check.js';
import { throwRefusals, type Refusal } from '../util/refusals.js';
import { settingsWrite } from '../import/settings-file.js';
import { redactData } from '../util/redact.js';
import { sanitize } from '../util/invisible.js';
import { nextCommands, runFlags } from './suggest.js';
import { canAsk } from './confirm.js';
import { repeatedFlags } from '../render/command-line.js';
import { pointOfNoReturn, writeFilesHeard } from './point-of-no-return.js';
import { pathFoldAt } from '../util/path-case.js';

export interface ImportOptions extends Selection {
  force: boolean;
  /** `--replace-differing` (ImportSettings.replaceDiffering). */
  replaceDiffering: boolean;
  dryRun: boolean;
}

export async function runImport(ctx: CommandContext, options: ImportOptions): Promise<ImportOutcome> {
  const { io, global } = ctx;
  const shown = (abs: string) => shownPath(io.cwd, abs);
  // Definitions with errors stop the import (a pin it cannot read would import a second copy); a
  // directory that does not exist yet is the usual start, and holds no config either. Said as its
  // other refusals say it: import writes files, and changes nothing on the host either way.
  const { desired: definitions, config, environments, loaded } = existsSync(global.dir)
    ? await loadDesired(ctx, undefined, { emptyIsFine: true, command: 'import', listing: 'read', outcome: 'nothing was written' })
    : await (async () => {
      refuseUncheckedSubmodule(global.dir, io.cwd);
      const nothing = await loadProjectConfig(global.dir, { cwd: io.cwd, provider: global.provider });
      return { desired: [], config: runConfig(ctx, nothing, { command: 'import' }), environments: NO_ENVIRONMENTS, loaded: nothing };
    })();

  const resolved = runNamespace(ctx, config);
  const { namespace } = resolved;
  // Resolved before the first request: one whose namespace holds a credential is refused as the run's own is.
  const sharers = hostSharers(ctx, loaded, config);
  const backend = await connect(ctx, config);
  let locks: readonly LiveResource[] = [];
  const live = await listResources(backend, undefined, (found) => (locks = found));

  const flags = runFlags(ctx);
  // Its output is what the person reads before running them: asked at a terminal, else --yes (nextCommands).
  const asking = canAsk(ctx, ctx.io.stdout);
  const selection = selectResources(live, definitions, namespace, options, backend.kind, (name) => sanitize(redactData(name, backend.secrets())), flags, aacObjects(locks, backend.kind.nouns.one));
  const environment = environments.environments.find((e) => e.name === config.environment);
  const build = buildImport(selection.candidates, definitions, backend.kind, {
    dir: global.dir,
    cwd: io.cwd,
    force: options.force,
    replaceDiffering: options.replaceDiffering,
    provider: config.provider,
    apply: nextCommands(ctx, asking).apply,
    declared: environments.environments,
    fold: pathFoldAt(global.dir),
    ...(environment ? { environment: {
      name: environment.name,
      overlays: overlayDir(global.dir, environment),
      inUse: keysInUse(definitions, live, namespace),
      // One project holds one resource of a name: a base's name would be taken in these environments.
      ...(backend.kind.identity.addressedBy === 'name' ? { sharedWith: sharers } : {}),
    } } : {}),
  });
  // A dry run is refused alike: it shows what the real run would do. Every check runs, and one
  // refusal names what each found: what --id and --name asked for and is not there, and what the
  // files would hold. A credential by its place is named once, as live data.
  const found = [
    secretsRefusal(build, selection.candidates, backend.kind, backend.secrets()),
    credentialHeadersRefusal(build, selection.candidates, backend.kind),
    invalidRefusal(build.definitions, backend.kind, config.provider, shown, {
      opening: 'refusing to import: the definitions it would write hold what aac cannot plan with',
      fix: `change the ${backend.kind.nouns.one} on its host so that each error above is gone, or leave it out with --id or --name`,
      covered: new Set(['credential-in-definition']),
    }),
  ].filter((r): r is Refusal => r !== undefined);
  // An --id import does not carry out fails the run after the others are written (import.ts);
  // refused for another reason, the run names it too, so that its fix is known before the next.
  const byId = selection.refusals.length + found.length > 0 ? refusedIdsRefusal(build.skipped.filter((s) => options.ids.includes(s.id)), backend.kind.nouns, backend.secrets()) : undefined;
  throwRefusals([...selection.refusals, ...found, ...(byId ? [byId] : [])], { subject: 'refusing to import', outcome: 'nothing was written' });
  // A namespace or provider given only by flag or environment is recorded in aac.yaml with the
  // files, all or nothing, so the next plan without the flags reads them the same way. Nothing
  // imported, nothing recorded; one that aac.yaml contradicts is refused either way.
  const scope = resolved.source === 'default' || config.namespace !== undefined ? undefined : pathNamespace(global.dir, io.cwd);
  const pathScope = scope && { namespace: scope, keys: definitions.filter((d) => live.some((a) => a.namespace === scope && a.key === d.key)).map((d) => d.key) };
  const settings = { namespace: resolved, configNamespace: config.namespace, ...(pathScope ? { pathScope } : {}), at: { ...(config.namespaceAt ? { namespace: config.namespaceAt } : {}), ...(config.providerAt ? { provider: config.providerAt } : {}) }, ...(global.provider !== undefined ? { providerFlag: global.provider } : {}), ...(config.environment !== undefined ? { environment: config.environment } : {}) };
  const recorded = settingsWrite(global.dir, settings, shown, flags, build.writes.length > 0);
  const writes = recorded ? [...build.writes, recorded.write] : build.writes;
  // The files are built, none written: a signal that came while they were is heard here.
  await pointOfNoReturn(io);
  if (!options.dryRun && writes.length > 0) await writeFilesHeard(io, writes, shown);
  // A namespace or provider now recorded in aac.yaml needs no flag in the commands suggested next.
  const nextFlags = repeatedFlags({
    dir: shown(global.dir),
    namespace: recorded?.recorded.namespace || typeof ctx.options.namespace !== 'string' ? undefined : ctx.options.namespace,
    provider: recorded?.recorded.provider ? undefined : global.provider,
    env: config.environment,
  });

  // A skipped assistant's name is shown, never written: redacted like every rendering.
  return redactData({
    ...build,
    dir: shown(global.dir),
    next: nextCommands(ctx, asking, undefined, nextFlags),
    namespace,
    configFile: recorded ? { file: shown(recorded.write.path), created: !recorded.write.replaces, recorded: recorded.recorded } : null,
    environment: config.environment ?? null,
    otherEnvironments: environments.environments.filter((e) => e.name !== config.environment).map((e) => e.name),
    dryRun: options.dryRun,
    // Named by id, a skipped assistant is a request not carried out, whatever the reason (as
    // `terraform import` fails for an address it cannot import); matched by a pattern, only a note.
    refused: build.skipped.filter((s) => options.ids.includes(s.id)),
    managedLeftAlone: selection.managedLeftAlone,
    nouns: backend.kind.nouns,
  }, backend.secrets());
}

/**
 * The refusal of the resources named with --id that the import would skip (`refused`: each with
 * why and its fix, as import.ts says them when it writes the others), each line `  - <id>: <why>;
 * <fix>`, credentials of the run (`secrets`) redacted; undefined for none.
 */
function refusedIdsRefusal(refused: readonly SkippedAssistant[], nouns: { one: string; many: string }, secrets: readonly string[]): Refusal | undefined {
  if (refused.length === 0) return undefined;
  const fix = (s: SkippedAssistant) => s.handOver
    ?? s.fix
    ?? (s.differing ? undefined : s.needsForce ? `--force writes its definition from the live ${nouns.one}` : undefined);
  return {
    message: `refusing to import: ${refused.length} ${plural(refused.length, nouns.one, nouns.many)} named with --id would not be imported`,
    lines: refused.map((s) => `  - ${sanitize(redactData(`${s.id}: ${s.why}${fix(s) === undefined ? '' : `; ${fix(s)!}`}`, secrets))}`),
    hint: 'fix each as its line says, or leave its id out of --id',
  };
}

/** The keys of the definitions that already have their assistant here: managed by this namespace's marker, or pinned to a live one. */
function keysInUse(definitions: readonly Definition[], live: readonly LiveResource[], namespace: string): Set<string> {
  const ids = new Set(live.map((a) => a.id));
  const managed = new Set(live.filter((a) => a.namespace === namespace && a.key !== null).map((a) => a.key));
  return new Set(definitions.filter((d) => managed.has(d.key) || (d.id !== undefined && ids.has(d.id))).map((d) => d.key));
}
