// The other environments of aac.yaml that reach the run's host: the same provider and endpoint,
// each with its own namespace (the same namespace too is an error in aac.yaml). For a kind
// addressed by the user's name (foundry-agents) one project holds one agent of a name, so a name
// one of them gives its agent is taken for all of them: import and plan say so (README,
// Environments).
import { comparableEndpoint, endpointWithoutVariable, nonEmpty } from '../backends/http/endpoint.js';
import { providerInfo } from '../backends/registry.js';
import type { LoadedConfig } from '../config/index.js';
import { shownPath } from '../desired/paths.js';
import { repoRoot } from '../desired/repo-root.js';
import { configIn } from '../environments/select.js';
import { loadOverlays, overlayDir } from '../environments/load-overlays.js';
import { pinnedEnvironment } from '../environments/base-pins.js';
import type { ProjectConfig } from '../model/config.js';
import type { SharedHost } from '../plan/build.js';
import type { CommandContext } from './command.js';
import { runNamespace } from './namespace-option.js';
import { UserError } from '../util/errors.js';

/** Another environment on the run's host: its name, its namespace, and its overlay directory (absolute). */
export interface HostSharer {
  name: string;
  namespace: string;
  overlays: string;
}

/**
 * The environments besides the run's (`config`, chosen from `loaded`) whose provider and endpoint
 * are the run's, in aac.yaml's order; [] without an environment. An endpoint is the one a run
 * would use: the provider's endpoint variable, else the environment's (or the top level's)
 * `endpoint:`, else the provider's default (resolveEndpoint's precedence: two environments of
 * openai that write none are both on OpenAI's own API), compared as URLs (comparableEndpoint); an
 * environment with none of the three is not counted (it could not run). The namespace is the one its run would use
 * (`--namespace`, AAC_NAMESPACE, its own, the top level's, the default). One whose namespace its
 * own run would refuse (it holds a credential, or there is none): throws as runNamespace with
 * `refuse` (a kind addressed by name, whose plan reads those namespaces' resources), else is left
 * out (its resources are only told apart from this run's: its own runs say what is wrong).
 */
export function environmentsSharingHost(ctx: CommandContext, loaded: LoadedConfig, config: ProjectConfig, { refuse }: { refuse: boolean }): HostSharer[] {
  const variables = providerInfo(config.provider)?.info.variables;
  if (config.environment === undefined || variables === undefined) return [];
  // Every environment compared is of the run's provider, so of its variables and default.
  const endpointOf = (c: ProjectConfig): string | undefined => {
    const given = nonEmpty(ctx.io.env, variables.endpoint);
    return given !== undefined ? comparableEndpoint(given) : endpointWithoutVariable(c.endpoint, variables);
  };
  const mine = endpointOf(config);
  if (mine === undefined) return [];
  return loaded.environments.environments.flatMap((e) => {
    if (e.name === config.environment) return [];
    const theirs = configIn(loaded.config, e, ctx.global.provider);
    if (theirs.provider !== config.provider || endpointOf(theirs) !== mine) return [];
    let namespace: string;
    try {
      namespace = runNamespace(ctx, theirs).namespace;
    } catch (err) {
      if (refuse || !(err instanceof UserError)) throw err;
      return [];
    }
    return [{ name: e.name, namespace, overlays: overlayDir(ctx.global.dir, e) }];
  });
}

/**
 * For the plan of a kind addressed by name: the run's environment and its overlay directory (as
 * messages show it), and each environment on its host (`sharers`, environmentsSharingHost,
 * resolved before the run's first request: startReading) with the live
 * resources its overlays pin (`id:` written as a plain string → the overlay's file as shown; one
 * made by a `${var.…}` is not read). Undefined when no other environment shares the host. Reads
 * only those environments' overlay files; one that cannot be read pins nothing here (its own
 * runs report it).
 */
export async function sharedHost(ctx: CommandContext, loaded: LoadedConfig, config: ProjectConfig, sharers: readonly HostSharer[]): Promise<SharedHost | undefined> {
  const own = loaded.environments.environments.find((e) => e.name === config.environment);
  if (sharers.length === 0 || !own) return undefined;
  const shown = (abs: string) => shownPath(ctx.io.cwd, abs);
  const boundary = repoRoot(ctx.global.dir);
  const others = await Promise.all(sharers.map(async (s) => {
    const environment = loaded.environments.environments.find((e) => e.name === s.name)!;
    const { overlays } = await loadOverlays(ctx.global.dir, environment, boundary, ctx.io.cwd);
    const pins = new Map<string, string>();
    for (const o of overlays) {
      const id = (o.doc.value as { id?: unknown } | null)?.id;
      if (typeof id === 'string' && !id.includes('${')) pins.set(id, shown(o.doc.fileOf([])));
    }
    return { environment: s.name, namespace: s.namespace, pins };
  }));
  return { environment: own.name, overlays: pinnedEnvironment(ctx.global.dir, own, ctx.io.cwd).overlays, others };
}
