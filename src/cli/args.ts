// Command-line words → parseArgs input, with Terraform's habits accepted and every mistake
// answered in our words: parseArgs' own messages quote raw argv and nest quotes, and say nothing
// of the option the user probably meant.
import { closest } from '../yaml/suggest.js';
import type { OptionSpec } from '../commands/command.js';
import { UserError } from '../util/errors.js';
import { ownValue } from '../model/json.js';
import { andList } from '../util/words.js';
import { ASKING_COMMANDS } from '../commands/confirm.js';

/**
 * Terraform's spellings that mean the same as an aac option: `-auto-approve` is `--yes`,
 * `-json` is `--format json`, `-parallelism=N` is `--concurrency N`. Applied only where the
 * command has the aac option, so `aac validate -auto-approve` is still refused.
 */
const TERRAFORM_ALIASES: Record<string, { option: string; value?: string }> = {
  'auto-approve': { option: 'yes' },
  json: { option: 'format', value: 'json' },
  parallelism: { option: 'concurrency' },
};

/**
 * Terraform's flags that have no aac meaning, each with why and what to do instead: refused (a
 * flag silently ignored would let a script believe it had an effect), but with the reason, since
 * these are the ones a Terraform script passes out of habit. Only where the command has no
 * option of that name (`aac apply -lock=false` is apply's own).
 */
const TERRAFORM_WITHOUT_MEANING: Record<string, string> = {
  input: `aac asks for nothing but the confirmation of ${andList(ASKING_COMMANDS.map((c) => `aac ${c}`))}, and never without a terminal (pass --yes there): drop it`,
  lock: 'only `aac apply` takes the lock (plan, validate and show only read): drop it',
  'lock-timeout': 'only `aac apply` takes the lock (plan, validate and show only read): drop it',
  refresh: 'a plan always reads the live resources (there is no state file to trust instead): drop it',
  'refresh-only': 'a plan always reads the live resources and shows their drift beside what would change: drop it',
  var: 'values come from the environments in aac.yaml (`environments:` with `variables:`), chosen with --env',
  'var-file': 'values come from the environments in aac.yaml (`environments:` with `variables:`), chosen with --env',
  chdir: 'use --dir DIR for the definitions directory',
  destroy: 'remove the definitions and run `aac apply --prune` (the plan lists each delete)',
};

/**
 * A boolean option's value as Go's flag package (Terraform's) reads `-name=value` (strconv.ParseBool):
 * `-auto-approve=true` sets it, `-auto-approve=false` leaves it unset, as Terraform scripts write.
 */
const GO_BOOLEANS: Record<string, boolean> = Object.fromEntries([
  ...['1', 't', 'T', 'TRUE', 'true', 'True'].map((v) => [v, true] as const),
  ...['0', 'f', 'F', 'FALSE', 'false', 'False'].map((v) => [v, false] as const),
]);

/**
 * Rewrites `argv` (the words after the command name) into the `--name[=value]` form parseArgs
 * takes, or throws a UserError naming the word and the fix.
 *
 * - `--name` and `-name` (Terraform's single dash) are the same long option; `-name=value` too.
 * - A single dash followed by letters that are all short options (`-yh`) stays a group of them.
 * - An unknown option gets "did you mean"; a string option without a value, or a boolean with
 *   one other than Go's true and false (GO_BOOLEANS), is refused with the option's usage.
 * - Words after `--` are positionals, untouched.
 */
export function normalizeArgs(argv: readonly string[], spec: Record<string, OptionSpec>, command: string): string[] {
  const shorts = new Map(Object.entries(spec).flatMap(([name, o]) => (o.short ? [[o.short, name] as const] : [])));
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!;
    if (word === '--') {
      out.push(...argv.slice(i));
      break;
    }
    if (!word.startsWith('-') || word === '-') {
      out.push(word);
      continue;
    }
    if (!word.startsWith('--') && [...word.slice(1)].every((c) => shorts.has(c))) {
      out.push(word); // `-y`, `-h`, `-yh`
      continue;
    }
    const body = word.replace(/^--?/, '');
    const eq = body.indexOf('=');
    const typed = eq < 0 ? body : body.slice(0, eq);
    let inline = eq < 0 ? undefined : body.slice(eq + 1);
    let name = typed;
    // What was typed is looked up only among the tables' own entries (`--constructor` is no option).
    const alias = ownValue(TERRAFORM_ALIASES, typed);
    if (!Object.hasOwn(spec, typed) && alias && Object.hasOwn(spec, alias.option)) {
      name = alias.option;
      if (alias.value !== undefined) {
        if (inline !== undefined) throw new UserError(`option '${word}' takes no value`, `write '${word.slice(0, word.indexOf('='))}'`);
        inline = alias.value;
      }
    }
    const option = ownValue(spec, name);
    if (!option) throw unknownOption(word, typed, spec, command);
    const flag = `--${name}`;
    if (option.type === 'boolean') {
      const on = inline === undefined ? true : ownValue(GO_BOOLEANS, inline);
      if (on === undefined) throw new UserError(`option '${flag}' takes no value (got '${word}')`, `write '${flag}' alone (or '${flag}=true', '${flag}=false', as Terraform takes them)`);
      if (on) out.push(flag);
      continue;
    }
    if (inline === undefined) {
      const next = argv[i + 1];
      // A value that looks like an option is more often a forgotten value than a real one.
      if (next === undefined || next === '--' || (next.startsWith('-') && next !== '-')) {
        throw new UserError(
          `option '${flag}' needs a value: ${flag} ${option.arg ?? 'VALUE'}`,
          next === undefined || next === '--' ? `run \`aac ${command} --help\`` : `to pass a value that starts with '-', write ${flag}=${next}`,
        );
      }
      inline = next;
      i++;
    }
    out.push(`${flag}=${inline}`);
  }
  return out;
}

function unknownOption(word: string, typed: string, spec: Record<string, OptionSpec>, command: string): UserError {
  const reason = ownValue(TERRAFORM_WITHOUT_MEANING, typed);
  if (reason) return new UserError(`option '${word}' is Terraform's and has no meaning for aac ${command}`, reason);
  const candidates = [...Object.keys(spec), ...Object.keys(TERRAFORM_ALIASES).filter((a) => TERRAFORM_ALIASES[a]!.option in spec)];
  const guess = closest(typed, candidates);
  const shown = guess === undefined ? undefined : TERRAFORM_ALIASES[guess] && !(guess in spec) ? `-${guess}` : `--${guess}`;
  return new UserError(
    `unknown option '${word}' for aac ${command}`,
    shown ? `did you mean '${shown}'? (run \`aac ${command} --help\` for its options)` : `run \`aac ${command} --help\` for its options`,
  );
}
