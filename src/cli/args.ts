// Command-line words → parseArgs input, with Terraform's habits accepted and every mistake
// answered in our words: parseArgs' own messages quote raw argv and nest quotes, and say nothing
// of the option the user probably meant.
import { closest } from '../yaml/suggest.js';
import { dirMeant, isYamlPath } from './dir-hint.js';
import type { FilePlace } from './file-place.js';
import { noForcedRecreate } from './foreign-commands.js';
import { chdirMeant } from './option-first.js';
import type { OptionSpec } from '../commands/command.js';
import { UserError } from '../util/errors.js';
import { ownValue } from '../model/json.js';
import { andList } from '../util/words.js';
import { ASKING_COMMANDS } from '../commands/confirm.js';
import { LOCKING_COMMANDS } from '../commands/lock-option.js';
import { COMMANDS } from '../commands/registry.js';
import { codeSpan } from '../util/code-span.js';
import { pathWord, shellWord } from '../util/shell-word.js';

/**
 * Terraform's spellings that mean the same as an aac option: `-auto-approve` is `--yes`,
 * `-json` is `--format json`, `-parallelism=N` is `--concurrency N`, `force-unlock -force` (skip
 * the question) is `--yes`. Applied only where the command has the aac option (and is among
 * `commands`, when given), so `aac validate -auto-approve` is still refused.
 */
const TERRAFORM_ALIASES: Record<string, { option: string; value?: string; commands?: readonly string[] }> = {
  'auto-approve': { option: 'yes' },
  json: { option: 'format', value: 'json' },
  parallelism: { option: 'concurrency' },
  force: { option: 'yes', commands: ['force-unlock'] },
};

/** Whether Terraform's `alias` stands for an option of `command` (whose options are `spec`). */
const aliasApplies = (alias: { option: string; commands?: readonly string[] }, spec: Record<string, OptionSpec>, command: string): boolean =>
  Object.hasOwn(spec, alias.option) && (alias.commands === undefined || alias.commands.includes(command));

/** Which commands take the namespace's lock and which do not, from the one list of those that do. */
const LOCK_TAKERS = `only ${andList(LOCKING_COMMANDS.map((c) => `${codeSpan(`aac ${c}`)}`))} ${LOCKING_COMMANDS.length === 1 ? 'takes' : 'take'} the lock (${andList(Object.keys(COMMANDS).filter((c) => !LOCKING_COMMANDS.includes(c)))} do not): drop it`;

/** Terraform's flags that name a state file, which aac has none of. */
const NO_STATE = "aac keeps no state file: every plan reads the live resources, which carry aac's marker: drop it";

/** terraform validate's test-file flags: aac has no test files. */
const NO_TESTS = '`aac validate` checks the definitions against the schema and the API limits, and reads no test files; the emulator plans and applies without a host: drop it';

/** `aac <words>` with the run's options (commands/suggest.ts suggestion), for a reason that names a command to run. */
export type Suggest = (words: string) => string;

/**
 * Terraform's flags that have no aac meaning, each with why and what to do instead: refused (a
 * flag silently ignored would let a script believe it had an effect), but with the reason, since
 * these are the ones a Terraform script passes out of habit. Only where the command has no
 * option of that name (`aac apply -lock=false` is apply's own). A reason that names a command to
 * run is a function of `suggest`, so the command carries the options the rest of the line gives.
 */
