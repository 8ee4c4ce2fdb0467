// `aac apply [PLANFILE]`: make the changes of a fresh plan after confirmation, or of a saved plan
// exactly, after checking that the world still looks as it did when the plan was made.
import { outcomeDiagnostics } from '../render/apply-annotations.js';
import { applyPlan } from '../apply/index.js';
import { reportOf, type NextCommands } from '../apply/outcome.js';
import { createProgress, waitProgressText } from '../render/apply-progress.js';
import { followWaits } from './wait-progress.js';
import { applyJson, applyMarkdown, succeeded, summaryText } from '../render/apply-report.js';
import type { Backend } from '../backends/backend.js';
import type { ProjectConfig } from '../model/config.js';
import type { ChangeMade, Plan } from '../model/plan.js';
import type { LiveResource } from '../model/definition.js';
import type { RunWarning } from '../model/diagnostic.js';
import { partlyApplied, type PartlyApplied } from '../plan/partly-applied.js';
import { ENV_OPTION } from './environment-option.js';
import { lockLeft, planFromContext, readState, type Locking } from './pipeline.js';
import { addJobSummary } from './job-summary.js';
import { NAMESPACE_OPTION } from './namespace-option.js';
import { givenNamespace, NAMESPACE_ENV } from '../config/namespace.js';
import { ADOPT_LEGACY_OPTION, ADOPT_NAMESPACE_OPTION, adoptNamespaceOf, ALLOW_EMPTY_OPTION, refuseAllowEmptyAlone } from './plan-options.js';
import type { HeldLock } from '../lock/lock.js';
import { LOCK_OPTIONS, lockTimeoutOf } from './lock-option.js';
import { DEFAULT_CONCURRENCY, DEFAULT_DIR, maxRetries } from '../model/config.js';
import { isAbsolute, resolve } from 'node:path';
import { isDirectory } from '../util/file-kind.js';
import { definitionsHeld } from '../desired/definitions-dir.js';
import { shownPath } from '../desired/paths.js';
import { maxConcurrency } from '../config/index.js';
import { buildPlan } from '../plan/build.js';
import { hasChanges } from '../model/plan.js';
import { appliedAlready, changedNotes, definitionChanges, findStaleness, findTampering, foreignResources, otherKeysIds, retentionChange, sameEndpoint, targetMismatch, uncheckedFormat } from '../plan/plan-file.js';
import { painter } from '../render/format.js';
import { andList, plural } from '../util/words.js';
import { renderAnnotations } from '../render/annotations.js';
import { placeWords, renderPlanText } from '../render/text.js';
import { carryWarnings, Interrupted, INTERRUPTED_EXIT, saidUnchanged, UserError, type CarriedWarning, type FailureCode } from '../util/errors.js';
import { redactData } from '../util/redact.js';
import { inGitHubActions, withoutWorkflowCommands, type MarkdownRoom } from '../util/github.js';
import { optionAsTyped, type Command, type CommandContext } from './command.js';
import { TARGET_OPTION, targetsOf } from './target-option.js';
import { readPlanFile } from './plan-views.js';
import { canAsk, confirmed } from './confirm.js';
import { pointOfNoReturn } from './point-of-no-return.js';
import { otherEndpointRefusal } from './other-endpoint.js';
import { kindForProvider, providerInfo, withoutCredentials } from '../backends/registry.js';
import { sanitize } from '../util/invisible.js';
import { nextCommands, runFlags, suggestion } from './suggest.js';
import { adoptCommand, plannedWith } from '../render/command-line.js';
import { pathWord, shellWord } from '../util/shell-word.js';
import { codeSpan } from '../util/code-span.js';
import { editedNamespace, newPlanIn } from './edited-namespace.js';

/** Staleness reasons listed in full; a whole fleet changed is summarized. */
const MAX_REASONS = 20;
const CONFIRM = "Apply these changes? Only 'yes' is accepted: ";
/** How the notice of an interrupt during the writes ends (`Received SIGINT: finishing …; <this>`). */
const QUIT_NOW = 'interrupt again (Ctrl-C, or the signal sent once more) to quit now.';

interface Ready {
  plan: Plan;
  backend: Backend;
  config: ProjectConfig;
  /** A saved plan's: the commands its report suggests (apply the same file again, or make a new one). */
  next?: NextCommands;
  /** A saved plan's changes an earlier apply of it made already, not made again (plan/partly-applied.ts). */
  appliedAlready?: ChangeMade[];
  /** A fresh plan's warnings of what the run was given (a --target glob that is also a key), as printed: its job summary lists them. */
  runWarnings?: readonly RunWarning[];
  /** A saved plan's run, read in the directory the plan was made from where --dir was not given (planDirectory). */
  ctx?: CommandContext;
}

