// Commands a message tells the user to run next (`aac force-unlock ID`, `aac plan --out FILE`):
// copied and run as printed, they must reach what this run reached, so each carries the options
// that chose it (render/command-line.ts repeatedFlags), built here once for every command. Layers
// below commands/ take the flags (runFlags) or the whole command from their caller.
import { shownPath } from '../desired/paths.js';
import { repeatedFlags } from '../render/command-line.js';
import { shellWord } from '../util/shell-word.js';
import type { KindCommands } from '../backends/backend.js';
import { kindForProvider, MIGRATE_SOURCE_KIND } from '../backends/registry.js';
import type { NextCommands } from '../apply/outcome.js';
import type { CommandContext } from './command.js';
import { COMMANDS, type RunOption } from './registry.js';

/**
 * This run's ` --dir D --namespace N --provider P --env E`, each only when given on the command
 * line (--dir: unless the default). `environment`: the one the run is in when not the flag's (a
 * saved plan applies in its own, which a fresh plan must name too), or undefined for none.
 * `takes`: the RunOptions the command they are for takes (by default plan's, which apply shares).
 */
export function runFlags(ctx: CommandContext, environment?: string, takes: readonly RunOption[] = COMMANDS.plan!.runOptions): string {
  const given = (name: RunOption): string | undefined => {
    const value: unknown = ctx.options[name];
    return takes.includes(name) && typeof value === 'string' ? value : undefined;
  };
  const env = takes.includes('env') ? (environment ?? given('env')) : undefined;
  return repeatedFlags({ dir: shownPath(ctx.io.cwd, ctx.global.dir), namespace: given('namespace'), provider: ctx.global.provider, env });
}

/**
 * The commands a kind's hints name (backend.ts KindCommands), for this run: `aac migrate` writes
 * into the directory this run reads (`--out`, always given: migrate has no default), from the
 * Assistants definitions, whose directory only the user knows (SRC). Migrate takes neither
 * --namespace nor --env, and its --provider is the source's: none of runFlags is repeated.
 * `overridden`: the provider aac.yaml writes when --provider gave another (ProjectConfig.providerOverridden);
 * when it is an Assistants one, this directory is the source, and the new one is the user's (DIR).
 */
export function kindCommands(ctx: CommandContext, overridden?: string): KindCommands {
  const dir = shellWord(shownPath(ctx.io.cwd, ctx.global.dir));
  if (overridden !== undefined && kindForProvider(overridden).name === MIGRATE_SOURCE_KIND) {
    return { migrate: (to) => `aac migrate --to ${to} --dir ${dir} --out DIR` };
  }
  return { migrate: (to) => `aac migrate --to ${to} --dir SRC --out ${dir}` };
}

/**
 * `aac <words>` with this run's flags, those the command (the first word) takes: e.g.
 * suggestion(ctx, 'plan --out FILE') → `aac plan --out FILE --dir ws/many --namespace a`, but
 * suggestion(ctx, 'validate') → `aac validate --dir ws/many` (validate takes no --namespace).
 */
export function suggestion(ctx: CommandContext, words: string, environment?: string): string {
  const takes = COMMANDS[words.split(' ')[0]!]?.runOptions ?? [];
  return `aac ${words}${runFlags(ctx, environment, takes)}`;
}

/**
 * The commands an apply's report suggests (apply/outcome.ts NextCommands), with this run's flags
 * (runFlags: `environment` as there): `aac plan --dir ws` and `aac apply --dir ws`. The apply asks
 * for confirmation, and is refused for want of it where there is no terminal: so that it runs as
 * printed where it is printed, it carries `--yes` when this run could not ask either (`asking`
 * false: a CI step, a script, output redirected), and not at a terminal, where it asks. `flags`:
 * when the caller's differ from runFlags' (import leaves out what it recorded in aac.yaml).
 * `planned`: the planning options of the plan this run applied (render/command-line.ts
 * plannedWith: `--prune `, `--target a `), so that finishing deletes what this run was to delete
 * and applies no key it left out; '' for none.
 */
export function nextCommands(ctx: CommandContext, asking: boolean, environment?: string, flags = runFlags(ctx, environment), planned = ''): NextCommands {
  return { plan: `aac plan ${planned}`.trimEnd() + flags, apply: `aac apply${asking ? '' : ' --yes'} ${planned}`.trimEnd() + flags };
}

/**
 * The force-unlock that removes lock `id` of this run's namespace, as every message suggests it:
 * `aac force-unlock ID --yes --dir ws/many`. Always with `--yes`, as Terraform's `force-unlock
 * -force`: the message that names it has shown the lock (its holder, since when), and without it
 * the command is refused where there is no terminal to ask on (a CI step, a script), so it would
 * not run as printed there. `namespace`: the lock's, when it is not the run's own (the one
 * --adopt-namespace names, whose lock the run takes too): said with `--namespace OLD`, as
 * force-unlock removes only a lock of the namespace it runs in.
 */
export function forceUnlock(ctx: CommandContext, id: string, namespace?: string): string {
  const of = namespace === undefined ? ctx : { ...ctx, options: { ...ctx.options, namespace } };
  return suggestion(of, `force-unlock ${shellWord(id)} --yes`);
}
