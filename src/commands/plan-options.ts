// Options `aac plan` and `aac apply` share beside --prune.
import type { OptionSpec } from './command.js';

/** `--adopt-legacy` on plan and apply (Plan.adoptLegacy). */
export const ADOPT_LEGACY_OPTION: Record<'adopt-legacy', OptionSpec> = {
  'adopt-legacy': {
    type: 'boolean',
    description: 'Take over every resource with the previous marker aac:key that a definition here has the key of',
  },
};

/** `--allow-empty`, beside `--prune` on plan and apply. */
export const ALLOW_EMPTY_OPTION: Record<'allow-empty', OptionSpec> = {
  'allow-empty': { type: 'boolean', description: 'With --prune: allow a directory with no definitions (deletes every resource of its namespace)' },
};
