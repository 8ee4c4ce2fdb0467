// Argument parsing and wiring only: global options, --help, --version, then one command.
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createRequire } from 'node:module';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { normalizeArgs, targeting } from './cli/args.js';
import { refuseUnknownChoices, unknownValue } from './commands/choices.js';
import { suggestion } from './commands/suggest.js';
import { closest } from './yaml/suggest.js';
import { useColor } from './util/color.js';
import { COMMAND_FORMATS, type CliIO, type Command, type GlobalOptions, type OptionSpec, type OutputFormat } from './commands/command.js';
import { DEFAULT_DIR } from './model/config.js';
import { COMMANDS } from './commands/registry.js';
import { carriedWarnings, Interrupted, signalExitCode, STOP_SIGNALS, UserError } from './util/errors.js';
import { orList } from './util/words.js';
import { asksForVersion, isVersionWord, versionLine } from './version.js';
import { tuneV8ByWork, workBegins } from './util/v8-by-work.js';
import { shareTexts } from './util/shared-text.js';
import { rememberCleanTexts } from './util/redact.js';
import { allowParseCache } from './desired/parse-cache.js';
import type { SetV8Flag } from './compile-cache.cjs';
import { dirMeant, isYamlPath } from './cli/dir-hint.js';
import { foreignCommand } from './cli/foreign-commands.js';
import { optionFirstHint } from './cli/option-first.js';
import type { FilePlace } from './cli/file-place.js';
import { otherProviderHint } from './backends/other-provider-names.js';
// A script running a command line in this process through the bundle builds its IO with it.
export { captureIO } from './cli/capture-io.js';
import { isDirectory, isFilePath, isRegularFile } from './util/file-kind.js';
import { errnoWords } from './util/errno.js';
import { codeSpan } from './util/code-span.js';
import { ownValue } from './model/json.js';
import type { SignalDocumented } from './cli/signal-document.js';
import { shellWord } from './util/shell-word.js';

const require = createRequire(import.meta.url);

export const GLOBAL_OPTIONS: Record<string, OptionSpec> = {
  dir: { type: 'string', arg: 'DIR', description: 'Definitions directory (default: assistants/)' },
  // Filled in per command when help is shown (Command.formats).
  format: { type: 'string', arg: 'FORMAT', description: 'Output format' },
  provider: {
    type: 'string',
    arg: 'NAME',
    // Filled in from the registry when help is shown (providers.ts): loading every backend is not for `aac --version`.
    description: 'API host',
  },
  debug: { type: 'boolean', description: 'Log API requests to stderr (secrets redacted)' },
  'no-color': { type: 'boolean', description: 'No colour, even on a terminal' },
  help: { type: 'boolean', short: 'h', description: 'Show this help' },
};

const FORMATS: readonly OutputFormat[] = ['text', 'json', 'markdown'];

function mainHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  const lines = Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return [
    'aac — assistants as code: plan and apply assistant definitions against the Assistants API',
    '',
    'Usage: aac <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `aac help <command>` or `aac <command> --help` for a command\'s options.',
    'Options are written --name or, as in Terraform, -name (-out=FILE, -detailed-exitcode, -auto-approve, -json).',
    '`aac --version` prints the version.',
    '',
  ].join('\n');
}

function optionLines(options: Record<string, OptionSpec>): string[] {
  const entries = Object.entries(options).map(([name, o]) => {
    const flag = `${o.short ? `-${o.short}, ` : ''}--${name}${o.arg ? ` ${o.arg}` : ''}`;
    return [flag, o.description] as const;
  });
  if (entries.length === 0) return ['  (none)'];
  const width = Math.max(...entries.map(([f]) => f.length));
  return entries.map(([f, d]) => `  ${f.padEnd(width)}  ${d}`);
}

/** The backends' registry, loaded when a command needs it (never for `aac --version`). */
const registry = () => import('./backends/registry.js');