export const applyCommand: Command = {
  name: 'apply',
  summary: 'Make the changes of a fresh plan, or of a saved plan file',
  usage: 'aac apply [PLANFILE] [options]',
  description: [
    'Without PLANFILE: plans afresh, shows the plan and asks for confirmation (`--yes` skips the',
    'question; without a terminal it is required, and the plan is shown as one line a change naming',
    'the fields it sets or changes: --show-plan shows it in full). With PLANFILE (from `aac plan',
    '--out`): applies exactly that plan without asking, in the definitions directory it was made',
    'from unless --dir names one, and refuses if the definitions or the live',
    'resources changed since it was made, if it was made for another endpoint, namespace or',
    'environment (it applies in its own: --env may only repeat it), or if',
    'any action, id or body in it, or anything its views show (before, after, patch, changed_fields,',
    'summary), differs from what the definitions and live state give now (the file is checked, not',
    'trusted). Applied again after an apply of it was cut short (interrupted, failed in part), it',
    'makes only the changes not live yet; a resource in any other state keeps it stale.',
    '',
    'Only resources marked by this namespace are modified or deleted, and unmarked or legacy-marked',
    'ones a definition pins with `id:` or, with --adopt-legacy, has the key of (an adopt); with --adopt-namespace OLD,',
    "those of the namespace OLD a definition has the key of (an adopt; the apply holds OLD's lock too). Orphans (managed resources with no definition)",
    'are deleted only with --prune; extra copies of one key alike the one kept (two applies at once) always,',
    'and copies that differ never: the plan is refused until an `id:` pin or the marker removed says which is aac\'s.',
    'Exit status: 0 when every action succeeded, 1 when any failed, was refused or was interrupted;',
    'its last lines say what to do next: run apply again to finish, or first change what the host',
    'refused (running again would be refused the same way). A host that cannot be reached or',
    'refuses the credentials (401, 403) stops it from starting more actions. Interrupted before',
    'its first write (also at its question, or waiting for the lock), it changes nothing and removes',
    `its lock: ${INTERRUPTED_EXIT};`,
    'once writing, the first signal lets the writes in flight finish and be reported (exit 1 when it',
    'left any undone).',
  ].join('\n'),
  options: {
    yes: { type: 'boolean', short: 'y', description: 'Apply a fresh plan without asking' },
    'show-plan': { type: 'boolean', description: 'Without a terminal, show the fresh plan in full, not one line a change (fresh plans only)' },
    prune: { type: 'boolean', description: 'Delete orphans (with a saved plan: only one made with --prune; it keeps its own choice)' },
    target: { ...TARGET_OPTION, description: `${TARGET_OPTION.description} (with a saved plan: only its own targets, repeated)` },
    'allow-empty': {
      ...ALLOW_EMPTY_OPTION['allow-empty'],
      description: `${ALLOW_EMPTY_OPTION['allow-empty'].description}; with a saved plan, only one made with --prune (it keeps its own choice)`,
    },
    'adopt-legacy': {
      ...ADOPT_LEGACY_OPTION['adopt-legacy'],
      description: `${ADOPT_LEGACY_OPTION['adopt-legacy'].description} (with a saved plan: only one made with it)`,
    },
    'adopt-namespace': {
      ...ADOPT_NAMESPACE_OPTION['adopt-namespace'],
      description: `${ADOPT_NAMESPACE_OPTION['adopt-namespace'].description}; holds OLD's lock too (with a saved plan: only one made with it)`,
    },
    ...NAMESPACE_OPTION,
    ...ENV_OPTION,
    ...LOCK_OPTIONS,
    concurrency: {
      type: 'string',
      arg: 'N',
      description: `API calls in flight at once (default: aac.yaml options.concurrency, else ${DEFAULT_CONCURRENCY})`,
    },
  },
  maxPositionals: 1,
  async run(ctx) {
    // Set once execute is past its point of no return: a failure before it says that nothing was changed.
    const writing = { began: false };
    try {
      return await applyRun(ctx, writing);
    } catch (err) {
      throw writing.began ? err : saidUnchanged(err);
    }
  },
};

/** `aac apply`'s run; `writing.began` is set as it passes its point of no return (execute). */
async function applyRun(ctx: CommandContext, writing: { began: boolean }): Promise<number> {
  const flagConcurrency = parseConcurrency(ctx.options.concurrency, optionAsTyped(ctx, 'concurrency'));
  // With a saved plan, --allow-empty is weighed against the plan's own --prune once it is read (savedPlan).
  if (ctx.positionals[0] === undefined) refuseAllowEmptyAlone(ctx);
  const timeoutMs = lockTimeoutOf(ctx);
  let held: HeldLock | undefined;
  let released = false;
  // The lock is released once, before the report is written (a lock left behind is the report's
  // `lock-left` warning too), or as a failure leaves (its error document carries it): said on
  // stderr as it happens either way.
  const letGo = async (): Promise<CarriedWarning[]> => {
    if (released) return [];
    released = true;
    const warning = await held?.release();
    if (warning === undefined) return [];
    return [{ code: 'lock-left', message: lockLeft(ctx, warning) }];
  };
  // A lock found removed is said at once, on stderr: the run starts no more writes (applyPlan's lockLost).
  const onHeld = (lock: HeldLock) => {
    held = lock;
    lock.lost.addEventListener('abort', () => ctx.io.stderr.write(`Warning: ${sanitize(String(lock.lost.reason))}; this run starts no more writes\n`), { once: true });
  };
  const locking: Locking | undefined = timeoutMs === undefined ? undefined : { operation: 'apply', timeoutMs, onHeld };
  const planFile = ctx.positionals[0];
  try {
    const ready = planFile === undefined ? await freshPlan(ctx, locking) : await savedPlan(ctx, planFile, locking);
    if (ready === 'nothing' || 'cancelled' in ready) {
      const cancelled = ready !== 'nothing';
      // A JSON reader gets a document whatever the answer, a signal too: one that applied nothing,
      // and says why; also should a signal end the run while the lock is released.
      ctx.io.documentOnSignal({ report: reportOf([], false), cancelled });
      const warnings = await letGo();
      // Ended by a signal: its document is the one every signal before the first write leaves (cli/signal-document.ts), with these warnings.
      if (ready !== 'nothing' && ready.by) {
        carryWarnings(ready.by, warnings);
        throw ready.by;
      }
      if (ctx.global.format === 'json') ctx.io.stdout.write(applyJson(reportOf([], false), { cancelled, warnings }));
      return ready === 'nothing' ? 0 : 1;
    }
    // A saved plan's suggest applying it again (in its own environment), not an unreviewed fresh
    // plan; a fresh one's, planning again as it planned (its --prune, its --target).
    const run = ready.ctx ?? ctx;
    const next = ready.next ?? nextCommands(run, canAsk(run, humanOut(run)), undefined, undefined, plannedWith(ready.plan));
    return await execute(run, ready, flagConcurrency ?? ready.config.options.concurrency ?? DEFAULT_CONCURRENCY, next, { letGo, writing, ...(held ? { lockLost: held.lost } : {}) });
  } catch (err) {
    // A run that failed (refused, or an error) ends with that error, a signal during the
    // release too: its document is the error's, never a report of a cancelled apply. One that a
    // signal stopped keeps the document that signal's stop leaves (Interrupted).
    if (!(err instanceof Interrupted)) ctx.io.documentOnSignal({ error: err });
    // Released whatever happened: refused, interrupted or failed.
    carryWarnings(err, await letGo());
    throw err;
  }
}

