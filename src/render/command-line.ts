// Commands aac suggests running next (`aac apply plan.json`, `aac plan`): they must read what this
// run read, so they repeat the flags that chose it, each quoted so a shell passes it back unchanged.
import { DEFAULT_DIR } from '../model/config.js';
import type { Plan } from '../model/plan.js';
import { pathWord, shellWord } from '../util/shell-word.js';

/**
 * The flags that change what a later command reads, as this run was given them, each with a
 * leading space: ` --dir D` (D as shown, relative to the working directory) unless it is the
 * default (or `dirAlways`), ` --namespace N`, ` --provider P` and ` --env E` when given (from the
 * command line: a value from aac.yaml is read again anyway). '' when there are none.
 */
export function repeatedFlags(o: { dir: string; namespace?: string; provider?: string; env?: string; dirAlways?: boolean }): string {
  const word = (value: string | undefined) => (value === undefined ? undefined : shellWord(value));
  const flags: Array<[string, string | undefined]> = [
    ['--dir', o.dir === DEFAULT_DIR && !o.dirAlways ? undefined : pathWord(o.dir)],
    ['--namespace', word(o.namespace)],
    ['--provider', word(o.provider)],
    ['--env', word(o.env)],
  ];
  return flags.map(([flag, shown]) => (shown === undefined ? '' : ` ${flag} ${shown}`)).join('');
}

/**
 * `--prune --allow-empty --adopt-legacy --adopt-namespace OLD --target K… ` (each with a trailing
 * space, '' for none): the planning options a saved plan was made with (Plan.prune, adoptLegacy,
 * adoptNamespace, targets; `--allow-empty` is what a prune over no definitions needed,
 * plan.definitions empty), so the `aac plan` that makes
 * it again plans what was reviewed: without them it would keep the orphans the review saw deleted,
 * or plan more than the targets the review saw.
 */
export function plannedWith(plan: Pick<Plan, 'prune' | 'adoptLegacy' | 'adoptNamespace' | 'targets' | 'definitions'>): string {
  const emptyPrune = plan.prune && plan.targets.length === 0 && Object.keys(plan.definitions).length === 0;
  const flags = [
    ...(plan.prune ? ['--prune'] : []),
    ...(emptyPrune ? ['--allow-empty'] : []),
    ...(plan.adoptLegacy ? ['--adopt-legacy'] : []),
    ...(plan.adoptNamespace === undefined ? [] : [`--adopt-namespace ${shellWord(plan.adoptNamespace)}`]),
    ...plan.targets.map((key) => `--target ${shellWord(key)}`),
  ];
  return flags.map((f) => `${f} `).join('');
}

/**
 * The `aac plan` that makes `plan` again taking over what the namespace `old` holds under the keys
 * defined here (`--adopt-namespace OLD`, in place of any the plan was made with), with its other
 * planning options (plannedWith) and `flags`, the run's (repeatedFlags: ` --dir ws`):
 * `aac plan --prune --adopt-namespace s20ns1 --dir ws`. What a create beside another namespace's
 * twin (PlanChange.liveElsewhere) suggests.
 */
export function adoptCommand(plan: Pick<Plan, 'prune' | 'adoptLegacy' | 'targets' | 'definitions'>, old: string, flags: string): string {
  return `aac plan ${plannedWith({ ...plan, adoptNamespace: old })}`.trimEnd() + flags;
}
