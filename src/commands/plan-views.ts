// What `aac plan` and `aac show` share: reading a saved plan file and one switch from --format to
// a renderer, so a saved plan shows exactly as it did when it was made.
import { refuseDash } from './dash.js';
import { resolve } from 'node:path';
import { closeSync, openSync, readSync } from 'node:fs';
import { DEFAULT_DIR } from '../model/config.js';
import type { Diagnostic, RunWarning } from '../model/diagnostic.js';
import type { MadePlan, Plan } from '../model/plan.js';
import { parsePlanFile, planMadeWith, type Remake } from '../plan/plan-file.js';
import { binaryDocument, otherDocument } from '../plan/other-documents.js';
import { renderPlanJson } from '../render/json.js';
import { renderPlanMarkdown } from '../render/markdown.js';
import { renderPlanText } from '../render/text.js';
import { UserError } from '../util/errors.js';
import { readRegularText } from '../util/read-regular.js';
import { isDirectory } from '../util/file-kind.js';
import type { CommandContext } from './command.js';
import { pathWord } from '../util/shell-word.js';
import { runFlags, suggestion } from './suggest.js';
import { codeSpan } from '../util/code-span.js';
import { plannedWith } from '../render/command-line.js';
import { targetsOf } from './target-option.js';
import { ENV_VARIABLE, namedEnvironment } from '../environments/select.js';
import { setButEmpty } from '../util/empty-variable.js';

export interface ViewOptions {
  maxChars?: number;
  /** The run's warnings, which markdown lists (a pull-request comment); the text view has them on stderr already. */
  warnings?: readonly Diagnostic[];
  /** The run's warnings of what it was given (RunWarning), listed by markdown as `warnings` are. */
  runWarnings?: readonly RunWarning[];
}

/** The plan `aac plan` made, in the command's --format. */
export function renderPlan(ctx: CommandContext, plan: MadePlan, opts: ViewOptions = {}): string {
  return ctx.global.format === 'json' ? renderPlanJson(plan) : renderPlanView(ctx, plan, opts);
}

/**
 * A plan, made now or read from a file, in the command's --format as a person reads it: markdown,
 * else text. A saved plan's json is its file as written (`aac show`), never a document made again.
 */
export function renderPlanView(ctx: CommandContext, plan: Plan, opts: ViewOptions = {}): string {
  return ctx.global.format === 'markdown' ? renderPlanMarkdown(plan, { ...opts, flags: runFlags(ctx) }) : renderPlanText(plan, { color: ctx.global.color, flags: runFlags(ctx) });
}

/**
 * Reads and checks a plan file made by `aac plan --out`, for `command`; a missing or damaged file is a UserError
 * naming it, whose hint is the command that makes it, with the run's options. A file a
 * definitions directory reads (a definition, its aac.yaml), given by a slip where a plan was
 * wanted, is said to be one: the command that makes a plan would refuse to write there.
 * Returns the plan and the file's text: `aac show --format json` prints that document itself, as
 * it was written (a file of an earlier 1.x keeps its own format_version and fields).
 */