/** `--concurrency` (or `-parallelism`, named as typed: `flag`), a whole number within aac.yaml's limit; undefined when not given. */
function parseConcurrency(value: unknown, flag: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  const max = maxConcurrency();
  if (!Number.isInteger(n) || n < 1 || n > max) {
    throw new UserError(`${flag} must be a whole number from 1 to ${max} (as aac.yaml's options.concurrency), not '${String(value)}'`);
  }
  return n;
}

/** Where the plan and progress go: stdout for people, stderr when stdout carries JSON. */
function humanOut(ctx: CommandContext) {
  return ctx.global.format === 'json' ? ctx.io.stderr : ctx.io.stdout;
}

/** Whether `humanOut` gets colour, decided for that stream. */
function humanColor(ctx: CommandContext): boolean {
  return ctx.global.format === 'json' ? ctx.global.stderrColor : ctx.global.color;
}

/** The question was answered other than `yes`, or a signal (`by`) ended it: the run still ends with that signal's exit code. */
interface Cancelled {
  cancelled: true;
  by?: Interrupted;
}

async function freshPlan(ctx: CommandContext, locking: Locking | undefined): Promise<Ready | 'nothing' | Cancelled> {
  const { plan, backend, config, runWarnings } = await planFromContext(ctx, {
    command: 'apply',
    prune: Boolean(ctx.options.prune),
    adoptLegacy: Boolean(ctx.options['adopt-legacy']),
    adoptNamespace: adoptNamespaceOf(ctx),
    targets: targetsOf(ctx),
    locking,
  });
  // A person at a terminal reviews the plan before answering, so it is shown in full; a CI log
  // gets one line a change (a fleet of creates would print every instructions text, megabytes).
  const asking = canAsk(ctx, humanOut(ctx));
  const detail = asking || ctx.options['show-plan'] ? 'full' : 'summary';
  humanOut(ctx).write(withoutWorkflowCommands(ctx.io.env, renderPlanText(redactData(plan, backend.secrets(), backend.kind.credentials), { color: humanColor(ctx), detail, flags: runFlags(ctx) }), { toFile: ctx.global.format !== 'json' && ctx.io.stdoutIsFile }));
  // Its JSON document is written once the lock is released (run).
  if (!hasChanges(plan)) return 'nothing';
  if (ctx.options.yes) return { plan, backend, config, runWarnings };
  if (!asking) {
    throw new UserError(
      'refusing to apply without confirmation: there is no terminal to ask on, and nothing was changed',
      `pass --yes to apply a fresh plan, or save one with ${codeSpan(suggestion(ctx, 'plan --out plan.json'))}, review it, and run ${codeSpan(suggestion(ctx, 'apply plan.json'))}`,
      [],
      'confirmation-needed',
    );
  }
  try {
    if (!(await confirmed(ctx, humanOut(ctx), CONFIRM, 'Apply cancelled: nothing was changed.'))) return { cancelled: true };
  } catch (err) {
    if (err instanceof Interrupted) return { cancelled: true, by: err };
    throw err;
  }
  return { plan, backend, config, runWarnings };
}

/**
 * The run of a saved plan `file` that records the definitions directory it was made from (`dir`,
 * as shown then, relative to the working directory): where --dir was not given, that directory, as
 * `terraform apply PLANFILE` needs no configuration given again, said on stderr; the plan is then
 * checked against that directory's definitions and target as against any (stale, other namespace,
 * edited). Only a directory inside the working directory that is there (a relative path without
 * `..`): a file naming another place, or one not here, is read against the default directory as
 * before, and refused with the command that applies it where it was made (`plan-other-dir`).
 */
function planDirectory(ctx: CommandContext, dir: string | undefined, file: string): CommandContext {
  if (!ctx.global.dirDefaulted || dir === undefined || dir === shownPath(ctx.io.cwd, ctx.global.dir)) return ctx;
  const segments = dir.split(/[\\/]/);
  if (isAbsolute(dir) || /^[A-Za-z]:/.test(dir) || segments.includes('..') || !isDirectory(resolve(ctx.io.cwd, dir))) return ctx;
  ctx.io.stderr.write(`Note: reading ${sanitize(dir)}/, the definitions directory ${sanitize(file)} was made from (no --dir given).\n`);
  return { ...ctx, global: { ...ctx.global, dir: resolve(ctx.io.cwd, dir) } };
}