async function commandHelp(cmd: Command): Promise<string> {
  const { defaultProvider, providerNames } = await registry();
  const provider = { ...GLOBAL_OPTIONS.provider!, description: `API host: ${providerNames().join(', ')} (default: aac.yaml's, else ${defaultProvider()})` };
  const format = { ...GLOBAL_OPTIONS.format!, description: `Output format: ${orList(formatsOf(cmd))} (default: text)` };
  return [
    `Usage: ${cmd.usage}`,
    '',
    cmd.summary,
    ...(cmd.description ? ['', cmd.description.trimEnd()] : []),
    '',
    'Options:',
    ...optionLines(cmd.options),
    '',
    'Global options:',
    ...optionLines(Object.fromEntries(Object.entries({ ...GLOBAL_OPTIONS, format, provider }).filter(([name]) => name !== 'provider' || cmd.takesProvider !== false))),
    '',
  ].join('\n');
}

function toParseArgs(options: Record<string, OptionSpec>): NonNullable<ParseArgsConfig['options']> {
  const out: NonNullable<ParseArgsConfig['options']> = {};
  for (const [name, o] of Object.entries(options)) {
    out[name] = { type: o.type, ...(o.multiple ? { multiple: true } : {}), ...(o.short ? { short: o.short } : {}) };
  }
  return out;
}

const formatsOf = (cmd: Command): readonly OutputFormat[] => cmd.formats ?? COMMAND_FORMATS;

async function globalOptions(values: Record<string, unknown>, io: CliIO, cmd: Command): Promise<GlobalOptions> {
  const format = (values.format as string | undefined) ?? 'text';
  if (!FORMATS.includes(format as OutputFormat)) {
    // The command's own formats: validate's hint never offers markdown, which it then refuses.
    throw unknownValue('--format', format, formatsOf(cmd));
  }
  if (!formatsOf(cmd).includes(format as OutputFormat)) {
    throw new UserError(`aac ${cmd.name} takes --format ${orList(formatsOf(cmd))}, not '${format}'`, format === 'markdown' ? "markdown is a plan's view: `aac plan` and `aac show` draw it" : `use ${orList(formatsOf(cmd))}`);
  }
  const provider = values.provider as string | undefined;
  if (provider !== undefined) {
    const { providerNames } = await registry();
    for (const name of cmd.providerList ? provider.split(',') : [provider]) {
      if (!providerNames().includes(name)) {
        const refused = unknownValue('--provider', name, providerNames());
        const azure = otherProviderHint(name);
        throw azure === undefined ? refused : new UserError(refused.message, azure);
      }
    }
  }
  const noColor = Boolean(values['no-color']);
  return {
    dir: resolve(io.cwd, (values.dir as string | undefined) ?? DEFAULT_DIR),
    ...(values.dir === undefined ? { dirDefaulted: true as const } : {}),
    format: format as OutputFormat,
    provider,
    debug: Boolean(values.debug),
    // A json or markdown stdout is a document for a program or a PR comment: never coloured.
    color: format === 'text' && useColor(io.stdout, io.env, noColor),
    stderrColor: useColor(io.stderr, io.env, noColor),
  };
}

/** `--format json` anywhere among the words: errors are then also a JSON document on stdout. */
function wantsJson(words: readonly string[]): boolean {
  const end = words.indexOf('--');
  const options = end < 0 ? words : words.slice(0, end);
  return options.some((w, i) => w === '--format=json' || w === '-format=json' || w === '-json' || ((w === '--format' || w === '-format') && options[i + 1] === 'json'));
}

