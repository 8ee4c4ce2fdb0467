// Which environment a command runs in: `--env NAME`, else AAC_ENV (as `terraform workspace select`
// or TF_WORKSPACE). Without environments declared, nothing changes and naming one is an error.
import type { ProjectConfig } from '../model/config.js';
import { closest } from '../yaml/suggest.js';
import { UserError } from '../util/errors.js';
import { emptyVariable, setButEmpty } from '../util/empty-variable.js';
import type { Environment } from './config.js';
import { standInProvider } from '../backends/registry.js';
import { andList } from '../util/words.js';

export const ENV_VARIABLE = 'AAC_ENV';

/**
 * The name `--env` gives, else AAC_ENV, and which of the two gave it; neither when neither is set.
 * Throws a UserError for AAC_ENV set but empty where it is read (util/empty-variable.ts).
 */
export function namedEnvironment(flag: string | undefined, env: Readonly<Record<string, string | undefined>>): { source?: string; name?: string } {
  if (flag !== undefined) return { source: '--env', name: flag };
  if (setButEmpty(env, ENV_VARIABLE)) {
    const { message, hint } = emptyVariable(ENV_VARIABLE, 'the name of an environment aac.yaml declares', '(--env NAME chooses one for a single run)');
    throw new UserError(message, hint);
  }
  const name = env[ENV_VARIABLE];
  return name !== undefined ? { source: ENV_VARIABLE, name } : {};
}

/**
 * The chosen environment's name, or undefined when none was chosen. Throws a UserError when one is
 * chosen that aac.yaml does not declare (`declared` in the file's order).
 */
export function chooseEnvironment(declared: readonly string[], flag: string | undefined, env: Readonly<Record<string, string | undefined>>, none?: string): string | undefined {
  const { name } = namedEnvironment(flag, env);
  const problem = unknownEnvironment(declared, flag, env, none);
  if (problem) throw new UserError(problem.message, problem.hint);
  return name;
}

/**
 * Why the environment `--env` (else AAC_ENV) names is not one of `declared`, or undefined when it
 * is one, or none is named: the message and the fix. Also said beside aac.yaml's own errors.
 * `none`: why there are none to choose, when `declared` is empty (`assistants/aac.yaml declares no
 * environments`). AAC_ENV naming one where none is declared is refused as `--env` is, as Terraform
 * refuses a TF_WORKSPACE that names no workspace: a run meant for one environment must not go to
 * the directory's only target instead; the message says the name came from the environment (one
 * exported for another project), and how to unset it for this directory.
 */