async function savedPlan(given: CommandContext, file: string, locking: Locking | undefined): Promise<Ready> {
  // Read first, so that a refusal of this run's options can say what the plan holds and name
  // its own directory and options in the commands it suggests (and a file that is no plan is said
  // to be so before any option is discussed).
  const { plan: saved, text: savedText } = await readPlanFile(given, file, 'apply');
  const ctx = planDirectory(given, saved.dir, file);
  // The commands suggested name the directory the plan was made from, which the file records (1.12
  // on), until this run's definitions are found to be the file's (its target and hashes): from
  // then on this run's own --dir, which holds them (the file's `dir` may name one not here).
  let here = saved.dir === undefined ? ctx : { ...ctx, global: { ...ctx.global, dir: resolve(ctx.io.cwd, saved.dir) } };
  // Made again where it was made: in its own directory and environment, whatever this run's --dir
  // and --env say, and with the options it was made with, so that the new plan deletes, adopts and
  // targets what was reviewed.
  const remakeWith = (options: string, plan: Pick<Plan, 'prune' | 'adoptLegacy' | 'adoptNamespace' | 'targets' | 'definitions'> = saved) =>
    suggestion(here, `plan ${options}${plannedWith(plan)}--out ${pathWord(file)}`, saved.target.environment);
  const remake = () => remakeWith('');
  const applyIt = () => suggestion(here, `apply ${pathWord(file)}`, saved.target.environment);
  /**
   * Refuses a planning option (`flag`) given with a saved plan made otherwise: the file keeps the
   * choices it was made with, which were reviewed. `made`: how the file was made; `again`: the
   * options of the plan to make instead, and what to review in it.
   */
  const refuseChoice = (flag: string, made: string, again?: { options: string; plan?: Parameters<typeof remakeWith>[1]; review: string }): never => {
    const instead = again === undefined ? '' : `; or make the plan again with ${codeSpan(remakeWith(again.options, again.plan))}, review ${again.review}, and apply that`;
    throw new UserError(`${flag} cannot change a saved plan, which keeps the choices it was made with: ${made}`, `drop ${flag} to apply it as made: ${codeSpan(applyIt())}${instead}`, [], 'plan-option');
  };
  // --target may repeat the plan's own targets (the command that made it, typed again), in any
  // order; any other set would apply another selection than the one reviewed.
  const asked = targetsOf(ctx);
  if (asked.length > 0 && !sameSet(asked, saved.targets)) {
    const changes = saved.changes.filter((c) => c.action !== 'no-op').length;
    const holds = `it holds ${changes} ${plural(changes, 'change', 'changes')}`;
    const made = saved.targets.length > 0
      ? `${file} was made with ${saved.targets.map((key) => `--target ${shellWord(key)}`).join(' ')} and applies only to ${saved.targets.length === 1 ? 'that key' : 'those keys'} (${holds})`
      : `${file} was made without --target and applies to every definition (${holds})`;
    refuseChoice('--target', made, { options: asked.map((key) => `--target ${shellWord(key)} `).join(''), plan: { ...saved, targets: [] }, review: 'it' });
  }
  // Silently ignored, it would read as if the log showed what was applied.
  if (ctx.options['show-plan']) {
    throw new UserError(
      `--show-plan shows a fresh plan before it is applied; ${file} was shown when it was made`,
      `print it with ${codeSpan(suggestion(ctx, `show ${pathWord(file)}`))}, then apply it with ${codeSpan(suggestion(ctx, `apply ${pathWord(file)}`))}`,
      [],
      'plan-option',
    );
  }
  // --prune repeats what a plan made with --prune already says; only asking a plan made without
  // it to delete is refused, since that plan never showed the deletes for review.
  if (ctx.options.prune && !saved.prune) refuseChoice('--prune', `${file} was made without --prune, so it deletes no orphans`, { options: '--prune ', review: 'the deletes' });
  // --allow-empty, which only lifts prune's refusal of a directory without definitions, repeats
  // what a plan made with --prune may have been given (with --prune or alone: the file keeps it);
  // with a plan made without --prune it would change nothing, and is said so.
  if (ctx.options['allow-empty'] && !saved.prune) refuseChoice('--allow-empty', `${file} was made without --prune, and --allow-empty applies to --prune only`);
  // Likewise --adopt-legacy: a plan made without it never showed those adopts for review.
  if (ctx.options['adopt-legacy'] && !saved.adoptLegacy) {
    refuseChoice('--adopt-legacy', `${file} was made without --adopt-legacy, so it takes over nothing that carries the legacy marker`, { options: '--adopt-legacy ', review: 'the adopts' });
  }
  // And --adopt-namespace, which must name the namespace the plan took over from, if any.
  const adoptFrom = adoptNamespaceOf(ctx);
  if (adoptFrom !== undefined && adoptFrom !== saved.adoptNamespace) {
    const made = saved.adoptNamespace === undefined
      ? `${file} was made without --adopt-namespace, so it takes over nothing of another namespace`
      : `${file} was made with --adopt-namespace ${shellWord(saved.adoptNamespace)}`;
    refuseChoice('--adopt-namespace', made, { options: `--adopt-namespace ${shellWord(adoptFrom)} `, plan: { ...saved, adoptNamespace: undefined }, review: 'the adopts' });
  }
  const dir = shownPath(ctx.io.cwd, ctx.global.dir);
  // A file of an aac before 1.12 does not say its directory: without --dir (the default one), the
  // plan may have been made from another, which a forgotten --dir makes stale: said once, in words.
  const otherDir = saved.dir === undefined && dir === DEFAULT_DIR ? ` (with --dir, if the plan was made from another directory than ${DEFAULT_DIR})` : '';
  // A file whose format this aac cannot compare part by part: one honest reason, not a list of
  // changes that did not happen (an earlier format), nor an apply of parts it does not know (a later one).
  const unchecked = uncheckedFormat(saved, file);
  if (unchecked !== undefined) throw new UserError(`${unchecked}; nothing was applied`, `make the plan again with ${codeSpan(remake())}${otherDir}, review it, and apply that`, [], 'plan-stale');
  /** Refuses the file for `reasons`, when there are any; `is` completes "the saved plan FILE …"; `hint` when a new plan is not the fix. */
  const refuse = (code: FailureCode, is: string, reasons: string[], hint = `make a new plan with ${codeSpan(remake())}${otherDir}, review it, and apply that`): void => {
    if (reasons.length === 0) return;
    throw new UserError([`the saved plan ${file} ${is}, so nothing was applied:`, ...listed(reasons)], hint, [], code);
  };
  // Its target or definitions differ, and this run reads another directory than the plan was made
  // from (another --dir given): that is the cause, said first, with the command that applies it
  // there. Never a --namespace or a new plan here: either would read this directory's definitions
  // into the plan's namespace, or plan them afresh for another review than the one given.
  const madeFor = () => [`namespace ${saved.target.namespace}`, ...(saved.target.environment === undefined ? [] : [`environment ${saved.target.environment}`])].join(', ');
  const refuseElsewhere = (reasons: string[]): void => {
    if (saved.dir === undefined || saved.dir === dir) return;
    refuse('plan-other-dir', `was made from ${saved.dir}/ (${madeFor()}); this run reads ${dir}/`, reasons, `run ${codeSpan(applyIt())}`);
  };
  // The plan's own directory, by the path it was made with, is not here: the file was made in
  // another working directory (`dir` is relative to it), which is where it applies, not a
  // directory to create here.
  // A directory of that name here without an aac.yaml, where the plan's own gave its namespace, is
  // not it either (`./` of a plan made with --dir . inside its definitions directory, applied from
  // the one above). Run from inside that directory (`cd assistants`, as Terraform is run from its
  // configuration's directory), the working directory is the plan's: `--dir .` applies it here;
  // from the one above a `./` plan's, the one folder below that holds definitions. Elsewhere, the
  // hint's command runs in another directory, so it names the file by its absolute path.
  const refuseAway = (reasons: string[]): void => {
    if (saved.dir === undefined || saved.dir !== dir) return;
    const cwd = resolve(ctx.io.cwd);
    const held = isDirectory(resolve(cwd, dir)) ? definitionsHeld(resolve(cwd, dir)) ?? { below: [] } : undefined;
    if (held !== undefined && ('top' in held || saved.namespaceFrom !== 'aac.yaml')) return;
    const madeIn = resolve(cwd, ...saved.dir.split('/').map(() => '..'));
    // `--dir` always, the default's too: without it the run reads the plan's `dir` again (planDirectory).
    const applyWith = (at: string) => codeSpan(suggestion({ ...here, global: { ...here.global, dir: resolve(cwd, DEFAULT_DIR) } }, `apply ${pathWord(file)} --dir ${pathWord(at)}`, saved.target.environment));
    const below = held !== undefined && 'below' in held ? held.below : [];
    const elsewhere = codeSpan(suggestion(here, `apply ${pathWord(resolve(cwd, file))}`, saved.target.environment));
    const hint = saved.dir !== '.'
      ? resolve(madeIn, saved.dir) === cwd
        ? `the working directory is ${saved.dir}/ itself: run ${applyWith('.')}`
        : `run ${elsewhere} in the working directory it was made in, the one that holds ${saved.dir}/ (or give that directory with --dir)`
      : below.length > 0
        ? `./ holds no definitions, and ${andList(below.map((b) => `${b}/`))} below it ${below.length === 1 ? 'does' : 'do'}: give the one it was made in with --dir, as ${applyWith(below.length === 1 ? below[0]! : 'DIR')}`
        : `run ${elsewhere} in the definitions directory it was made in (or give that directory with --dir)`;
    refuse('plan-other-dir', `was made from ${saved.dir}/ (${madeFor()}), which is not in this working directory`, reasons, hint);
  };
  const refuseStale = (reasons: string[]): void => refuse('plan-stale', 'is stale', reasons);
  /** `make a new plan in 'team-a' with …, review it, and apply that`: the way out of a plan for another namespace than this run's, `now`. */
  const newPlanHere = (now: string): string => newPlanIn(now, `${codeSpan(remake())}${otherDir}`);
  /** This run's namespace when --namespace or AAC_NAMESPACE gave it; undefined when the directory's own (aac.yaml's, or its path's). */
  const runGivenNamespace = () => givenNamespace({ flag: typeof ctx.options.namespace === 'string' ? ctx.options.namespace : undefined, env: ctx.io.env });
  /**
   * The ways out for a plan applied in another namespace than its own, `now`, and nothing else.
   * A plan whose namespace was given (--namespace, AAC_NAMESPACE) is applied in it by giving it
   * again; one whose namespace was the directory's own (aac.yaml, the default) is not a namespace
   * to type over the directory's: the run's own --namespace or AAC_NAMESPACE is what to drop, or,
   * when the directory's namespace changed since, the plan is made again in the new one.
   */
  const otherNamespaceHint = (now: string): string => {
    const newPlan = newPlanHere(now);
    const from = saved.namespaceFrom;
    if (from === undefined || from === '--namespace' || from === NAMESPACE_ENV) {
      const own = { ...here, options: { ...ctx.options, namespace: saved.target.namespace } };
      return `apply it in the namespace it was made for: ${codeSpan(suggestion(own, `apply ${pathWord(file)}`, saved.target.environment))}; or ${newPlan}`;
    }
    const its = `it was made in '${saved.target.namespace}', the namespace ${from === 'aac.yaml' ? "the directory's aac.yaml set" : "the directory's path gave by default"}`;
    const given = runGivenNamespace();
    if (given === undefined) return `${its}, and the directory's namespace is '${now}' now: ${newPlan}`;
    const plain = { ...here, options: { ...ctx.options, namespace: undefined } };
    const apply = `${codeSpan(suggestion(plain, `apply ${pathWord(file)}`, saved.target.environment))}`;
    const drop = given.source === NAMESPACE_ENV ? `unset ${NAMESPACE_ENV} and run ${apply}` : `run ${apply}, without --namespace`;
    return `${its}; this run's '${now}' comes from ${given.source}: to apply it in its own, ${drop}; or ${newPlan}`;
  };
  /**
   * Refuses a plan whose namespace differs from this run's, `now`, although both came from the
   * same place of the same directory (editedNamespace; this run's from `config` when no flag or
   * variable gave it), as `aac show` refuses it; nothing when the places differ (the directory
   * changed, which otherNamespaceHint explains).
   */
  const refuseEditedNamespace = (now: string, config: ProjectConfig): void => {
    if (runGivenNamespace() !== undefined) return;
    const edited = editedNamespace({ plan: saved, text: savedText, file }, dir, now, config, newPlanHere(now));
    if (edited !== undefined) throw edited;
  };
  // The same reading of definitions and live state a fresh plan makes, compared with the saved
  // plan, in the plan's environment (another one chosen with --env or AAC_ENV is refused). What
  // needs no request is checked before any is sent and before the lock is taken: the target (a
  // plan for another host must not send this run's credentials there, nor lock it), then the
  // definitions' hashes.
  const { desired, live, backend, config, target, normalized, sharedHost, sharers, aacObjects, environment } = await readState(ctx, {
    command: 'apply',
    planned: saved.target,
    locking,
    prune: saved.prune,
    ...(saved.adoptNamespace === undefined ? {} : { adoptNamespace: saved.adoptNamespace }),
    listLater: true,
    checkTarget: (now, config) => {
      const mismatch = targetMismatch(saved.target, now);
      refuseElsewhere(mismatch);
      // Not stale: this run points at another host (checkProvider refused another provider). A
      // new plan here would plan the definitions onto that host, so the fix named is the cause.
      if (!sameEndpoint(saved.target, now)) {
        const variable = providerInfo(now.provider)?.info.variables.endpoint;
        if (variable !== undefined) {
          const { is, hint } = otherEndpointRefusal({
            planned: saved.target.endpoint,
            now: now.endpoint,
            variable,
            env: ctx.io.env,
            config,
            inActions: inGitHubActions(ctx.io.env),
            applyAgain: suggestion(here, `apply ${pathWord(file)}`, saved.target.environment),
            planAgain: remake(),
            ...(saved.endpointFrom === undefined ? {} : { plannedFrom: saved.endpointFrom }),
          });
          refuse('plan-other-endpoint', is, mismatch, hint);
        }
      }
      // Not stale: applied in another namespace than its own (a flag or AAC_NAMESPACE here, or
      // there). The file never chooses the namespace itself, as it does the environment: a
      // namespace is the owner's boundary, and a file naming another would send this directory's
      // definitions into it; so the fix is the plan's namespace, typed.
      if (now.namespace !== saved.target.namespace && mismatch.length === 1) {
        refuseEditedNamespace(now.namespace, config);
        refuse('plan-other-namespace', 'was made for another namespace', mismatch, otherNamespaceHint(now.namespace));
      }
      // Not stale either: aac.yaml no longer declares the plan's environment (a run without --env
      // is in the plan's own), so the plan to make is one of an environment it declares now.
      if (now.environment !== saved.target.environment && mismatch.length === 1) {
        const again = suggestion(here, `plan ${plannedWith(saved)}--out ${pathWord(file)}`);
        refuse('plan-other-environment', `was made for environment '${saved.target.environment ?? ''}', which aac.yaml does not declare now`, mismatch, `make a new plan with ${codeSpan(again)} (with --env NAME if aac.yaml declares environments: ${codeSpan(suggestion(here, 'environments'))} lists them), review it, and apply that`);
      }
      refuseStale(mismatch);
    },
    // A plan for another provider is refused before this run's client asks for that provider's credentials.
    // The plan is not stale, only applied with another provider (a --provider given, or aac.yaml's
    // since changed): a new plan with this run's provider would read definitions of another kind,
    // so the fix named is the plan's own provider.
    checkProvider: (now) => {
      if (now.backend === saved.target.backend && now.provider === saved.target.provider) return;
      refuseElsewhere(targetMismatch(saved.target, now));
      const own = { ...here, global: { ...here.global, provider: saved.target.provider } };
      refuse('plan-other-provider', 'is for another provider', targetMismatch(saved.target, now), `apply it with the provider it was made for: ${codeSpan(suggestion(own, `apply ${pathWord(file)}`, saved.target.environment))}; or make a new plan with ${codeSpan(remake())}${otherDir} if the definitions are for ${now.provider}`);
    },
    // Definitions that do not load here, read from another directory than the plan's: that
    // directory is the cause, said before its errors are (a --provider given "to make it match").
    onErrors: (count) => refuseElsewhere([`its definitions do not load for the plan's provider ${saved.target.provider}: ${count} ${plural(count, 'error', 'errors')} (${codeSpan(suggestion(ctx, 'validate'))} lists them)`]),
    check: (loaded, config) => {
      // The plan's provider is this run's (checkProvider): its kind names the fields an edit changed.
      const fields = { kind: kindForProvider(config.provider), provider: config.provider };
      const changed = [...definitionChanges(saved, loaded, fields), ...retentionChange(saved, config.retainVersions)];
      refuseElsewhere(changed);
      refuseStale(changed);
    },
  }).catch((err: unknown) => {
    // This run's directory could not be read at all (it does not exist, it has no namespace, its
    // aac.yaml is not one), and the plan was made from another: a forgotten --dir is the cause,
    // said with the command that applies the plan there, the directory's own error as its reason;
    // or from this one, by name, which is not here: the run is in another working directory.
    if (err instanceof UserError && err.code === 'error' && err.diagnostics.length === 0) {
      const reasons = [`it cannot be read here: ${err.message.split('\n')[0]!}`];
      refuseElsewhere(reasons);
      refuseAway(reasons);
    }
    throw err;
  });
  // This run's definitions are the file's (its target and hashes matched): the commands suggested
  // from here on name this run's directory, which holds them, whatever the file's `dir` says.
  here = ctx;
  // Before staleness: such an id would read as a resource that "changed", hiding the edit.
  refuse('plan-foreign', 'names resources outside its namespace (the file was edited, or their markers changed since)', foreignResources(saved, live, backend.kind));
  refuse('plan-edited', 'names resources by the ids of other keys of its namespace (the file was edited, or their markers changed since)', otherKeysIds(saved, live, backend.kind), `a plan file is applied only as \`aac plan --out\` wrote it; make a new one (${codeSpan(remake())}) and apply that`);
  // The file is checked, not trusted: its actions, ids and bodies must be what the definitions
  // give now. What is applied is that recomputed plan, so verification compares with what is sent.
  let made: Plan | undefined;
  const replan = () => (made ??= buildPlan({ desired, live, kind: backend.kind, target, prune: saved.prune, adoptLegacy: saved.adoptLegacy, ...(saved.adoptNamespace === undefined ? {} : { adoptNamespace: saved.adoptNamespace }), targets: saved.targets, savedTargets: true, retainVersions: config.retainVersions, normalized, aacObjects, ...(sharedHost ? { sharedHost } : {}), ...(environment ? { environment } : {}), siblingNamespaces: sharers.map((s) => s.namespace), adoptCommand: (old) => adoptCommand(saved, old, runFlags(here)) }));
  // The file was saved with credentials found in data, and at a credential's place, redacted (`aac plan`): compared so too.
  const shownOf = (plan: Plan) => redactData(plan, backend.secrets(), backend.kind.credentials);
  const stale = findStaleness(saved, { desired, live, target }, backend.kind);
  // Applied a second time, every resource it changed reads as changed since: said as what happened.
  if (stale.length > 0 && appliedAlready(saved, replan)) {
    throw new UserError(
      `the saved plan ${file} appears to have been applied already: the live state matches its results, so nothing was applied`,
      `nothing is left to apply; ${codeSpan(suggestion(here, 'plan', saved.target.environment))} compares the definitions with the live state again`,
      [],
      'plan-applied',
    );
  }
  // Applied in part (an earlier apply of it interrupted, or some of its writes failed): what it
  // made is not staleness; the rest is checked, and applied, as the file has it.
  const partly = stale.length > 0 ? resumable(saved, () => shownOf(replan()), live) : { done: [], plan: saved };
  const checked = partly.plan;
  const total = changeCount(saved);
  const already = partly.done.length > 0 ? `${partly.done.length} of its ${total} ${plural(total, 'change is', 'changes are')} live already, as it makes them: an earlier apply of it was interrupted or failed` : undefined;
  const refuseRest = (reasons: string[]): void => refuseStale(reasons.length > 0 && already ? [...reasons, `(${already}; the ${plural(reasons.length, 'line', 'lines')} above ${plural(reasons.length, 'is', 'are')} what else changed)`] : reasons);
  refuseRest(partly.done.length > 0 ? findStaleness(checked, { desired, live, target }, backend.kind) : stale);
  const fresh = replan();
  const shown = shownOf(fresh);
  const dirs = { ...(saved.dir === undefined ? {} : { saved: saved.dir }), now: dir };
  refuseRest(changedNotes(checked, shown, dirs));
  const edited = findTampering(checked, shown, dirs);
  if (edited.length > 0) {
    throw new UserError(
      [`the saved plan ${file} does not match what its definitions give, so nothing was applied:`, ...listed(edited)],
      `a plan file is applied only as \`aac plan --out\` wrote it; make a new one (${codeSpan(remake())}) and apply that`,
      [],
      'plan-edited',
    );
  }
  // What it writes to and with which choices, said before anything is sent (as a fresh plan's
  // header says where): the options are the file's own, not this run's flags; a CI log then
  // answers "what did this touch?". The path as given, a credential of the run in it redacted.
  const choices = plannedWith(fresh).trim();
  humanOut(ctx).write(`Applying ${pathWord(withoutCredentials(file, ctx.io.env))} ${placeWords(fresh.target)}${choices === '' ? '' : `, as planned with ${choices}`}:\n`);
  if (partly.done.length > 0) {
    const rest = total - partly.done.length;
    humanOut(ctx).write(`${partly.done.length} of ${total} ${plural(total, 'change', 'changes')} of ${file} ${plural(partly.done.length, 'was', 'were')} applied already (by an earlier run of this plan); applying the other ${rest}.\n`);
  }
  const next: NextCommands = { plan: remake(), apply: applyIt(), saved: inGitHubActions(ctx.io.env) ? 'github-actions' : 'cli' };
  return { plan: fresh, backend, config, next, appliedAlready: partly.done, ...(ctx === given ? {} : { ctx }) };
}