/** Runs one command line; returns the exit code. Never throws. */
export async function main(argv: string[], io: CliIO): Promise<number> {
  let json = wantsJson(argv);
  // Under --format json, what a signal that ends the run leaves on stdout (cli/signal-document.ts).
  let documented: SignalDocumented | undefined;
  try {
    const [name, ...rest] = argv;
    // `aac` alone is asking what there is (as `terraform` alone): help, and not a failure.
    if (name === undefined || name === '--help' || name === '-h' || name === '-help') {
      io.stdout.write(mainHelp());
      return 0;
    }
    if (asksForVersion(argv)) {
      io.stdout.write(versionLine());
      return 0;
    }
    if (isVersionWord(name)) {
      const { versionWithWords } = await import('./cli/version-words.js');
      io.stdout.write(versionWithWords(versionLine(), rest));
      return 0;
    }
    if (name === 'help') {
      if (rest[0] === undefined) {
        io.stdout.write(mainHelp());
        return 0;
      }
      io.stdout.write(isVersionWord(rest[0]) ? (await import('./cli/version-words.js')).VERSION_HELP : await commandHelp(await loadCommand(rest[0])));
      return 0;
    }
    // V8 as for small work from here, not from the command's first request: loading the command
    // made V8 double its young generation, which a plan of 100 definitions then filled (4 MB at its
    // peak instead of 2), and tiny work's settings found it doubled (util/v8-by-work.ts).
    if (ownValue(COMMANDS, name)?.counted) workBegins();
    // Terraform's -chdir=DIR, where DIR is a definitions directory, is --dir DIR (cli/option-first.ts chdirMeant).
    const readsDir = argv.some((w) => /^--?chdir(=|$)/.test(w)) ? await chdirReads(io.cwd) : undefined;
    const cmd = await loadCommand(name, argv, readsDir);
    // A command that writes no JSON (emulator, migrate, force-unlock) refuses `--format json` in text.
    json &&= formatsOf(cmd).includes('json');
    // An apply in a GitHub job keeps its job summary when a signal ends it, as its document.
    const summary = name === 'apply' && Boolean(io.env.GITHUB_STEP_SUMMARY);
    if (json || summary) {
      // Loaded only here: a run that leaves neither never needs it.
      const { withSignalDocument } = await import('./cli/signal-document.js');
      documented = withSignalDocument(io, name === 'apply' ? 'cancelled-apply' : 'failed', { json, summary });
      io = documented.io;
      io.onQuit(documented.ended);
    }
    const spec = { ...GLOBAL_OPTIONS, ...cmd.options };
    // A YAML file given for the definitions (kubectl's `apply -f FILE`) is placed in its directory for the hint.
    let locate: ((path: string) => FilePlace | undefined) | undefined;
    if (rest.some(isYamlPath)) {
      const { filePlace } = await import('./cli/file-place.js');
      locate = (path) => filePlace(path, io.cwd);
    }
    const { args, refused, spelled } = normalizeArgs(rest, spec, name, locate, readsDir);
    const bare = (words: string) => `aac ${words}`;
    let parsed;
    try {
      parsed = parseArgs({ args, options: toParseArgs(spec), allowPositionals: true, strict: true, tokens: true });
    } catch (err) {
      if (refused) throw refused.error(bare);
      if (err instanceof UserError) throw err;
      // normalizeArgs answers every case we know of; this is the backstop, without Node's quoting.
      throw new UserError((err as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, '').split('. ')[0]!, `run \`aac ${name} --help\``);
    }
    if (refused) {
      // The command it names reaches what this line would have: the options it gives, when they hold.
      const options = parsed.values as Record<string, never>;
      const global = await globalOptions(options, io, cmd).catch(() => undefined);
      throw refused.error(global ? (words) => suggestion({ io, global, options, positionals: parsed.positionals }, words) : bare);
    }
    if (parsed.values.help) {
      io.stdout.write(await commandHelp(cmd));
      return 0;
    }
    if (parsed.positionals.length > cmd.maxPositionals) {
      const stray = parsed.positionals[cmd.maxPositionals]!;
      // Words after --target's value (`--target assistants/b1*`, which the shell expanded into
      // `assistants/b1.yaml assistants/b10.yaml`; or two keys given to one --target).
      const extra = targetExtras(parsed.tokens, cmd.maxPositionals);
      if (extra !== undefined) {
        const files = extra.every((word) => isFilePath(resolve(io.cwd, word)) || isDirectory(resolve(io.cwd, word)));
        throw new UserError(
          `unexpected argument '${stray}' after --target ${extra[0]!}`,
          files
            ? `--target takes one key or glob, and these are the names of files here (${extra.join(', ')}): the shell expanded an unquoted glob; quote it, as ${codeSpan("--target 'support/*'")} (keys: a file's path below the definitions directory, without .yaml)`
            : `--target takes one key: repeat --target for each key (${codeSpan(extra.map((key) => `--target ${shellWord(key)}`).join(' '))})`,
        );
      }
      // `kubectl apply -f DIR|FILE` and `terraform -chdir=DIR` habits: a directory or a YAML file
      // given bare was meant as --dir.
      const path = resolve(io.cwd, stray);
      const kind = parsed.values.dir !== undefined ? undefined : isDirectory(path) ? 'directory' : isYamlPath(stray) && isFilePath(path) ? 'file' : undefined;
      // `terraform import ADDRESS ID`: aac import takes the id with --id, and makes the key itself.
      const id = kind === undefined && name === 'import' ? parsed.positionals.at(-1)! : undefined;
      // A value of an option with a list of values, given bare (`aac migrate openai-agents`): that
      // option, where the line does not give it already.
      const choice = kind === undefined && id === undefined ? Object.keys(spec).find((o) => parsed.values[o] === undefined && spec[o]!.choices?.includes(stray)) : undefined;
      const meant = kind !== undefined ? `${dirMeant(stray, kind === 'file', kind === 'file' ? locate?.(stray) : undefined, targeting(name, spec))} `
        : id !== undefined ? `did you mean ${importMeant(id, parsed.positionals.length === 1)}? aac import takes no address where terraform import takes one: the key comes from the resource's name (a file's \`key:\` sets another); `
        : choice !== undefined ? `did you mean ${codeSpan(`--${choice} ${stray}`)}? `
        : '';
      throw new UserError(`unexpected argument '${stray}'`, `${meant}usage: ${cmd.usage}`);
    }
    const global = await globalOptions(parsed.values, io, cmd);
    refuseUnknownChoices(spec, parsed.values);
    return await cmd.run({ io, global, options: parsed.values as Record<string, never>, positionals: parsed.positionals, ...(Object.keys(spelled).length > 0 ? { spelled } : {}) });
  } catch (err) {
    return await reportError(err, io, json, argv[0], documented);
  }
}