export async function readPlanFile(ctx: CommandContext, file: string, command: 'show' | 'apply'): Promise<{ plan: Plan; text: string }> {
  if (file === '') throw new UserError(`the plan file given to aac ${command} is empty (a variable that expanded to nothing?)`, 'name the file saved by `aac plan --out plan.json`');
  refuseDash(file, 'the plan file', `aac ${command} reads a plan saved by \`aac plan --out plan.json\`: name that file`);
  const path = resolve(ctx.io.cwd, file);
  const text = readRegularText(path);
  const made = typeof text === 'string' ? planMadeWith(text) : {};
  const there = madeIn(ctx, made.dir);
  const words = `plan ${plannedWith(givenPlanning(ctx))}--out ${pathWord(file)}`;
  if (typeof text !== 'string') {
    // Only a missing file is made by `aac plan --out`: it cannot write over a directory or a FIFO.
    // A byte that is not UTF-8 (not a UTF-16 file's mark, which `>` in PowerShell writes): no plan
    // of aac's, damaged or not, so no "save it as UTF-8" but the plan to make.
    if (text.code === 'not-utf8' && text.at !== undefined) throw await otherDocumentRefusal(ctx, `${file} is ${binaryDocument(fileHead(path))}`, path, command);
    if (text.code !== 'file-not-found') throw new UserError(`cannot read the plan file ${file}: ${text.reason}`, (await definitionsDirHint(ctx, path, command)) ?? text.hint);
    const remake = await suggestedRun(there, words, made.environment);
    throw new UserError(`cannot read the plan file ${file}: ${text.reason}`, `make one${remake.aside === '' ? '' : ' for the environment it is to apply in'} with ${codeSpan(remake.command)}${remake.aside}`);
  }
  // The plan to make again, as the file says it was made (a file cut short keeps that), needs
  // aac.yaml only where it names no environment: read on refusal alone, the file parsed again then.
  const bare = { command: suggestion(there, words, made.environment), aside: '' };
  try {
    return { plan: parsePlanFile(text, file, bare), text };
  } catch (err) {
    if (!(err instanceof UserError)) throw err;
    const other = (await otherDocumentError(ctx, text, path, file, command)) ?? (await readByDefinitionsDirectory(ctx, path, file, command));
    if (other) throw other;
    const remake = await suggestedRun(there, words, made.environment);
    if (remake.aside !== '') parsePlanFile(text, file, remake);
    throw err;
  }
}

/** `ctx` in the definitions directory `dir` (as a plan file records it, relative to the working directory), or as it is without one. */
function madeIn(ctx: CommandContext, dir: string | undefined): CommandContext {
  return dir === undefined ? ctx : { ...ctx, global: { ...ctx.global, dir: resolve(ctx.io.cwd, dir) } };
}

/**
 * The aac command of `words` (`plan --out p.json`, `apply`) that a refusal suggests, run in
 * `there`'s definitions directory with its flags (suggestion; `environment`: the one a plan file
 * says it was made in). Where no environment is named — not `environment`, not this run's `--env`
 * or AAC_ENV — and that directory's aac.yaml declares some, the command would be refused without
 * one (select.ts requireEnvironment): it then takes `--env NAME`, and the aside names those declared.
 */
async function suggestedRun(there: CommandContext, words: string, environment?: string): Promise<Remake> {
  const command = suggestion(there, words, environment);
  if (environment !== undefined || chosenEnvironment(there) !== undefined) return { command, aside: '' };
  const { loadProjectConfig } = await import('../config/index.js');
  const loaded = await loadProjectConfig(there.global.dir, { cwd: there.io.cwd, provider: there.global.provider }).catch(() => undefined);
  const declared = loaded?.environments.environments.map((e) => e.name) ?? [];
  return declared.length === 0 ? { command, aside: '' } : { command: `${command} --env NAME`, aside: ` (aac.yaml declares ${declared.join(', ')})` };
}

/** The environment this run names (`--env`, else AAC_ENV: select.ts namedEnvironment); undefined for none, or for an AAC_ENV set but empty, which the run refuses on its own. */
function chosenEnvironment(ctx: CommandContext): string | undefined {
  const flag = ctx.options.env;
  return typeof flag === 'string' || !setButEmpty(ctx.io.env, ENV_VARIABLE) ? namedEnvironment(typeof flag === 'string' ? flag : undefined, ctx.io.env).name : undefined;
}

/**
 * The planning options this run was given, as a plan records them (render/command-line.ts
 * plannedWith writes them): `--allow-empty` is written for a prune of no definitions, so given,
 * the plan is taken to be one. None for `aac show`, which takes none.
 */
function givenPlanning(ctx: CommandContext): Parameters<typeof plannedWith>[0] {
  const old = ctx.options['adopt-namespace'];
  return {
    prune: ctx.options.prune === true,
    adoptLegacy: ctx.options['adopt-legacy'] === true,
    ...(typeof old === 'string' ? { adoptNamespace: old } : {}),
    targets: targetsOf(ctx),
    definitions: ctx.options['allow-empty'] === true ? {} : { given: '' },
  };
}

