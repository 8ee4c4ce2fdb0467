// Commands a message tells the user to run next (`aac force-unlock ID`, `aac plan --out FILE`):
// copied and run as printed, they must reach what this run reached, so each carries the options
// that chose it (render/command-line.ts repeatedFlags), built here once for every command. Layers
// below commands/ take the flags (runFlags) or the whole command from their caller.
import { shownPath } from '../desired/paths.js';
import { repeatedFlags, shellWord } from '../render/command-line.js';
import type { KindCommands } from '../backends/backend.js';
import type { CommandContext } from './command.js';

/**
 * This run's ` --dir D --namespace N --provider P --env E`, each only when given on the command
 * line (--dir: unless the default). `environment`: the one the run is in when not the flag's (a
 * saved plan applies in its own, which a fresh plan must name too), or undefined for none.
 */
export function runFlags(ctx: CommandContext, environment?: string): string {
  const given = (name: string): string | undefined => {
    const value: unknown = ctx.options[name];
    return typeof value === 'string' ? value : undefined;
  };
  return repeatedFlags({ dir: shownPath(ctx.io.cwd, ctx.global.dir), namespace: given('namespace'), provider: ctx.global.provider, env: environment ?? given('env') });
}

/**
 * The commands a kind's hints name (backend.ts KindCommands), for this run: `aac migrate` writes
 * into the directory this run reads (`--out`, always given: migrate has no default), from the
 * Assistants definitions, whose directory only the user knows (SRC). Migrate takes neither
 * --namespace nor --env, and its --provider is the source's: none of runFlags is repeated.
 */
export function kindCommands(ctx: CommandContext): KindCommands {
  const out = shellWord(shownPath(ctx.io.cwd, ctx.global.dir));
  return { migrate: (to) => `aac migrate --to ${to} --dir SRC --out ${out}` };
}

/** `aac <words>` with this run's flags: e.g. suggestion(ctx, 'plan --out FILE') → `aac plan --out FILE --dir ws/many`. */
export function suggestion(ctx: CommandContext, words: string, environment?: string): string {
  return `aac ${words}${runFlags(ctx, environment)}`;
}
