// `aac plan`'s work, imported once the listing has begun (plan.ts): read the state, plan, render,
// and save the plan with --out.
import { resolve } from 'node:path';
import { planFromContext } from './pipeline.js';
import { addJobSummary } from './job-summary.js';
import { hasChanges, type PlanLock } from '../model/plan.js';
import { serializePlan } from '../plan/plan-file.js';
import { markDrift, misplacedChangedPaths, slashSpelledChangedPaths, touchedKeys } from '../plan/touched.js';
import { slashHint } from '../desired/slash-paths.js';
import { shownPath } from '../desired/paths.js';
import { refuseWritingOverRead } from '../desired/written-over.js';
import { runNamespace } from './namespace-option.js';
import { renderPlanMarkdown } from '../render/markdown.js';
import { pathWord } from '../util/shell-word.js';
import { forceUnlock, runFlags } from './suggest.js';
import { UserError } from '../util/errors.js';
import { readFileOrPipeText } from '../util/read-pipe.js';
import { CHANGED_FILES_RECIPE, changedPathsOf } from '../plan/changed-list.js';
import { writeFileAtomically } from '../util/write-files.js';
import { withoutWorkflowCommands } from '../util/github.js';
import type { CommandContext } from './command.js';
import { targetsOf } from './target-option.js';
import { adoptNamespaceOf } from './plan-options.js';
import { renderPlan, renderPlanView } from './plan-views.js';
import { writeWarning, type Reading } from './reading.js';
import { lockObjects, type LockObject } from '../lock/lock-object.js';
import { deadHolder, deadHolderWords } from '../lock/lock.js';
import type { Backend } from '../backends/backend.js';
import type { LiveResource } from '../model/definition.js';
import { sanitize } from '../util/invisible.js';
import { pointOfNoReturn } from './point-of-no-return.js';
import { codeSpan } from '../util/code-span.js';
import { endpointFrom } from '../backends/http/endpoint.js';
import { providerInfo, withoutCredentials } from '../backends/registry.js';

/** The most bytes a `--changed-files` list may hold: 64 MiB, some 16,000 paths of PATH_MAX (4,096 bytes on Linux). */
const CHANGED_FILES_MAX_BYTES = 64 * 1024 * 1024;

/**
 * `--changed-files FILE`: the paths the change under review touches, one a line or each ended by a
 * NUL (changedPathsOf).
 * FILE may be a pipe (`<(git diff …)` in bash), unlike the files aac must never wait on.
 */
async function readChangedFiles(ctx: CommandContext): Promise<string[] | undefined> {
  const file = ctx.options['changed-files'];
  if (typeof file !== 'string') return undefined;
  const text = await readFileOrPipeText(resolve(ctx.io.cwd, file), CHANGED_FILES_MAX_BYTES, 'list only the paths the change touches');
  if (typeof text !== 'string') {
    throw new UserError(
      `cannot read --changed-files ${file}: ${text.reason}`,
      text.code === 'unreadable' || text.code === 'not-utf8' || text.code === 'file-too-large' ? text.hint : `give a file or a pipe listing the changed paths one a line, e.g. from ${codeSpan(CHANGED_FILES_RECIPE)}`,
    );
  }
  return changedPathsOf(text);
}

/**
 * Says on stderr when listed paths are relative to another directory than the working one
 * (misplacedChangedPaths), or are written with `\` where `/` names the file (slashSpelledChangedPaths).
 */
function warnMisplaced(ctx: CommandContext, changedFiles: readonly string[]): void {
  const slashed = slashSpelledChangedPaths(changedFiles, ctx.io.cwd);
  if (slashed.length > 0) {
    const [first] = slashed;
    const more = slashed.length > 1 ? ` and ${slashed.length - 1} more written with \`\\\`` : '';
    writeWarning(
      ctx,
      `--changed-files lists ${first!.written}${more}, which is not there: the change's own edits to such files show as drift made outside aac`,
      slashHint(first!.meant, '--changed-files paths'),
    );
  }
  const misplaced = misplacedChangedPaths(changedFiles, { cwd: ctx.io.cwd, dir: ctx.global.dir });
  if (!misplaced) return;
  const [first] = misplaced.paths;
  const more = misplaced.paths.length > 1 ? ` and ${misplaced.paths.length - 1} more` : '';
  writeWarning(
    ctx,
    `--changed-files lists ${first}${more}, which is not there from the working directory but is from ${shownPath(ctx.io.cwd, misplaced.base)}: the change's own edits to such files show as drift made outside aac`,
    `list the paths relative to the working directory (${codeSpan(CHANGED_FILES_RECIPE)}, run from it)`,
  );
}