/**
 * The refusal of `file` (at `path`, its `text`) as a plan when it is another of aac's JSON
 * documents (plan/other-documents.ts), whose hint makes the plan in a file of its own: never the
 * remake that would write a plan over the report.
 */
async function otherDocumentError(ctx: CommandContext, text: string, path: string, file: string, command: 'show' | 'apply'): Promise<UserError | undefined> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  const what = otherDocument(parsed);
  return what === undefined ? undefined : otherDocumentRefusal(ctx, `${file} is ${what}, not a plan`, path, command);
}

/**
 * The refusal `message` of a file at `path` that is some other document than a plan: its hint makes
 * a plan in a file of its own, never over that one (which is someone's), then reads it.
 */
async function otherDocumentRefusal(ctx: CommandContext, message: string, path: string, command: 'show' | 'apply'): Promise<UserError> {
  const out = resolve(ctx.io.cwd, 'plan.json') === path ? 'new-plan.json' : 'plan.json';
  const remake = await suggestedRun(ctx, `plan --out ${out}`);
  return new UserError(message, `aac ${command} reads a plan saved by \`aac plan --out\`: make one in a file of its own with ${codeSpan(remake.command)}${remake.aside}, then ${codeSpan(`aac ${command} ${out}`)}`);
}

/**
 * The hint for a plan file that is a directory holding definitions (desired/definitions-dir.ts
 * definitionsHeld): Terraform ≤0.14's `terraform apply DIR` habit, which aac spells `--dir DIR`.
 * The command named is the one that reads that directory (apply it, or plan it for `show`), with
 * the run's other options. Undefined for anything else.
 */
async function definitionsDirHint(ctx: CommandContext, path: string, command: 'show' | 'apply'): Promise<string | undefined> {
  if (!isDirectory(path)) return undefined;
  const { definitionsHeld } = await import('../desired/definitions-dir.js');
  if (definitionsHeld(path) === undefined) return undefined;
  const there = { ...ctx, global: { ...ctx.global, dir: path } };
  const instead = await suggestedRun(there, command === 'apply' ? 'apply' : 'plan');
  return `it holds definitions: did you mean ${codeSpan(instead.command)}?${instead.aside} (aac ${command} reads a saved plan's file; a definitions directory is given with --dir)`;
}

/** The refusal of `file` (at `path`) as a plan when a definitions directory (this run's, or another plan --out knows of) reads it. */
async function readByDefinitionsDirectory(ctx: CommandContext, path: string, file: string, command: 'show' | 'apply'): Promise<UserError | undefined> {
  const [{ otherDefinitionDirs, readAs }, { shownPath }] = await Promise.all([import('../desired/discover.js'), import('../desired/paths.js')]);
  const shown = (p: string) => shownPath(ctx.io.cwd, p);
  const dirs = [resolve(ctx.io.cwd, ctx.global.dir), ...otherDefinitionDirs(path, ctx.io.cwd, DEFAULT_DIR).map((d) => d.dir)];
  for (const dir of dirs) {
    let as: ReturnType<typeof readAs>;
    try {
      as = readAs(dir, path, shown);
    } catch {
      continue;
    }
    if (as === undefined) continue;
    // The plan of the directory that reads it (`--dir agents` for agents/news-desk.yaml), not of this run's --dir.
    const there = { ...ctx, global: { ...ctx.global, dir } };
    const remake = await suggestedRun(there, 'plan --out plan.json');
    return new UserError(
      `${file} is ${as === 'config' ? 'the project config' : 'a definition'} of ${shown(dir)}/, not a plan file made by \`aac plan --out\``,
      `make a plan outside it with ${codeSpan(remake.command)}${remake.aside}, then ${codeSpan(`aac ${command} plan.json`)}`,
    );
  }
  return undefined;
}

/** The first four bytes of the regular file at `path`, which was just read whole; fewer at its end. */
function fileHead(path: string): Uint8Array {
  const head = new Uint8Array(4);
  const fd = openSync(path, 'r');
  try {
    return head.subarray(0, readSync(fd, head, 0, 4, 0));
  } finally {
    closeSync(fd);
  }
}
