// Options `aac plan` and `aac apply` share beside --prune.
import { UserError } from '../util/errors.js';
import type { CommandContext, OptionSpec } from './command.js';

/** `--adopt-legacy` on plan and apply (Plan.adoptLegacy). */
export const ADOPT_LEGACY_OPTION: Record<'adopt-legacy', OptionSpec> = {
  'adopt-legacy': {
    type: 'boolean',
    description: 'Take over every resource with the previous marker aac:key that a definition here has the key of',
  },
};

/** `--allow-empty`, beside `--prune` on plan and apply. */
export const ALLOW_EMPTY_OPTION: Record<'allow-empty', OptionSpec> = {
  'allow-empty': { type: 'boolean', description: 'With --prune: allow a directory with no definitions, which deletes every resource of its namespace' },
};

/**
 * Refuses (UserError) `--allow-empty` without `--prune`, before any request: it only lifts prune's
 * refusal of a directory with no definitions, and taken silently it would read as if it did
 * something else (as `--max-chars` without markdown, `--lock-timeout` with `-lock=false`).
 */
export function refuseAllowEmptyAlone(ctx: CommandContext): void {
  if (ctx.options['allow-empty'] && !ctx.options.prune) {
    throw new UserError('--allow-empty applies to --prune only: it lets a prune run over a directory with no definitions', 'add --prune, or drop --allow-empty');
  }
}