/**
 * The unexpired lock another run holds on `namespace` among a listing's lock objects (an apply in
 * progress, or one whose run ended without removing it), as a plan records it (Plan.lockedBy).
 */
function heldLock(locks: readonly LiveResource[], backend: Backend, namespace: string): LockObject | undefined {
  return lockObjects(locks, backend.kind).find((l) => l.namespace === namespace && l.expiresAt > Date.now());
}

/** A held lock as the plan records it: what its lock object's metadata says. */
function planLock(held: LockObject): PlanLock {
  return { id: held.id, operation: held.operation, holder: held.who, ...(held.run ? { run: held.run } : {}), since: new Date(held.createdAt * 1000).toISOString() };
}

/**
 * Says on stderr that another run holds the namespace's lock (heldLock): the live state this plan
 * read may change before it is applied. A saved plan is checked then, and refused if it did; this
 * says so before anyone reviews it. A holder whose process is gone from this host (deadHolder), its
 * lock object still there when read again by id (Backend.exists), is said as apply says it, with the force-unlock to run: it changes nothing, but every apply is
 * refused until its lock is removed or expires. `own`: false for the namespace --adopt-namespace
 * names (its force-unlock names it).
 */
async function warnHeldLock(ctx: CommandContext, backend: Backend, held: LockObject, namespace: string, own = true): Promise<void> {
  // A holder that released its lock and ended after the listing read it is not a lock left behind:
  // said gone only while its lock object is still there (an answer that fails leaves it said gone).
  const seenGone = deadHolder(held);
  const dead = seenGone && (await backend.exists(held.id).catch(() => true)) ? seenGone : undefined;
  if (dead) {
    const { said, hint } = deadHolderWords(namespace, held, dead, forceUnlock(ctx, held.id, own ? undefined : namespace));
    writeWarning(ctx, `${said}: \`aac apply\` is refused until its lock is removed or expires`, hint);
    return;
  }
  writeWarning(
    ctx,
    `the namespace '${namespace}' is locked by a run in progress (aac ${sanitize(held.operation)} by ${sanitize(held.who)}${held.run ? `, ${sanitize(held.run)}` : ''}, since ${new Date(held.createdAt * 1000).toISOString()}): what this plan read may change before it is applied`,
    'plan again once that run is done; `aac apply` of a saved plan refuses it if the live state changed since',
  );
}

/**
 * Plans and prints the plan (and saves it with --out); `reading` was begun by plan.ts, after it
 * checked `--max-chars` (`maxChars`). Returns the exit code.
 */
