// `--env NAME` (or AAC_ENV): which environment of aac.yaml a command runs in, and the settings
// that gives the run.
import type { LoadedConfig } from '../config/index.js';
import { chooseEnvironment, configIn, ENV_VARIABLE, environmentForSavedPlan, namedEnvironment, requireEnvironment, unknownEnvironment } from '../environments/select.js';
import type { ProjectConfig } from '../model/config.js';
import type { CommandContext, OptionSpec } from './command.js';
import { pathWord } from '../util/shell-word.js';
import { runFlags, suggestion } from './suggest.js';
import { shownPath } from '../desired/paths.js';
import { requireDefinitionsDir } from '../desired/definitions-dir.js';
import { kindForProvider } from '../backends/registry.js';
import { terraformVariableNotes, type RunEnvironment } from '../config/terraform-variables.js';
import { writeWarning } from './run-warning.js';

/** The diagnostic code of an environment `--env` or AAC_ENV names that aac.yaml does not declare. */
const UNKNOWN_ENVIRONMENT = 'unknown-environment';

/** `--env`, for every command that reads definitions or a plan made from them. */
export const ENV_OPTION: Record<'env', OptionSpec> = {
  env: {
    type: 'string',
    arg: 'NAME',
    description: `The environment of aac.yaml to run in (default: ${ENV_VARIABLE}; see Environments in the README)`,
  },
};

/** The command that makes a plan for the environment `env` into `<env>.plan.json`, with the run's other options: the way out of a saved plan's refusal (environmentForSavedPlan). */
export function planInEnvironment(ctx: CommandContext): (env: string) => string {
  return (env) => suggestion(ctx, `plan --out ${pathWord(`${env}.plan.json`)}`, env);
}

/** The runs (by their io) that have said Terraform's variables: once a run, however many times it reads aac.yaml. */
const saidTerraform = new WeakSet<CommandContext['io']>();

/** Warns, once a run, of Terraform's variables the run may have been meant to read (config/terraform-variables.ts). */
function sayTerraformVariables(ctx: CommandContext, run: RunEnvironment): void {
  if (saidTerraform.has(ctx.io)) return;
  saidTerraform.add(ctx.io);
  for (const { message, hint } of terraformVariableNotes(ctx.io.env, run)) writeWarning(ctx, message, hint);
}

/**
 * The run's settings: aac.yaml's top level, or the chosen environment's (`--env`, else AAC_ENV).
 * `command`: one that talks to a host, which must be given an environment when aac.yaml declares
 * any. `planned`: the environment of a saved plan being applied or shown, which is the run's
 * unless another is chosen (then refused). A config with errors refuses nothing here: its errors
 * are reported with the definitions', read in the environment named when it is a declared one.
 */
export function runConfig(ctx: CommandContext, loaded: LoadedConfig, opts: { command?: string; planned?: { environment?: string } } = {}): ProjectConfig {
  const declared = loaded.environments.environments.map((e) => e.name);
  const flag = ctx.options.env;
  // An environment named where there is no aac.yaml because there is no definitions directory (run
  // from inside it, a mistyped --dir): the directory is the mistake, said with its own hints, not
  // an aac.yaml that "declares no environments".
  if (!loaded.config.file && namedEnvironment(typeof flag === 'string' ? flag : undefined, ctx.io.env).name !== undefined) {
    requireDefinitionsDir(ctx.global.dir, ctx.io.cwd, kindForProvider(loaded.config.provider).nouns.one);
  }
  // Why none can be chosen, when none is declared.
  const none = loaded.config.file ? `${loaded.config.file} declares no environments` : `${shownPath(ctx.io.cwd, ctx.global.dir)} has no aac.yaml to declare environments`;
  if (loaded.diagnostics.some((d) => d.severity === 'error')) {
    const { name } = namedEnvironment(typeof flag === 'string' ? flag : undefined, ctx.io.env);
    // Said with them, not instead of them: every environment aac.yaml names is declared, errors or not.
    const unknown = unknownEnvironment(declared, typeof flag === 'string' ? flag : undefined, ctx.io.env, none);
    // Not when `environments:` itself is in error (a list, a word): its own error says the fix, and what it names is unknown.
    if (unknown && !loaded.diagnostics.some((d) => d.code === UNKNOWN_ENVIRONMENT || (d.severity === 'error' && d.path === 'environments'))) {
      // At the `environments:` it is not among; without one, the file alone: the name came from
      // the command line (the message says which, `--env` or AAC_ENV), not from a line of aac.yaml.
      const location = loaded.environments.declaredAt ?? { file: loaded.config.file ?? 'aac.yaml' };
      loaded.diagnostics.push({ severity: 'error', code: UNKNOWN_ENVIRONMENT, location, path: 'environments', ...unknown });
    }
    return configIn(loaded.config, loaded.environments.environments.find((e) => e.name === name), ctx.global.provider);
  }
  let name = chooseEnvironment(declared, typeof flag === 'string' ? flag : undefined, ctx.io.env, none);
  sayTerraformVariables(ctx, { declared, chosen: namedEnvironment(typeof flag === 'string' ? flag : undefined, ctx.io.env), needsOne: opts.command !== undefined, debug: ctx.global.debug === true });
  if (opts.planned) name = environmentForSavedPlan(opts.planned.environment, namedEnvironment(typeof flag === 'string' ? flag : undefined, ctx.io.env), planInEnvironment(ctx), '; nothing was changed');
  if (opts.command) name = requireEnvironment(declared, name, opts.command, runFlags(ctx));
  return configIn(loaded.config, loaded.environments.environments.find((e) => e.name === name), ctx.global.provider);
}