/**
 * When the first positional beyond the command's `max` comes right after a --target's value: that
 * value and the positionals from there on that follow one another, what one `--target` was given
 * more than one word of. Undefined otherwise. `tokens`: parseArgs' tokens.
 */
function targetExtras(tokens: ReturnType<typeof parseArgs>['tokens'], max: number): string[] | undefined {
  const all = tokens ?? [];
  const at = all.indexOf(all.filter((t) => t.kind === 'positional')[max]!);
  const option = all[at - 1];
  if (option?.kind !== 'option' || option.name !== 'target' || option.value === undefined) return undefined;
  const words = [option.value];
  for (let i = at; all[i]?.kind === 'positional'; i++) words.push((all[i] as { value: string }).value);
  return words;
}

/**
 * What a word given bare to import was meant as: the id of `terraform import ADDRESS ID` after an
 * address, or one of an id's form (ID_FORM); else alone either an id or a name (`--name` takes a
 * name as it is, and a Foundry agent's id is its name).
 */
function importMeant(word: string, alone: boolean): string {
  const id = codeSpan(`--id ${shellWord(word)}`);
  return alone && !ID_FORM.test(word) ? `${id} or ${codeSpan(`--name ${shellWord(word)}`)}` : id;
}

/**
 * A host's id, never a name given: `asst_…` (the Assistants API's, openai-openapi/ASSISTANTS.md,
 * and Foundry classic agents') and `agent_…` (the Agents API's, as its guide's examples show).
 */
const ID_FORM = /^(asst|agent)_[A-Za-z0-9]+$/;

/** Whether a directory given to -chdir (from `cwd`) holds an aac.yaml; the module loaded only for a line that gives one. */
async function chdirReads(cwd: string): Promise<(dir: string) => boolean> {
  const { hasConfig } = await import('./cli/file-place.js');
  return (dir) => hasConfig(resolve(cwd, dir));
}