/** Whether `a` and `b` hold the same strings, whatever their order and repeats. */
function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const inA = new Set(a);
  const inB = new Set(b);
  return inA.size === inB.size && [...inA].every((x) => inB.has(x));
}

/** A saved plan's changes that do something (not its no-ops). */
function changeCount(plan: Plan): number {
  return plan.changes.filter((c) => c.action !== 'no-op').length;
}

/**
 * partlyApplied over the plan made now, `shown()` (redacted as the file is); none done when the
 * live state no longer lets the planner make it (a pinned resource since deleted: a UserError),
 * whose staleness then says what changed.
 */
function resumable(saved: Plan, shown: () => Plan, live: readonly LiveResource[]): PartlyApplied {
  try {
    return partlyApplied(saved, shown(), live);
  } catch (err) {
    if (err instanceof UserError) return { done: [], plan: saved };
    throw err;
  }
}

function listed(reasons: string[]): string[] {
  const shown = reasons.slice(0, MAX_REASONS).map((r) => `  - ${r}`);
  if (reasons.length > MAX_REASONS) shown.push(`  - …and ${reasons.length - MAX_REASONS} more`);
  return shown;
}

/** Keys named in the line a quit prints of the writes in flight; the rest counted. */
const MAX_IN_FLIGHT_KEYS = 10;

