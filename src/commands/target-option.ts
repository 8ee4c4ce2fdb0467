// `--target KEY` for plan and apply, declared once (as `terraform -target`; the matching rules are
// in plan/targets.ts).
import type { CommandContext, OptionSpec } from './command.js';
import { globsThatAreKeys } from '../plan/targets.js';
import { escapeGlob } from '../util/glob.js';
import { shellWord } from '../util/shell-word.js';
import { plural } from '../util/words.js';
import { writeWarning } from './reading.js';
import type { RunWarning } from '../model/diagnostic.js';
import { renderRunAnnotation } from '../render/annotations.js';
import { inGitHubActions } from '../util/github.js';

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

/** How many of the keys a glob selected its warning names before `and N more`. */
const KEYS_SHOWN = 5;

/**
 * Warns (stderr, never an error; in GitHub Actions also an annotation there, as a file's warnings
 * are) of each `--target` glob whose text is also a key (`keys`: the definitions' and the live
 * ones this namespace marks; plan/targets.ts globsThatAreKeys): that it selected N keys as a glob,
 * and that the key itself is selected alone with its escape, shell-quoted (`--target 'star\*'`),
 * since a user typing a legacy key as it reads gets the glob. Returns the warnings as printed: a
 * plan's pull-request comment and job summary, and an apply's job summary, list them too, where
 * the reviewer of a run that selected more than its author meant reads.
 */
export function warnGlobsThatAreKeys(ctx: CommandContext, patterns: readonly string[], keys: () => readonly string[]): RunWarning[] {
  return globsThatAreKeys(patterns, keys).map(({ pattern, selected }) => {
    const n = selected.length;
    const shown = selected.slice(0, KEYS_SHOWN).map((k) => `'${k}'`).join(', ') + (n > KEYS_SHOWN ? ` and ${n - KEYS_SHOWN} more` : '');
    const printed = writeWarning(
      ctx,
      `--target ${shellWord(pattern)} is a glob (\`*\` and \`?\` are wildcards): it selected ${n} ${plural(n, 'key', 'keys')} (${shown}), and '${pattern}' is also a key itself`,
      `to select the key '${pattern}' alone, use --target ${shellWord(escapeGlob(pattern))}`,
    );
    // On stderr, as every command's annotations (pipeline.ts): the runner reads both streams.
    if (inGitHubActions(ctx.io.env)) ctx.io.stderr.write(renderRunAnnotation(printed, 'aac --target'));
    return printed;
  });
}