async function loadCommand(name: string, argv: readonly string[] = [name], readsDir?: (dir: string) => boolean): Promise<Command> {
  // The word is the user's: only the table's own entries are commands (`constructor` is Object's).
  const entry = ownValue(COMMANDS, name);
  if (!entry) {
    // `aac --format json plan`: an option before the command (the kubectl and `git -C` habit).
    if (name.startsWith('-')) throw new UserError(`'${name}' is an option, where the command should be`, optionFirstHint(argv, Object.keys(COMMANDS), readsDir));
    const foreign = foreignCommand(name);
    if (foreign) throw new UserError(foreign.message, foreign.hint);
    const guess = closest(name, Object.keys(COMMANDS));
    throw new UserError(`unknown command '${name}'`, guess ? `did you mean \`aac ${guess}\`? (run \`aac --help\` to see the commands)` : 'run `aac --help` to see the commands');
  }
  return entry.load();
}

/**
 * Prints a failure (`Error: message` and its hint on stderr; with `json` also the error document on
 * stdout) and returns the exit code. `command`: the command run, if known; a failed `aac apply`
 * under GitHub Actions also says why in the job summary, where its report would have been.
 */
async function reportError(err: unknown, io: CliIO, json: boolean, command?: string, documented?: SignalDocumented): Promise<number> {
  if (err instanceof Interrupted) {
    io.stderr.write(`\naac: ${err.message}\n`);
    // The lock objects it could not remove as it stopped, said on stderr as it happened.
    if (documented) {
      const { withoutCredentials } = await import('./backends/registry.js');
      documented.ended(err.signal, withoutCredentials([...err.left, ...carriedWarnings(err).map((w) => w.message)], io.env));
    }
    return err.exitCode;
  }
  // Failed from here: a quit before this report is written (its modules still loading) leaves this
  // failure's document and job summary, as a quit of a run that failed in its command does.
  io.documentOnSignal({ error: err });
  // Loaded only now: the registry it redacts with knows the variables that hold credentials.
  const { failureOf, failureJson } = await import('./render/failure.js');
  const failure = failureOf(err, io.env);
  const { known, message, hint } = failure;
  if (known) {
    io.stderr.write(`Error: ${message}\n`);
    if (hint) io.stderr.write(`  ${hint}\n`);
  } else {
    // A bug, not bad input: say so plainly, without a stack trace unless asked for.
    io.stderr.write(`Error: internal error: ${message}\n  please report this; run with AAC_STACK=1 for details\n`);
    if (io.env.AAC_STACK && failure.stack !== undefined) io.stderr.write(`${failure.stack}\n`);
  }
  if (json) io.stdout.write(failureJson(failure));
  if (command === 'apply') {
    const [{ addJobSummary }, { applyFailureMarkdown }] = await Promise.all([import('./commands/job-summary.js'), import('./render/apply-report.js')]);
    addJobSummary(io, () => applyFailureMarkdown(failure));
    // Written: a quit from now on leaves no second one.
    io.documentOnSignal('failed');
  }
  return 1;
}


/**
 * A stop signal this soon after the first, ms, is the same request delivered twice, not a person
 * asking to quit now: a signal sent to a process and to its process group (coreutils `timeout`, a
 * CI runner cancelling a job) reaches aac a second time through whatever started it (`npx`, npm,
 * a shell that forwards it) within milliseconds, and quitting then left the lock behind and the
 * writes unreported. A person pressing Ctrl-C again takes longer than this. Counted from when the
 * first is heard: two heard in one turn of the event loop (they came together, or while the main
 * thread was busy) are one, as the kernel makes them when the second comes before the first is
 * delivered (a signal pending twice is delivered once).
 */
const SAME_DELIVERY_MS = 250;

