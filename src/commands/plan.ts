import { randomBytes } from 'node:crypto';
import { rename, rm, writeFile } from 'node:fs/promises';
import { dirname, basename, join, resolve } from 'node:path';
import type { Plan } from '../model/plan.js';
import { addJobSummary, planFromContext } from '../pipeline.js';
import { hasChanges } from '../plan/build.js';
import { serializePlan } from '../plan/plan-file.js';
import { renderPlanJson } from '../render/json.js';
import { renderPlanMarkdown } from '../render/markdown.js';
import { renderPlanText } from '../render/text.js';
import { UserError } from '../util/errors.js';
import type { Command, CommandContext } from './command.js';
import { TARGET_OPTION, targetsOf } from './target-option.js';

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

function render(ctx: CommandContext, plan: Plan): string {
  switch (ctx.global.format) {
    case 'json':
      return renderPlanJson(plan);
    case 'markdown':
      return renderPlanMarkdown(plan);
    default:
      return renderPlanText(plan, { color: ctx.global.color });
  }
}

export const planCommand: Command = {
  name: 'plan',
  summary: 'Show what apply would change in the live assistants',
  usage: 'aac plan [--out FILE] [--detailed-exitcode] [--prune] [--target KEY]... [options]',
  description: [
    'Reads the definitions, lists every live assistant, and shows the create, modify and delete',
    'calls that would make the live state match. Nothing is changed.',
    '',
    'Exit codes: 0 success, 1 error; with --detailed-exitcode, 2 when there are changes.',
    'Managed assistants without a definition (orphans) are listed, and deleted only with --prune.',
  ].join('\n'),
  options: {
    out: { type: 'string', arg: 'FILE', description: 'Save the plan for `aac apply FILE` (JSON, no secrets)' },
    'detailed-exitcode': { type: 'boolean', description: 'Exit 2 when there are changes, 0 when there are none' },
    prune: { type: 'boolean', description: 'Plan to delete managed assistants that have no definition' },
    target: TARGET_OPTION,
  },
  maxPositionals: 0,
  async run(ctx) {
    const prune = Boolean(ctx.options.prune);
    const { plan } = await planFromContext(ctx, { prune, targets: targetsOf(ctx) });
    ctx.io.stdout.write(render(ctx, plan));

    // A json stdout is the document alone, so the remark goes to stderr there. Kept orphans are
    // not changes; the text and markdown views say so below their summary line.
    const remarks = ctx.global.format === 'json' ? ctx.io.stderr : ctx.io.stdout;
    const out = ctx.options.out;
    if (typeof out === 'string') {
      const file = resolve(ctx.io.cwd, out);
      await writeAtomically(file, serializePlan(plan));
      remarks.write(`\nSaved the plan to ${out}. To make exactly these changes, run: aac apply ${out}\n`);
    }
    addJobSummary(ctx, renderPlanMarkdown(plan));
    return ctx.options['detailed-exitcode'] && hasChanges(plan) ? 2 : 0;
  },
};
