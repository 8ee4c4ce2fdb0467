// A saved plan's namespace against the one its own directory gives now: `aac apply FILE` and
// `aac show FILE` refuse the same file, in the same words, where the namespace the file records
// came from the directory (its aac.yaml, or its path) and that place gives another one.
import { isDirectory } from '../util/file-kind.js';
import { loadProjectConfig } from '../config/index.js';
import { resolveNamespace } from '../config/namespace.js';
import { shownPath } from '../desired/paths.js';
import { configIn } from '../environments/select.js';
import type { ProjectConfig } from '../model/config.js';
import type { Plan } from '../model/plan.js';
import { jsonValueAt } from '../util/json-syntax.js';
import { UserError } from '../util/errors.js';

/** A saved plan as read: the plan, its file's text and the name it was given by. */
export interface SavedPlanFile {
  plan: Pick<Plan, 'target' | 'namespaceFrom'>;
  text: string;
  file: string;
}

/** `make a new plan in 'team-a' with <remake>, review it, and apply that` (`remake`: the command, as code): the way out of a plan for another namespace than `now`. */
export function newPlanIn(now: string, remake: string): string {
  return `make a new plan in '${now}' with ${remake}, review it, and apply that`;
}

/**
 * The refusal of a saved plan whose target.namespace is not `now`, the namespace its directory
 * (shown as `dir`) gives now, where both came from the same place: the directory's path (the file's
 * `namespace_from` `default`, `config` writing none), or its aac.yaml's `namespace:` (`aac.yaml`,
 * `config` being the settings of the plan's environment). The path gives every run one namespace,
 * so the file's was edited (plan-edited); aac.yaml's may also have changed since, which the file
 * cannot tell from an edit (it keeps no copy of aac.yaml), so both are said, the edit first
 * (plan-other-namespace). Either way the file records its directory relative to the working
 * directory it was made in (plan.dir), so the same words from another one — `aac apply
 * ~/repo/p.json` run in another project, whose assistants/ gives its own namespace — name a
 * directory that is not the plan's: that cause is said too, with running it where it was made as
 * the first way out. Located at the file's field, as its other edits are. `newPlan`: the way out
 * (newPlanIn). Undefined when the namespaces agree, or came from different places (a given
 * namespace, or a directory changed).
 */
export function editedNamespace(saved: SavedPlanFile, dir: string, now: string, config: Pick<ProjectConfig, 'namespace' | 'namespaceAt' | 'file'>, newPlan: string): UserError | undefined {
  const { plan, text, file } = saved;
  const from = plan.namespaceFrom;
  if (now === plan.target.namespace || from !== (config.namespace === undefined ? 'default' : 'aac.yaml')) return undefined;
  const at = jsonValueAt(text, ['target', 'namespace']) ?? { line: 1, column: 1 };
  const set = config.namespaceAt === undefined ? (config.file ?? 'aac.yaml') : `${config.namespaceAt.file}:${config.namespaceAt.line}:${config.namespaceAt.column}`;
  // The file names its directory as the working directory it was made in reached it: from another
  // one (another project's checkout), the same name is another directory.
  const elsewhere = `this run is not in the working directory the plan was made in (the file names its directory ${dir} relative to that one)`;
  const message = from === 'default'
    ? `the plan file was edited after it was saved, or ${elsewhere}: target.namespace is '${plan.target.namespace}', but its namespace_from says the directory's path gave it, and the path of ${dir} gives '${now}'`
    : `target.namespace is '${plan.target.namespace}', but its namespace_from says aac.yaml set it, and aac.yaml sets '${now}' (${set}): the plan file was edited after it was saved, or aac.yaml's namespace changed since, or ${elsewhere}`;
  const code = from === 'default' ? 'plan-edited' : 'plan-other-namespace';
  return UserError.at({
    severity: 'error',
    code,
    location: { file, line: at.line, column: at.column },
    path: '',
    message,
    hint: `if it was made in another working directory, run it there; else a plan file is applied only as \`aac plan --out\` wrote it: ${newPlan}`,
  }, code);
}

/**
 * What `aac show FILE` can tell of the namespace of a saved plan without the network: when the
 * file says its directory gave it (namespace_from `aac.yaml` or `default`) and that directory
 * (`dir`, absolute, as the file records it) is here, the namespace it gives now in the plan's
 * environment — aac.yaml's `namespace:`, else its path's — with the settings read, for
 * editedNamespace. Undefined when show cannot tell as apply would: the directory is not here, its
 * aac.yaml has errors or no longer declares the plan's environment, or it is outside a git
 * repository with no `namespace:` (then apply says why itself). Reads aac.yaml alone, never a
 * definition; a namespace given by --namespace or AAC_NAMESPACE is not the directory's, so not read.
 */
export async function directoryNamespace(plan: Pick<Plan, 'target' | 'namespaceFrom'>, dir: string, cwd: string): Promise<{ now: string; config: ProjectConfig } | undefined> {
  if ((plan.namespaceFrom !== 'aac.yaml' && plan.namespaceFrom !== 'default') || !isDirectory(dir)) return undefined;
  const loaded = await loadProjectConfig(dir, { cwd });
  if (loaded.diagnostics.some((d) => d.severity === 'error')) return undefined;
  const name = plan.target.environment;
  const env = loaded.environments.environments.find((e) => e.name === name);
  if (name !== undefined && env === undefined) return undefined;
  const config = configIn(loaded.config, env, undefined);
  if (config.namespace !== undefined) return { now: config.namespace, config };
  try {
    return { now: resolveNamespace({ env: {}, dir, shownDir: shownPath(cwd, dir) }).namespace, config };
  } catch (err) {
    if (err instanceof UserError) return undefined;
    throw err;
  }
}