export function processIO(): CliIO {
  const controller = new AbortController();
  let finishing = false;
  let notice = '';
  // Until a command has work in flight to finish (apply's writes, the emulator's connections), an
  // interrupt stops it at once: loading, planning and reading have nothing to leave half done. The
  // main thread stays free to hear this while files are parsed: large parses run on other threads.
  // One that comes while the main thread is busy is heard when it next waits, at the latest at the
  // command's point of no return (commands/point-of-no-return.ts), before anything is written.
  let firstAt = 0;
  const tellers = new Set<() => string | undefined>();
  // What a quit now leaves (CliIO.leftOnQuit), a line each; a teller that throws says nothing
  // rather than keep the process from ending.
  const leftBehind = () => [...tellers].map((tell) => {
    try {
      return tell();
    } catch {
      return undefined;
    }
  }).filter((line) => line !== undefined);
  // Told as the process quits at once (CliIO.onQuit): the --format json document.
  let hearQuit: ((signal: NodeJS.Signals, left: readonly string[]) => void) | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    // A hang-up comes again (the shell forwards it, then the terminal's own): no person asking to quit now.
    if (finishing && controller.signal.aborted && signal === 'SIGHUP') return;
    if (finishing && controller.signal.aborted && performance.now() - firstAt < SAME_DELIVERY_MS) return;
    if (!finishing || controller.signal.aborted) {
      const left = leftBehind();
      process.stderr.write(`\naac: interrupted (${signal})\n${left.map((line) => `aac: ${line}\n`).join('')}`);
      try {
        hearQuit?.(signal, left);
      } catch {
        // Nothing more to say: the process ends all the same.
      }
      process.exit(signalExitCode(signal));
    }
    if (notice) process.stderr.write(`\nReceived ${signal}: ${notice}\n`);
    firstAt = performance.now();
    controller.abort(new Interrupted(signal));
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  let toldStdout = false;
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err: NodeJS.ErrnoException) => {
      // Standard output on a full disk (ENOSPC) or a failing device: said once, on stderr, so an
      // exit 1 is not taken for the API's refusal. A closed pipe is the reader's choice (below).
      if (stream === process.stdout && err.code !== 'EPIPE' && !toldStdout) {
        toldStdout = true;
        process.stderr.write(`Error: cannot write to standard output: ${errnoWords(err)}${err.code ? ` (${err.code})` : ''}; what aac meant to print there is lost\n`);
      }
      // A run finishing its writes and removing its lock goes on without its output (a closed
      // terminal answers EIO, a closed pipe EPIPE): stopping here would leave the lock behind.
      if (finishing) return;
      // `aac plan | head` closes the pipe early: that is the reader's choice, not an error to report.
      process.exit(err.code === 'EPIPE' ? (Number(process.exitCode) || 0) : 1);
    });
  }
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    stdoutIsFile: isRegularFile(1),
    // Looked at when a command would ask (confirm.ts): process.stdin is made on first use, which
    // costs a run that asks nothing (validate, plan) about a millisecond.
    get interactive() {
      return Boolean(process.stdin.isTTY && process.stderr.isTTY);
    },
    async prompt(question) {
      // A signal ends the question (and the run) even while readline holds the terminal, which
      // then reads Ctrl-C typed as \x03 rather than as a signal.
      if (controller.signal.aborted) throw controller.signal.reason;
      // Asked on stderr whatever the format: stdout carries only the command's output (a JSON
      // document with --format json), never a question.
      // Required here, not imported: only a question needs readline.
      const { createInterface } = require('node:readline/promises') as typeof import('node:readline/promises');
      const rl = createInterface({ input: process.stdin, output: process.stderr });
      // A terminal closed under the question ends its input, and readline, closing, fails to
      // restore the terminal's mode (EIO): the question is left unanswered, which is no crash.
      rl.on('error', () => undefined);
      // On a terminal readline reads a typed Ctrl-C as a key, no signal reaching the process: it
      // is the same SIGINT for all that (README, Exit codes), and ends the question as one does.
      rl.on('SIGINT', () => onSignal('SIGINT'));
      const answered = rl.question(question, { signal: controller.signal });
      // Readline closed by the end of input (Ctrl-D, a closed terminal) leaves the question
      // pending, and the process would end with nothing left to wait for: its lock kept.
      const unanswered = new Promise<string>((resolve) => rl.once('close', () => resolve('')));
      try {
        const answer = await Promise.race([answered, unanswered]);
        if (controller.signal.aborted) throw controller.signal.reason;
        return answer;
      } catch (err) {
        if (controller.signal.aborted) throw controller.signal.reason;
        // Ctrl-D at the question is a refusal to answer, not a crash.
        if ((err as NodeJS.ErrnoException).code === 'ABORT_ERR') return '';
        throw err;
      } finally {
        answered.catch(() => undefined);
        rl.close();
      }
    },
    signal: controller.signal,
    finishOnInterrupt(what) {
      finishing = true;
      notice = what;
    },
    leftOnQuit(tell) {
      tellers.add(tell);
      return () => tellers.delete(tell);
    },
    onQuit(hear) {
      hearQuit = hear;
    },
    documentOnSignal: () => undefined,
  };
}

