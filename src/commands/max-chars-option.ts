// `--max-chars` of `aac plan` and `aac show`: the room a markdown plan has, as a pull-request
// comment leaves it.
import { UserError } from '../util/errors.js';
import { GITHUB_COMMENT_LIMIT } from '../util/github.js';
import type { CommandContext, OptionSpec, OptionValue } from './command.js';

/** Below this not even the summary, the deletes and the counts fit. */
export const MIN_MARKDOWN_CHARS = 1_000;

/**
 * `--max-chars` as a command's help names it: `fileFlag`, the option that also writes markdown
 * (plan's `markdown-out`), where the command has one, so that show's help names no option it lacks.
 */
export function maxCharsOption(fileFlag?: string): OptionSpec {
  return {
    type: 'string',
    arg: 'N',
    description: `Keep --format markdown${fileFlag === undefined ? '' : ` (and --${fileFlag})`} within N characters (at least ${MIN_MARKDOWN_CHARS}; default ${GITHUB_COMMENT_LIMIT}, a GitHub comment); leave room for what you wrap around it`,
  };
}

/**
 * `--max-chars`: a whole number of characters, only with --format markdown, or with the option
 * `fileFlag` (plan's `markdown-out`, which writes markdown to a file) when the command has one.
 */
export function markdownBudget(ctx: CommandContext, fileFlag?: string): number | undefined {
  const value = ctx.options['max-chars'];
  if (value === undefined) return undefined;
  const toFile = fileFlag !== undefined && typeof ctx.options[fileFlag] === 'string';
  if (ctx.global.format !== 'markdown' && !toFile) {
    throw new UserError('--max-chars applies to --format markdown only', `add --format markdown${fileFlag === undefined ? '' : ` (or --${fileFlag} FILE)`}, or drop --max-chars`);
  }
  return charBudget('--max-chars', value);
}

/** The room a markdown plan is given by the option `flag` (`value`, as given): a whole number, at least MIN_MARKDOWN_CHARS. */
export function charBudget(flag: string, value: OptionValue): number {
  const n = Number(value);
  if (!/^\d+$/.test(String(value)) || n < MIN_MARKDOWN_CHARS) {
    throw new UserError(
      `${flag} must be a whole number of characters, at least ${MIN_MARKDOWN_CHARS}, not '${String(value)}'`,
      `GitHub's comment limit is ${GITHUB_COMMENT_LIMIT}; subtract what your workflow adds around the plan`,
    );
  }
  return n;
}
