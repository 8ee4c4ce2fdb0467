// `--lock` and `--lock-timeout`, spelled and meant as Terraform's `-lock=false` and
// `-lock-timeout=5m`: apply holds its namespace's lock unless told not to, and by default refuses
// at once when another run holds it.
import { chosen } from './choices.js';
import { UserError } from '../util/errors.js';
import { durationOption } from './duration-option.js';
import type { CommandContext, OptionSpec } from './command.js';

/**
 * The commands that take the namespace's lock (each has LOCK_OPTIONS): the one list, for the
 * refusal of `-lock` elsewhere, which names every other command; a test holds it to the commands
 * that have the options.
 */
export const LOCKING_COMMANDS: readonly string[] = ['apply'];

/** `--lock`, whose choices are both the check and the type its value is read as (chosen). */
const LOCK = { type: 'string', arg: 'true|false', choices: ['true', 'false'], description: "Hold the namespace's lock while applying (default true; -lock=false as in Terraform)" } as const satisfies OptionSpec;

export const LOCK_OPTIONS: Record<'lock' | 'lock-timeout', OptionSpec> = {
  lock: LOCK,
  'lock-timeout': {
    type: 'string',
    arg: 'DURATION',
    description: "How long to wait for another run's lock: 0s (default) refuses at once; e.g. 30s, 5m, 1h30m",
  },
};

/**
 * The lock timeout in ms, or undefined when `-lock=false` turns the lock off. A `--lock` that is
 * neither throws (chosen): the line refused it already, a caller filling the options itself too.
 */
export function lockTimeoutOf(ctx: CommandContext): number | undefined {
  const lock = chosen(ctx.options, 'lock', LOCK) ?? 'true';
  const raw = ctx.options['lock-timeout'];
  const timeout = durationOption('lock-timeout', raw, 0);
  if (lock === 'false') {
    if (raw !== undefined) throw new UserError('--lock-timeout has no meaning with -lock=false', 'drop one of them');
    return undefined;
  }
  return timeout;
}