/**
 * Runs the command line of this process (`process.argv`) and sets its exit code: what the `aac`
 * program does (src/launch.cts). Not for tests that call main() in-process: it changes the
 * process's V8 settings and signal handlers. `setV8Flag`: how V8's flags are changed, when
 * something must know (the compile cache, src/compile-cache.cts). `parseCache`: the build's id
 * (dist/bin/build-id) and where the parsed definitions are kept between runs
 * (src/desired/parse-cache.ts), made on first use; given only by the bundle, which has a build id.
 */
export function runAsProgram(setV8Flag?: SetV8Flag, parseCache?: { build: string; directory: () => string | undefined }): void {
  // V8's settings chosen by the size of the work (util/v8-by-work.ts).
  tuneV8ByWork(setV8Flag);
  // Equal instructions of a definition and its live copy held once (util/shared-text.ts), and searched for credentials once (util/redact.ts).
  shareTexts();
  rememberCleanTexts();
  // The credentials kept out of it: the registry's list, loaded once a cache is opened (a command that loads definitions loads the registry anyway).
  if (parseCache) allowParseCache(parseCache.directory, parseCache.build, async () => (await import('./backends/registry.js')).credentialsIn(process.env).map((c) => c.value));
  const io = processIO();
  main(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
    // Signal handlers must not keep a finished process alive.
    for (const signal of STOP_SIGNALS) process.removeAllListeners(signal);
    // Ended here rather than when the event loop empties: that way Node gives V8's heap back a
    // page at a time first, ~50 ms after a plan of 10,000 was printed (~900 pages of 256 KB to
    // unmap). process.exit runs the 'exit' handlers (the caches' writes) and skips only that.
    whenFlushed(() => process.exit(code));
  });
}

/**
 * Calls `done` once standard output and error have taken everything written to them: at once on
 * Linux, where both are synchronous; later for a pipe on macOS, whose writes are not (Node's
 * process.stdout, "A note on process I/O"). A turn later, so that a stream's failure is handled
 * first (processIO's handler says it and sets the exit).
 */
function whenFlushed(done: () => void): void {
  let left = 2;
  for (const stream of [process.stdout, process.stderr]) {
    stream.write('', () => {
      left -= 1;
      if (left === 0) setImmediate(done);
    });
  }
}

/**
 * Whether this module is the program Node was given (`node dist/cli.js …`, tsc's output of this
 * file, or `node dist/bin/cli.js …`, the bundle of it, whose import.meta.url is its own file:
 * scripts/bundle.mjs) rather than a module loaded by the launcher (dist/bin/aac.js, package.json's
 * `bin`) or by a test. Compared by real path, as Node resolves a module's URL.
 */
function ranDirectly(): boolean {
  const given = process.argv[1];
  if (given === undefined || !/cli\.[cm]?js$/.test(given)) return false;
  try {
    return pathToFileURL(realpathSync(given)).href === import.meta.url;
  } catch {
    return false;
  }
}

// Run directly, this file is the CLI all the same (without the launcher's compile and parse
// caches): doing nothing and exiting 0 would read as a command that succeeded, in a script or CI.
if (ranDirectly()) runAsProgram();
