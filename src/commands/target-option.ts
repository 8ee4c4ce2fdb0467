// `--target KEY` for plan and apply, declared once (as `terraform -target`; the matching rules are
// in plan/targets.ts).
import type { CommandContext, OptionSpec } from './command.js';

export const TARGET_OPTION: OptionSpec = {
  type: 'string',
  multiple: true,
  arg: 'KEY',
  description: 'Only this key, the keys below it, or a glob (`support/*`; `\\*` is a literal `*`); repeatable; the plan says it is partial',
};

/** The `--target` values given, in order; [] when none. */
export function targetsOf(ctx: CommandContext): string[] {
  return (ctx.options.target as string[] | undefined) ?? [];
}