export async function runPlan(ctx: CommandContext, reading: Reading, maxChars: number | undefined): Promise<number> {
  const prune = Boolean(ctx.options.prune);
  const changedFiles = await readChangedFiles(ctx);
  const adoptNamespace = adoptNamespaceOf(ctx);
  const { plan: made, desired, backend, config, redactor, warnings, runWarnings } = await planFromContext(ctx, { command: 'plan', reading, prune, adoptLegacy: Boolean(ctx.options['adopt-legacy']), adoptNamespace, targets: targetsOf(ctx) });
  // A --out or --markdown-out onto a file this plan read (a prompt, a fragment: any name, anywhere) is known only now.
  const out = ctx.options.out;
  const markdownOut = ctx.options['markdown-out'];
  for (const [file, what, example] of [[out, 'the plan', '--out plan.json'], [markdownOut, 'the markdown', '--markdown-out plan.md']] as const) {
    if (typeof file !== 'string') continue;
    refuseWritingOverRead(resolve(ctx.io.cwd, file), desired, {
      cwd: ctx.io.cwd,
      shown: (p) => shownPath(ctx.io.cwd, p),
      what,
      outcome: 'nothing was written',
      fix: `write ${what} elsewhere: e.g. ${codeSpan(example)}`,
    });
  }
  // Every rendering and the saved file show a credential found in data as [redacted], and the
  // drift that --changed-files finds, alike.
  // The directory is recorded so that `aac apply FILE` run from another one says which it was made
  // from; where the namespace came from, so that one applied in another says the right way out.
  // A lock another run holds is recorded in the plan too, for a program (a drift check) to skip it.
  const locks = (await reading.listing?.catch(() => undefined))?.locks ?? [];
  const held = heldLock(locks, backend, made.target.namespace);
  // The namespace it takes over from, whose apply would write the same resources, is said too (not recorded).
  const heldOld = adoptNamespace === undefined ? undefined : heldLock(locks, backend, adoptNamespace);
  const variable = providerInfo(config.provider)?.info.variables.endpoint;
  const redacted = {
    ...redactor.for(backend.secrets()).data(made),
    dir: shownPath(ctx.io.cwd, ctx.global.dir),
    namespaceFrom: runNamespace(ctx, config).source,
    // Where the endpoint came from, so that one applied elsewhere names the one cause (other-endpoint.ts).
    ...(variable === undefined ? {} : { endpointFrom: endpointFrom(ctx.io.env, variable, config) }),
    ...(held ? { lockedBy: planLock(held) } : {}),
  };
  const plan = changedFiles ? markDrift(redacted, touchedKeys(desired, changedFiles, { cwd: ctx.io.cwd, dir: ctx.global.dir })) : redacted;
  if (changedFiles) warnMisplaced(ctx, changedFiles);
  if (held) await warnHeldLock(ctx, backend, held, made.target.namespace);
  if (heldOld) await warnHeldLock(ctx, backend, heldOld, adoptNamespace!, false);
  // A json document never has a line starting with `::`; the human views quote live text that may.
  const view = renderPlan(ctx, plan, { maxChars: ctx.global.format === 'markdown' ? maxChars : undefined, warnings, runWarnings });
  ctx.io.stdout.write(ctx.global.format === 'json' ? view : withoutWorkflowCommands(ctx.io.env, view, { toFile: ctx.io.stdoutIsFile }));

  // A json or markdown stdout is a document (for a program, for a pull-request comment), so the
  // remark goes to stderr there. Kept orphans are not changes; the views say so below their summary line.
  const remarks = ctx.global.format === 'text' ? ctx.io.stdout : ctx.io.stderr;
  // The plan is made and printed, not saved: a signal that came meanwhile is heard here.
  if (typeof out === 'string' || typeof markdownOut === 'string') await pointOfNoReturn(ctx.io);
  if (typeof markdownOut === 'string') {
    // The comment's view, as `--format markdown > FILE` prints it (a file: no workflow-command
    // pause around it), so that one run gives the comment and the log. Its owner's only, as the
    // plan file: it quotes instructions.
    const markdown = renderPlanView({ ...ctx, global: { ...ctx.global, format: 'markdown', color: false } }, plan, { maxChars, warnings, runWarnings });
    writeFileAtomically(resolve(ctx.io.cwd, markdownOut), markdown, { shown: markdownOut, what: 'the markdown', mode: 0o600 });
  }
  if (typeof out === 'string') {
    const file = resolve(ctx.io.cwd, out);
    // Only its owner may read a plan: it holds every instructions text of the fleet.
    writeFileAtomically(file, serializePlan(plan), { shown: out, what: 'the plan', mode: 0o600 });
    // `aac apply FILE` reads the definitions and the live state again to check the plan, so it
    // must be pointed where this run was: the same directory, namespace and provider.
    const flags = runFlags(ctx);
    // The path as given, a credential of the run in it redacted as in every line aac prints.
    const shown = withoutCredentials(out, ctx.io.env);
    remarks.write(
      hasChanges(plan)
        ? `\nSaved the plan to ${sanitize(shown)}. To make exactly these changes, run: aac apply ${sanitize(pathWord(shown))}${flags}\n`
        : `\nSaved the plan to ${sanitize(shown)}. It has no changes: applying it would change nothing.\n`,
    );
  }
  // The job summary holds far more than a comment: the whole plan, up to a step's 1 MiB.
  addJobSummary(ctx.io, (room) => renderPlanMarkdown(plan, { ...room, flags: runFlags(ctx), warnings, runWarnings }));
  return ctx.options['detailed-exitcode'] && hasChanges(plan) ? 2 : 0;
}
