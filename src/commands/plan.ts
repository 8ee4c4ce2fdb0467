import { randomBytes } from 'node:crypto';
import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, basename, join, resolve } from 'node:path';
import { ENV_OPTION } from './environment-option.js';
import { ADOPT_LEGACY_OPTION, ALLOW_EMPTY_OPTION, addJobSummary, NAMESPACE_OPTION, planFromContext } from './pipeline.js';
import { hasChanges } from '../model/plan.js';
import { serializePlan } from '../plan/plan-file.js';
import { touchedKeys } from '../plan/touched.js';
import { renderPlanMarkdown } from '../render/markdown.js';
import { repeatedFlags, shellWord } from '../render/command-line.js';
import { shownPath } from '../desired/paths.js';
import { UserError } from '../util/errors.js';
import { STEP_SUMMARY_LIMIT, summaryBytes, withoutWorkflowCommands } from '../util/github.js';
import type { Command, CommandContext } from './command.js';
import { TARGET_OPTION, targetsOf } from './target-option.js';
import { MAX_CHARS_OPTION, markdownBudget, renderPlan } from './plan-views.js';

/** Written beside the target and renamed over it, so a reader never sees half a plan. */
async function writeAtomically(file: string, text: string): Promise<void> {
  const temp = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temp, text, { mode: 0o600 });
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw new UserError(`cannot write the plan to ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, 'check that the directory exists and is writable');
  }
}

/** `--changed-files FILE`: the paths the change under review touches, one a line. */
async function readChangedFiles(ctx: CommandContext): Promise<string[] | undefined> {
  const file = ctx.options['changed-files'];
  if (typeof file !== 'string') return undefined;
  try {
    const text = await readFile(resolve(ctx.io.cwd, file), 'utf8');
    return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new UserError(
      `cannot read --changed-files ${file}: ${reason}`,
      'give a file listing the changed paths one a line, e.g. from `git diff --name-only --relative BASE HEAD`',
    );
  }
}

export const planCommand: Command = {
  name: 'plan',
  summary: 'Show what apply would change in the live resources (assistants, agents)',
  usage: 'aac plan [--out FILE] [--detailed-exitcode] [--prune] [--adopt-legacy] [--target KEY]... [--changed-files FILE] [--max-chars N] [options]',
  description: [
    'Reads the definitions, lists every live resource, and shows the create, modify and delete',
    'calls that would make the live state match. Nothing is changed.',
    '',
    'Exit codes: 0 success, 1 error; with --detailed-exitcode, 2 when there are changes.',
    'Managed resources without a definition (orphans) are listed, and deleted only with --prune.',
    '',
    'For a pull-request comment: --format markdown, --max-chars for the room the comment leaves,',
    'and --changed-files with the paths the pull request changes, so that differences of definitions',
    'it does not change show apart, as edits made outside aac that merging reverts.',
  ].join('\n'),
  options: {
    out: { type: 'string', arg: 'FILE', description: 'Save the plan for `aac apply FILE` (JSON, no secrets)' },
    'detailed-exitcode': { type: 'boolean', description: 'Exit 2 when there are changes, 0 when there are none' },
    prune: { type: 'boolean', description: 'Plan to delete managed resources that have no definition' },
    target: TARGET_OPTION,
    'changed-files': {
      type: 'string',
      arg: 'FILE',
      description: 'Paths the reviewed change touches, one a line (relative to here); markdown shows drift on the others apart',
    },
    'max-chars': MAX_CHARS_OPTION,
    ...ALLOW_EMPTY_OPTION,
    ...ADOPT_LEGACY_OPTION,
    ...NAMESPACE_OPTION,
    ...ENV_OPTION,
  },
  maxPositionals: 0,
  formats: ['text', 'json', 'markdown'],
  async run(ctx) {
    const prune = Boolean(ctx.options.prune);
    const maxChars = markdownBudget(ctx);
    const changedFiles = await readChangedFiles(ctx);
    const { plan: made, desired, backend, redactor } = await planFromContext(ctx, { command: 'plan', prune, adoptLegacy: Boolean(ctx.options['adopt-legacy']), targets: targetsOf(ctx) });
    // Every rendering and the saved file show a credential found in data as [redacted].
    const plan = redactor.for(backend.secrets()).data(made);
    const changedKeys = changedFiles && touchedKeys(desired, changedFiles, { cwd: ctx.io.cwd, dir: ctx.global.dir });
    // A json document never has a line starting with `::`; the human views quote live text that may.
    const view = renderPlan(ctx, plan, { maxChars, changedKeys });
    ctx.io.stdout.write(ctx.global.format === 'json' ? view : withoutWorkflowCommands(ctx.io.env, view));

    // A json or markdown stdout is a document (for a program, for a pull-request comment), so the
    // remark goes to stderr there. Kept orphans are not changes; the views say so below their summary line.
    const remarks = ctx.global.format === 'text' ? ctx.io.stdout : ctx.io.stderr;
    const out = ctx.options.out;
    if (typeof out === 'string') {
      const file = resolve(ctx.io.cwd, out);
      await writeAtomically(file, serializePlan(plan));
      // `aac apply FILE` reads the definitions and the live state again to check the plan, so it
      // must be pointed where this run was: the same directory, namespace and provider.
      const namespace = typeof ctx.options.namespace === 'string' ? ctx.options.namespace : undefined;
      const flags = repeatedFlags({ dir: shownPath(ctx.io.cwd, ctx.global.dir), namespace, provider: ctx.global.provider });
      remarks.write(`\nSaved the plan to ${out}. To make exactly these changes, run: aac apply ${shellWord(out)}${flags}\n`);
    }
    // The job summary holds far more than a comment: the whole plan, up to a step's 1 MiB.
    addJobSummary(ctx, renderPlanMarkdown(plan, { maxChars: STEP_SUMMARY_LIMIT, measure: summaryBytes, changedKeys }));
    return ctx.options['detailed-exitcode'] && hasChanges(plan) ? 2 : 0;
  },
};
