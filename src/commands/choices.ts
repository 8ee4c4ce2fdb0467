// The values an enumerated option takes (OptionSpec.choices): the refusal of any other, on the
// command line and for a command that reads one, and the read that gives a value its choices' type.
// Imports no command: each command, and the command line (cli.ts), read their values through it.
import { oneOfHint } from '../yaml/suggest.js';
import type { OptionSpec } from './command.js';
import { UserError } from '../util/errors.js';
import { orList } from '../util/words.js';

/**
 * The refusal of `value` given to the option `flag` (`--to`), which takes only `allowed`:
 * `unknown --to 'openai-agent'` with `did you mean 'openai-agents'?` for a typo of one, else the
 * values it takes (yaml/suggest.ts oneOfHint). The one answer every enumerated flag gets:
 * `--format` and `--provider` (cli.ts), and each option with `choices` (refuseUnknownChoices).
 */
export function unknownValue(flag: string, value: string, allowed: readonly string[]): UserError {
  return new UserError(`unknown ${flag} '${value}'`, oneOfHint(value, allowed));
}

/** Whether `value` is one of `choices`: a guard, so a value found there has their type, uncast. */
function isChoice<C extends string>(choices: readonly C[], value: unknown): value is C {
  return choices.some((c) => c === value);
}

/**
 * Throws unknownValue for the first value in `values` (parseArgs' answer) of an option of `spec`
 * with `choices` (OptionSpec.choices) that is none of them; each value of a repeatable one.
 */
export function refuseUnknownChoices(spec: Record<string, OptionSpec>, values: Record<string, unknown>): void {
  for (const [name, option] of Object.entries(spec)) {
    const allowed = option.choices;
    const given = values[name];
    if (allowed === undefined || given === undefined) continue;
    for (const value of [given].flat()) {
      if (typeof value === 'string' && !isChoice(allowed, value)) throw unknownValue(`--${name}`, value, allowed);
    }
  }
}

/**
 * The value of the option `--name` (`option`, an OptionSpec whose `choices` are literals: `as
 * const`) in a command's options (`values`), typed as one of its choices (`'replace' | 'merge'`),
 * or undefined when it was not given. A string that is none of them throws unknownValue, as
 * refuseUnknownChoices refuses it on the command line, and so, in words, does anything else a
 * caller that fills a command's options itself put there (`true`, a list): the choices, stated
 * once in the spec, are both the check and the type, and a command reads no value unchecked.
 */
export function chosen<C extends string>(values: Readonly<Record<string, unknown>>, name: string, option: { readonly choices: readonly C[] }): C | undefined {
  const value = values[name];
  if (value === undefined || isChoice(option.choices, value)) return value;
  if (typeof value === 'string') throw unknownValue(`--${name}`, value, option.choices);
  const given = Array.isArray(value) ? 'a list' : value === null ? 'null' : `a value of type ${typeof value}`;
  throw new UserError(`--${name} takes one value, ${orList(option.choices.map((c) => `'${c}'`))}, not ${given}`);
}
