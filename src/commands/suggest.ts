// Commands a message tells the user to run next (`aac force-unlock ID`, `aac plan --out FILE`):
// copied and run as printed, they must reach what this run reached, so each carries the options
// that chose it (render/command-line.ts repeatedFlags), built here once for every command.
import { shownPath } from '../desired/paths.js';
import { repeatedFlags } from '../render/command-line.js';
import type { CommandContext } from './command.js';

/** This run's ` --dir D --namespace N --provider P --env E`, each only when given on the command line (--dir: unless the default). */
export function runFlags(ctx: CommandContext): string {
  const given = (name: string): string | undefined => {
    const value: unknown = ctx.options[name];
    return typeof value === 'string' ? value : undefined;
  };
  return repeatedFlags({ dir: shownPath(ctx.io.cwd, ctx.global.dir), namespace: given('namespace'), provider: ctx.global.provider, env: given('env') });
}

/** `aac <words>` with this run's flags: e.g. suggestion(ctx, 'plan --out FILE') → `aac plan --out FILE --dir ws/many`. */
export function suggestion(ctx: CommandContext, words: string): string {
  return `aac ${words}${runFlags(ctx)}`;
}
