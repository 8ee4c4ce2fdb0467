// Options `aac plan` and `aac apply` share beside --prune.
import { namespaceProblem } from '../model/marker.js';
import { shellWord } from '../util/shell-word.js';
import { UserError } from '../util/errors.js';
import type { CommandContext, OptionSpec } from './command.js';

/** `--adopt-legacy` on plan and apply (Plan.adoptLegacy). */
export const ADOPT_LEGACY_OPTION: Record<'adopt-legacy', OptionSpec> = {
  'adopt-legacy': {
    type: 'boolean',
    description: 'Take over every resource with the previous marker aac:key that a definition here has the key of',
  },
};

/** `--adopt-namespace OLD` on plan and apply (Plan.adoptNamespace). */
export const ADOPT_NAMESPACE_OPTION: Record<'adopt-namespace', OptionSpec> = {
  'adopt-namespace': {
    type: 'string',
    arg: 'OLD',
    description: 'Take over every resource of the namespace OLD that a definition here has the key of (after `namespace:` changed)',
  },
};

/**
 * The namespace `--adopt-namespace` names; undefined without the flag. Refuses (UserError, before
 * any request) a value that is no namespace (model/marker.ts namespaceProblem).
 */
export function adoptNamespaceOf(ctx: CommandContext): string | undefined {
  const given = ctx.options['adopt-namespace'];
  if (typeof given !== 'string') return undefined;
  const problem = namespaceProblem(given);
  if (problem !== undefined) {
    throw new UserError(
      `--adopt-namespace ${shellWord(given)} is not a namespace: ${problem}`,
      "name the namespace whose marker (`aac@<namespace>` in their metadata) the resources carry: the directory's `namespace:` before it changed",
    );
  }
  return given;
}

/**
 * Refuses (UserError) `--adopt-namespace` naming the run's own `namespace`: its resources are this
 * run's already, and a flag that does nothing would read as if it did something.
 */
export function refuseOwnAdoption(old: string | undefined, namespace: string): void {
  if (old !== namespace) return;
  throw new UserError(
    `--adopt-namespace ${shellWord(old)} names this run's own namespace: there is nothing to take over`,
    "name the namespace the resources were marked with before `namespace:` changed, or drop --adopt-namespace",
  );
}

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
