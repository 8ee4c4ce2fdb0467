// `--namespace` and the namespace a run works in: the flag, AAC_NAMESPACE, aac.yaml's
// `namespace:` or the default (config/namespace.ts says which wins).
import type { ProjectConfig } from '../model/config.js';
import { givenNamespace, resolveNamespace, type ResolvedNamespace } from '../config/namespace.js';
import { shownPath } from '../desired/paths.js';
import type { CommandContext, OptionSpec } from './command.js';

/** `--namespace`, for every command that reads or writes live assistants. */
export const NAMESPACE_OPTION: Record<'namespace', OptionSpec> = {
  namespace: {
    type: 'string',
    arg: 'NAME',
    description: "Scope of the resources this directory manages (default: AAC_NAMESPACE, aac.yaml's namespace:, else the directory's path in its git repository)",
  },
};

/** The run's namespace from --namespace, AAC_NAMESPACE, aac.yaml or the default, and which (config/namespace.ts). */
export function runNamespace(ctx: CommandContext, config: ProjectConfig): ResolvedNamespace {
  return resolveNamespace({ ...givenSources(ctx, config), dir: ctx.global.dir, shownDir: shownPath(ctx.io.cwd, ctx.global.dir) });
}

/** The run's namespace when --namespace, AAC_NAMESPACE or aac.yaml sets one; undefined for the default. */
export function runGivenNamespace(ctx: CommandContext, config: ProjectConfig): ResolvedNamespace | undefined {
  return givenNamespace(givenSources(ctx, config));
}

function givenSources(ctx: CommandContext, config: ProjectConfig) {
  const flag = ctx.options.namespace;
  return { flag: typeof flag === 'string' ? flag : undefined, env: ctx.io.env, config: config.namespace };
}