/**
 * The line a quit now prints of the writes in flight (`inFlight`: a count by key), as
 * `2 writes in flight (s5, s6) may or may not have been made: …`; undefined when there are none.
 * Keys are shown sanitized (no credential is in one: desired/credential-names.ts refuses it).
 */
function inFlightWords(inFlight: ReadonlyMap<string, number>): string | undefined {
  const count = [...inFlight.values()].reduce((a, b) => a + b, 0);
  if (count === 0) return undefined;
  const keys = [...inFlight.keys()];
  const named = keys.slice(0, MAX_IN_FLIGHT_KEYS).map(sanitize).join(', ') + (keys.length > MAX_IN_FLIGHT_KEYS ? `, …and ${keys.length - MAX_IN_FLIGHT_KEYS} more` : '');
  return `${count} ${count === 1 ? 'write' : 'writes'} in flight (${named}) may or may not have been made: the next plan shows what was`;
}

/**
 * `next`: the commands the report suggests (nextCommands); `lock.lockLost`: the held lock's
 * (HeldLock.lost), none with -lock=false; `lock.letGo`: releases it once the writes are done,
 * returning a lock left behind as the report's warning; `writing.began`: set once past the point of no return.
 */
async function execute(ctx: CommandContext, { plan, backend, config, appliedAlready = [], runWarnings = [] }: Ready, concurrency: number, next: NextCommands, { lockLost, letGo, writing }: { lockLost?: AbortSignal; letGo: () => Promise<CarriedWarning[]>; writing: { began: boolean } }): Promise<number> {
  // Interrupted before the first write (while the lock was taken, the plan made or printed):
  // nothing to finish, so the run ends as one stopped before the lock, with the signal's exit code.
  await pointOfNoReturn(ctx.io);
  writing.began = true;
  const paint = painter(humanColor(ctx));
  const out = humanOut(ctx);
  const total = plan.changes.filter((c) => c.action !== 'no-op').length;
  const progress = createProgress(out, {
    total,
    terminal: Boolean(out.isTTY) && !inGitHubActions(ctx.io.env),
    paint,
  });
  // A wait on the rate limit from here on says how far the writes have come, and how long the rest may take.
  let done = 0;
  const began = Date.now();
  followWaits(ctx.io, { text: (waitMs) => waitProgressText(done, total, Date.now() - began, waitMs), aside: (write) => progress.aside(write) });
  // Writes about to go out: an interrupt now lets those in flight finish and be reported.
  ctx.io.finishOnInterrupt(`finishing the actions in flight; ${QUIT_NOW}`);
  // Something may be written from here: a run that quits now has applied part of the plan, not nothing.
  ctx.io.documentOnSignal('failed');
  // What is shown of the outcomes (a warning may quote a value) has credentials found in data redacted; the plan applied does not.
  const shown = <T>(value: T): T => redactData(value, backend.secrets(), backend.kind.credentials);
  // The writes sent and not yet answered (by key, a count each: copies' deletes share one): what a quit now leaves unknown.
  const inFlight = new Map<string, number>();
  const untold = ctx.io.leftOnQuit(() => inFlightWords(inFlight));
  const applied = await applyPlan(plan, backend, { concurrency, maxRetries: maxRetries(config.options), signal: ctx.io.signal, ...(lockLost ? { lockLost } : {}), next, onAllSent: () => ctx.io.finishOnInterrupt(`every action is already sent; finishing them; ${QUIT_NOW}`), onSent: (change) => {
    inFlight.set(change.key, (inFlight.get(change.key) ?? 0) + 1);
  }, onOutcome: (o) => {
    // Counted as the terminal's counter counts: every outcome, failed or skipped too, is work no longer ahead.
    done++;
    const left = (inFlight.get(o.key) ?? 0) - 1;
    if (left > 0) inFlight.set(o.key, left);
    else inFlight.delete(o.key);
    progress.onOutcome(shown(o));
  }, onRevised: (o) => progress.onRevised(shown(o)), ...(ctx.io.waits ? { settleWaitMs: ctx.io.waits.settleMs } : {}) }).finally(untold);
  const report = { ...shown(applied), appliedAlready };
  progress.finish(report.outcomes);
  out.write(`\n${summaryText(report, paint, next)}`);
  // On stderr in every format, as every command's annotations (pipeline.ts): the runner reads both
  // streams. Before the lock goes, so that a run a signal ends meanwhile has them too.
  if (inGitHubActions(ctx.io.env)) {
    // The plan gives only its definitions' files here, which hold no credential (a run whose file
    // names hold one is refused before planning: desired/credential-names.ts); the messages are the report's.
    ctx.io.stderr.write(renderAnnotations(outcomeDiagnostics(plan, report), { cwd: ctx.io.cwd, workspace: ctx.io.env.GITHUB_WORKSPACE }));
  }
  const summary = (warnings: readonly CarriedWarning[], room: MarkdownRoom) => applyMarkdown(report, backend.kind.nouns, room, { next, warnings, runWarnings });
  // The writes are done: the lock goes before the report is written, which says a lock left
  // behind. A signal that ends the run meanwhile leaves this report too (its document and job
  // summary), not an error document.
  ctx.io.documentOnSignal({ report, next, summary });
  const warnings = await letGo();
  if (ctx.global.format === 'json') ctx.io.stdout.write(applyJson(report, { next, warnings }));
  addJobSummary(ctx.io, (room) => summary(warnings, room));
  return succeeded(report) ? 0 : 1;
}