const TERRAFORM_WITHOUT_MEANING: Record<string, string | ((suggest: Suggest, command: string, value?: string, readsDir?: (dir: string) => boolean) => string)> = {
  input: `aac asks for nothing but the confirmation of ${andList(ASKING_COMMANDS.map((c) => `aac ${c}`))}, and never without a terminal (pass --yes there): drop it`,
  lock: LOCK_TAKERS,
  'lock-timeout': LOCK_TAKERS,
  refresh: 'a plan always reads the live resources (there is no state file to trust instead): drop it',
  'refresh-only': 'a plan always reads the live resources and shows their drift beside what would change: drop it',
  var: 'values come from the environments in aac.yaml (`environments:` with `variables:`), chosen with --env',
  'var-file': 'values come from the environments in aac.yaml (`environments:` with `variables:`), chosen with --env',
  // As option-first.ts says it before the command: one meaning of -chdir, wherever it is typed.
  chdir: (suggest, command, dir, readsDir) => chdirMeant(suggest(command), dir, '', readsDir),
  state: NO_STATE,
  'state-out': NO_STATE,
  backup: NO_STATE,
  'generate-config-out': (suggest) => `${codeSpan(suggest('import'))} writes a definition for each live resource aac does not manage yet (${codeSpan(suggest('import --dry-run'))} lists them first)`,
  destroy: (suggest) => `remove the definitions and run ${codeSpan(suggest('apply --prune'))} (the plan lists each delete)`,
  // Where the command has --concurrency, -parallelism is that (TERRAFORM_ALIASES); elsewhere nothing is written.
  parallelism: (_, command) => `aac ${command} sends no writes; -parallelism is \`aac apply --concurrency N\` (the writes in flight at once): drop it`,
  replace: (suggest) => noForcedRecreate(codeSpan(suggest('apply --prune --target KEY'))),
  'compact-warnings': 'aac prints each warning once, at its file, line and column with its hint, and has no shorter form: drop it',
  // terraform validate's test files (Terraform 1.6+); aac has none to skip or to find elsewhere.
  'no-tests': NO_TESTS,
  'test-directory': NO_TESTS,
  // terraform import's: the configuration's directory, and a resource block it may lack.
  config: (_, __, dir) => `Terraform's -config names the configuration's directory; aac's definitions directory is ${codeSpan(`--dir ${dir ? pathWord(dir) : 'DIR'}`)}`,
  'allow-missing-config': (suggest) => `${codeSpan(suggest('import'))} writes each definition itself; there is no resource block to write first: drop it`,
  'ignore-remote-version': 'aac has no remote workspace whose Terraform version a run must match: drop it',
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
 * takes, or throws a UserError naming the word and the fix. A Terraform flag with no aac meaning
 * is left out and returned as `refused`, for the caller to refuse once the other words are parsed
 * (its fix may name a command, which must carry the run's options).
 *
 * - `--name` and `-name` (Terraform's single dash) are the same long option; `-name=value` too.
 * - A single dash followed by letters that are all short options (`-yh`) stays a group of them.
 * - An unknown option gets "did you mean"; a string option without a value or with an empty one
 *   (`--dir ""`), or a boolean with one other than Go's true and false (GO_BOOLEANS), is refused
 *   with the option's usage.
 * - Words after `--` are positionals, untouched.
 *
 * `locate` (cli/file-place.ts filePlace, given by the caller, as this module reads no disk) places
 * a YAML file given with kubectl's `-f` in its definitions directory; `readsDir` (file-place.ts
 * hasConfig, likewise) says whether Terraform's `-chdir=DIR` names a definitions directory.
 */
export function normalizeArgs(argv: readonly string[], spec: Record<string, OptionSpec>, command: string, locate?: (path: string) => FilePlace | undefined, readsDir?: (dir: string) => boolean): NormalizedArgs {
  const shorts = new Map(Object.entries(spec).flatMap(([name, o]) => (o.short ? [[o.short, name] as const] : [])));
  const out: string[] = [];
  const spelled: Record<string, string> = {};
  let refused: RefusedFlag | undefined;
  try {
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
      if (!Object.hasOwn(spec, typed) && alias && aliasApplies(alias, spec, command)) {
        name = alias.option;
        spelled[name] = eq < 0 ? word : word.slice(0, word.indexOf('='));
        if (alias.value !== undefined) {
          if (inline !== undefined) throw new UserError(`option '${word}' takes no value`, `write '${word.slice(0, word.indexOf('='))}'`);
          inline = alias.value;
        }
      }
      const option = ownValue(spec, name);
      const reason = option ? undefined : ownValue(TERRAFORM_WITHOUT_MEANING, typed);
      if (reason !== undefined) {
        refused ??= refusal(word, reason, command, "Terraform's", inline, readsDir);
        continue;
      }
      const kubectl = option ? undefined : ownValue(KUBECTL_WITHOUT_MEANING, typed);
      if (kubectl?.commands.includes(command)) {
        refused ??= refusal(word, kubectl.reason, command, "kubectl's");
        continue;
      }
      if (!option && (typed === 'f' || typed === 'filename') && Object.hasOwn(spec, 'dir')) throw kubectlFile(word, inline ?? argv[i + 1], command, spec, locate);
      if (!option) throw unknownOption(word, typed, spec, command, inline ?? argv[i + 1]);
      const flag = `--${name}`;
      if (option.type === 'boolean') {
        const on = inline === undefined ? true : ownValue(GO_BOOLEANS, inline);
        if (on === undefined) throw new UserError(`option '${flag}' takes no value (got '${word}')`, `write '${flag}' alone (or '${flag}=true', '${flag}=false', as Terraform takes them)`);
        if (on) out.push(flag);
        continue;
      }
      if (inline === undefined) {
        const next = argv[i + 1];
        // A value that looks like an option is more often a forgotten value than a real one. A
        // negative number (`--latency -5`) is the value meant: no option is a digit, and it is
        // then refused once, for its range, not first told to be written `--latency=-5`.
        if (next === undefined || next === '--' || (next.startsWith('-') && next !== '-' && !/^-\.?\d/.test(next))) {
          throw new UserError(
            `option '${flag}' needs a value: ${flag} ${option.arg ?? 'VALUE'}`,
            next === undefined || next === '--' ? `run ${codeSpan(`aac ${command} --help`)}` : `to pass a value that starts with '-', write ${flag}=${next}`,
          );
        }
        inline = next;
        i++;
      }
      // Set but empty is a mistake, never a wish for the default (util/empty-variable.ts says the
      // same of AAC_NAMESPACE): `--dir "$DIR"` with DIR unset would plan the working directory.
      if (inline === '') {
        const as = spelled[name] ?? flag;
        throw new UserError(`option '${as}' is empty: ${as} ${option.arg ?? 'VALUE'} (a variable that expanded to nothing?)`, `give ${as} a value, or leave the option out`);
      }
      out.push(`${flag}=${inline}`);
    }
  } catch (err) {
    // The first mistake on the line is the one reported: a Terraform flag before it wins.
    if (refused) return { args: out, refused, spelled };
    throw err;
  }
  return { args: out, spelled, ...(refused ? { refused } : {}) };
}

/** A Terraform flag with no aac meaning (TERRAFORM_WITHOUT_MEANING), its error made once the rest of the line is read. */
export interface RefusedFlag {
  /** The refusal, any command it names built by `suggest` (with the run's options, when the line parsed). */
  error(suggest: Suggest): UserError;
}

/** normalizeArgs' answer: the words for parseArgs, and the first Terraform flag refused, left out of them. */
export interface NormalizedArgs {
  args: string[];
  refused?: RefusedFlag;
  /** By aac option name, the Terraform spelling that gave it, as typed (`concurrency` → `-parallelism`): what a message about its value names. */
  spelled: Record<string, string>;
}

/** `value`: what the flag was given with `=`, for a reason that says it back (`-chdir=infra`). */
function refusal(word: string, reason: string | ((suggest: Suggest, command: string, value?: string, readsDir?: (dir: string) => boolean) => string), command: string, whose = "Terraform's", value?: string, readsDir?: (dir: string) => boolean): RefusedFlag {
  return { error: (suggest) => new UserError(`option '${word}' is ${whose} and has no meaning for aac ${command}`, typeof reason === 'string' ? reason : reason(suggest, command, value, readsDir)) };
}

/**
 * kubectl's `-f PATH` (`--filename`): aac reads the definitions of one directory, given with --dir.
 * `value`: the word given with it, if any; a YAML file is taken as a file (this module reads no
 * disk), anything else as a directory.
 */
function kubectlFile(word: string, value: string | undefined, command: string, spec: Record<string, OptionSpec>, locate?: (path: string) => FilePlace | undefined): UserError {
  const path = value === undefined || value.startsWith('-') ? undefined : value;
  const file = path !== undefined && isYamlPath(path);
  return new UserError(
    `option '${word}' is kubectl's: aac ${command} reads the definitions of a directory, given with --dir`,
    path === undefined ? 'give it with `--dir DIR`' : dirMeant(path, file, file ? locate?.(path) : undefined, targeting(command, spec)),
  );
}

/** What `--target` does to the keys it names in `command` (whose options are `spec`): `plans`, `applies`; undefined where it has none. */
export function targeting(command: string, spec: Record<string, OptionSpec>): string | undefined {
  if (!Object.hasOwn(spec, 'target')) return undefined;
  return command === 'apply' ? 'applies' : 'plans';
}

/**
 * Other names for an aac option that a user brings from elsewhere, with what to say of each: the
 * GitHub Action's and reusable workflows' input `environment(s)` is `--env`, and Terraform's
 * workspaces are what aac's environments are; kubectl's and Atlantis' flags likewise. Too far from
 * the option's name for "did you mean".
 */
const OTHER_NAMES: Record<string, { option: string; why: string }> = {
  environment: { option: 'env', why: "the Action's input 'environment' is --env on the command line" },
  environments: { option: 'env', why: "a run plans one environment: the Action's input 'environments' is one run a --env" },
  workspace: { option: 'env', why: "aac.yaml's environments are what Terraform's workspaces are" },
  n: { option: 'namespace', why: "kubectl's -n is aac's --namespace, the scope of the resources a directory manages" },
  o: { option: 'format', why: "kubectl's -o is aac's --format" },
  output: { option: 'format', why: "kubectl's --output is aac's --format" },
  v: { option: 'debug', why: "kubectl's -v (and Terraform's TF_LOG) is aac's --debug, which logs each API request to stderr" },
  verbose: { option: 'debug', why: 'it logs each API request to stderr' },
  context: { option: 'env', why: "kubectl's --context picks the cluster a run reaches; aac.yaml's environments each name theirs, and --env picks one" },
  k: { option: 'env', why: "kubectl's -k applies a kustomization's overlay; aac's overlays are an environment's (overlays/<env>/), applied with --env" },
  kustomize: { option: 'env', why: "kubectl's --kustomize applies a kustomization's overlay; aac's overlays are an environment's (overlays/<env>/), applied with --env" },
  l: { option: 'target', why: "kubectl's -l selects resources by label; aac selects them by key, with * and ? as globs (--target 'support/*')" },
  selector: { option: 'target', why: "kubectl's --selector selects resources by label; aac selects them by key, with * and ? as globs (--target 'support/*')" },
  // Atlantis' comment commands (`atlantis plan -d DIR -w WORKSPACE`).
  d: { option: 'dir', why: "Atlantis' -d names the directory a run reads, aac's definitions directory" },
  w: { option: 'env', why: "Atlantis' -w names a Terraform workspace, which aac.yaml's environments are" },
};

/** `-R`/`--recursive`: aac reads every folder below the definitions directory, on each command that reads one. */
const RECURSIVE = {
  commands: ['apply', 'plan', 'validate', 'import', 'migrate'],
  reason: () => 'aac reads every folder below the definitions directory already (given with --dir; kubectl\'s -f is --dir): drop it',
};
/** `--server-side`, `--force-conflicts`: kubectl's server-side apply, which field managers need; aac has one writer a namespace (its lock). */
const SERVER_SIDE = {
  commands: ['apply', 'plan'],
  reason: () => 'aac computes each change from the definitions and the live state, one apply at a time in a namespace (its lock): there are no field managers to take over and no conflicts to force: drop it',
};

/**
 * kubectl's flags with no aac meaning, refused with what aac does instead, as TERRAFORM_WITHOUT_MEANING
 * refuses Terraform's, on `commands`: `--dry-run` (`=client`, `=server`: aac's dry run is a command
 * of its own, `aac plan`, which reads the live resources and writes nothing; refused on those that
 * would otherwise apply, and those that write nothing), and the habits of `kubectl apply -R -f DIR
 * --prune --all --server-side --validate=false`, each a bare "unknown option" before (or, for
 * `--all`, a "did you mean '--allow-empty'?", which empties nothing of the kind).
 */
const KUBECTL_WITHOUT_MEANING: Record<string, { commands: readonly string[]; reason: (suggest: Suggest, command: string) => string }> = {
  R: RECURSIVE,
  recursive: RECURSIVE,
  all: {
    commands: ['apply', 'plan'],
    reason: () => 'kubectl\'s --prune needs --all or a selector to say what it may delete; aac\'s --prune deletes only what its marker says this namespace manages, every such orphan: drop --all',
  },
  'server-side': SERVER_SIDE,
  'force-conflicts': SERVER_SIDE,
  validate: {
    commands: ['apply', 'plan'],
    reason: (suggest) => `aac checks the definitions on every run and never sends one that fails (${codeSpan(suggest('validate'))} checks them alone): drop it`,
  },
  'dry-run': {
    commands: ['apply', 'plan', 'validate', 'show', 'environments'],
    reason: (suggest, command) =>
      command === 'apply'
        ? `aac's dry run is ${codeSpan(suggest('plan'))}: it prints what aac apply would change and writes nothing (${codeSpan(suggest('plan --out plan.json'))} saves it for ${codeSpan('aac apply plan.json')})`
        : `aac ${command} writes nothing (it is a dry run already): drop it`,
  },
};

/**
 * Options a command takes as its arguments instead, with what they name: `aac environments --env
 * dev` (the habit of every other command) is `aac environments dev`.
 */
const AS_ARGUMENTS: Record<string, { option: string; what: string }> = {
  environments: { option: 'env', what: 'the environments to list' },
};

/**
 * Options of other commands a command has no use for, by command, each with what it does instead:
 * the emulator chooses no environment (`--env prod`, to stand in for prod), but is prod's stand-in
 * when it listens at prod's endpoint (commands/emulator.ts environmentServed).
 */
const INSTEAD: Record<string, Record<string, string>> = {
  emulator: { env: 'the emulator stands in for the environment whose endpoint: is its address: start it with the --port that endpoint names (its `Point aac at it:` line then names that environment)' },
};

function unknownOption(word: string, typed: string, spec: Record<string, OptionSpec>, command: string, value: string | undefined): UserError {
  const instead = ownValue(INSTEAD, command);
  const why = instead === undefined ? undefined : ownValue(instead, typed);
  if (why !== undefined) return new UserError(`unknown option '${word}' for aac ${command}`, why);
  const asArgument = ownValue(AS_ARGUMENTS, command);
  if (asArgument && asArgument.option === typed) {
    const example = value === undefined || value.startsWith('-') ? 'NAME' : shellWord(value);
    return new UserError(`unknown option '${word}' for aac ${command}`, `name ${asArgument.what} as arguments: ${codeSpan(`aac ${command} ${example}`)} (run ${codeSpan(`aac ${command} --help`)} for its options)`);
  }
  const other = ownValue(OTHER_NAMES, typed);
  // kubectl's `-o json` is a format; `-o plan.json` is Terraform's -out, where the command saves a plan.
  const meant = typed === 'o' && Object.hasOwn(spec, 'out') && value !== undefined && !/^[a-z]+$/.test(value) ? { option: 'out', why: "Terraform's -out, which aac spells as it does" } : other;
  if (meant && Object.hasOwn(spec, meant.option)) {
    return new UserError(`unknown option '${word}' for aac ${command}`, `did you mean '--${meant.option}'? (${meant.why}; run ${codeSpan(`aac ${command} --help`)} for its options)`);
  }
  // -out saves a plan, so it is plan's: an apply of a saved plan names the file as its argument.
  if (typed === 'out' && command === 'apply' && !Object.hasOwn(spec, 'out')) {
    const file = value === undefined || value.startsWith('-') ? 'plan.json' : shellWord(value);
    return new UserError(`unknown option '${word}' for aac apply`, `-out saves a plan, with aac plan: ${codeSpan(`aac plan --out ${file}`)}, then ${codeSpan(`aac apply ${file}`)} applies that plan as saved`);
  }
  const candidates = [...Object.keys(spec), ...Object.keys(TERRAFORM_ALIASES).filter((a) => aliasApplies(TERRAFORM_ALIASES[a]!, spec, command))];
  const guess = closest(typed, candidates);
  const shown = guess === undefined ? undefined : TERRAFORM_ALIASES[guess] && !(guess in spec) ? `-${guess}` : `--${guess}`;
  return new UserError(
    `unknown option '${word}' for aac ${command}`,
    shown ? `did you mean '${shown}'? (run ${codeSpan(`aac ${command} --help`)} for its options)` : `run ${codeSpan(`aac ${command} --help`)} for its options`,
  );
}