export function unknownEnvironment(
  declared: readonly string[],
  flag: string | undefined,
  env: Readonly<Record<string, string | undefined>>,
  none = 'aac.yaml declares no environments',
): { message: string; hint: string } | undefined {
  const { source, name } = namedEnvironment(flag, env);
  if (name === undefined || declared.includes(name)) return undefined;
  if (declared.length === 0 && source === ENV_VARIABLE) {
    return {
      message: `${ENV_VARIABLE} is '${name}' (set in the environment), but ${none}`,
      hint: `unset ${ENV_VARIABLE} for this directory (\`env -u ${ENV_VARIABLE} aac …\` for one run): exported for another project, it is read by every run; or declare ${name} under environments: in aac.yaml`,
    };
  }
  if (declared.length === 0) return { message: `${source} ${name}: aac.yaml declares no environments`, hint: `declare it under environments: in aac.yaml, or drop ${source}` };
  // Several declared ones at once (`--env dev,prod`, as a CI matrix or Atlantis' projects list
  // them): each is a run of its own, with its own resources and lock.
  const several = name.split(/[\s,]+/).filter((part) => part !== '');
  if (several.length > 1 && several.every((part) => declared.includes(part))) {
    return {
      message: `${source} ${name}: a run plans one environment, and this names ${several.length}`,
      hint: `run once for each: ${andList(several.map((part) => `\`${source}${source === ENV_VARIABLE ? '=' : ' '}${part}\``))}`,
    };
  }
  return { message: `${source} ${name}: no such environment (aac.yaml declares ${declared.join(', ')})`, hint: environmentHint([name], declared, `pick one of ${declared.join(', ')}`) };
}

/**
 * The hint for the environment names `unknown`, which `declared` does not hold: `did you mean
 * 'prod'?` for a typo of a declared one (yaml/suggest.ts closest: case, a slip), of several
 * `did you mean 'prod' for Prod, 'staging' for stagin?`, followed by `otherwise` when some are
 * no typo; `otherwise` alone when none is.
 */
export function environmentHint(unknown: readonly string[], declared: readonly string[], otherwise: string): string {
  const nears = unknown.flatMap((name) => {
    const near = closest(name, declared);
    return near === undefined ? [] : [{ name, near }];
  });
  if (nears.length === 0) return otherwise;
  const meant = unknown.length === 1 ? `'${nears[0]!.near}'` : nears.map(({ name, near }) => `'${near}' for ${name}`).join(', ');
  return `did you mean ${meant}?${nears.length < unknown.length ? ` Else ${otherwise}` : ''}`;
}

/**
 * For commands that talk to one host (plan, apply, import): an environment must be chosen when any
 * is declared. `flags`: the run's own flags to repeat in the example (` --dir envs`), or ''.
 */
export function requireEnvironment(declared: readonly string[], chosen: string | undefined, command: string, flags: string): string | undefined {
  if (chosen !== undefined || declared.length === 0) return chosen;
  throw new UserError(
    `aac.yaml declares environments (${declared.join(', ')}): choose one for ${command} with --env NAME or ${ENV_VARIABLE}`,
    `e.g. aac ${command}${flags} --env ${declared[0]}`,
  );
}

/**
 * The environment a saved plan is applied in: the plan's own when none is chosen (the plan names
 * where it applies, as its endpoint does), and a refusal when one is chosen that is not the
 * plan's. `planned` is the plan's environment (undefined for a plan made without one); `chosen`,
 * namedEnvironment's answer: the name and whether `--env` or AAC_ENV gave it (one AAC_ENV gives
 * is said as that, since it may be exported for another project and unseen on the command line);
 * `planIn(env)`: the command that makes the plan for `env`, with the run's other options;
 * `outcome`: what the refusal left undone, said after it (`; nothing was changed`), or ''.
 */
export function environmentForSavedPlan(planned: string | undefined, chosen: { source?: string; name?: string }, planIn: (env: string) => string, outcome = ''): string | undefined {
  const { name, source } = chosen;
  if (name === undefined || name === planned) return planned;
  const fromVariable = source === ENV_VARIABLE ? `, which ${ENV_VARIABLE} names (set in the environment)` : '';
  if (planned === undefined) {
    // Made where aac.yaml declared no environments: it may still declare none (then there is no
    // plan to make for `name`), or declare them since (then the plan cannot be used at all).
    throw new UserError(
      `the plan was made without an environment, not for '${name}'${fromVariable}${outcome}`,
      `use it without one (leave out --env and unset ${ENV_VARIABLE}), or, where aac.yaml declares ${name}, make a plan for it: ${planIn(name)}`,
      [],
      'plan-other-environment',
    );
  }
  const own = source === ENV_VARIABLE ? `--env ${planned}, which wins over ${ENV_VARIABLE}; or unset ${ENV_VARIABLE} for this directory: exported for another project, it is read by every run` : `--env ${planned}`;
  throw new UserError(
    `the plan was made for environment '${planned}', not '${name}'${fromVariable}${outcome}`,
    `use it in its own environment (${own}), or make a plan for ${name}: ${planIn(name)}`,
    [],
    'plan-other-environment',
  );
}

/**
 * The settings of a run in `env`: what the environment sets stands in for aac.yaml's top level,
 * so whatever overrides the top level overrides it too (`providerFlag`, --provider, here; the
 * namespace and endpoint overrides where those are resolved). `config` unchanged without one.
 */
export function configIn(config: ProjectConfig, env: Environment | undefined, providerFlag: string | undefined): ProjectConfig {
  if (!env) return config;
  const { providerUnknown, providerWritten, providerAt, providerOverridden, ...top } = config;
  // The environment's provider stands in for the top level's, an unknown one too; --provider for both.
  const unknown = providerFlag === undefined && (env.providerUnknown === true || (env.provider === undefined && providerUnknown === true));
  return {
    ...top,
    provider: providerFlag ?? env.provider ?? (env.providerUnknown === true ? standInProvider(env.providerWritten) : config.provider),
    ...(unknown ? { providerUnknown: true, ...pickWritten(env.providerUnknown === true ? env.providerWritten : providerWritten) } : {}),
    // The setting in effect is the environment's when it writes one: the top level's is not read.
    ...(env.providerAt !== undefined ? { providerAt: { ...env.providerAt, environment: env.name } } : providerAt !== undefined ? { providerAt } : {}),
    ...(env.provider !== undefined ? (providerFlag !== undefined && env.provider !== providerFlag ? { providerOverridden: env.provider } : {}) : providerOverridden !== undefined ? { providerOverridden } : {}),
    ...(env.endpoint !== undefined ? { endpoint: env.endpoint, endpointAt: env.endpointAt && { ...env.endpointAt, environment: env.name } } : {}),
    ...(env.namespace !== undefined ? { namespace: env.namespace, namespaceAt: env.namespaceAt && { ...env.namespaceAt, environment: env.name } } : {}),
    ...(env.retainVersions !== undefined ? { retainVersions: env.retainVersions } : {}),
    environment: env.name,
  };
}

/** `{ providerWritten }` when there is one to carry. */
const pickWritten = (written: string | undefined) => (written === undefined ? {} : { providerWritten: written });
