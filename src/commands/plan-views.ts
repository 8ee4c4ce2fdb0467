// What `aac plan` and `aac show` share: reading a saved plan file and one switch from --format to
// a renderer, so a saved plan shows exactly as it did when it was made.
import { resolve } from 'node:path';
import type { Plan } from '../model/plan.js';
import { parsePlanFile } from '../plan/plan-file.js';
import { renderPlanJson } from '../render/json.js';
import { renderPlanMarkdown } from '../render/markdown.js';
import { renderPlanText } from '../render/text.js';
import { UserError } from '../util/errors.js';
import { readRegularText } from '../util/read-regular.js';
import type { CommandContext } from './command.js';
import { pathWord } from '../render/command-line.js';
import { runFlags, suggestion } from './suggest.js';

export interface ViewOptions {
  maxChars?: number;
}

/** The plan in the command's --format. */
export function renderPlan(ctx: CommandContext, plan: Plan, opts: ViewOptions = {}): string {
  switch (ctx.global.format) {
    case 'json':
      return renderPlanJson(plan);
    case 'markdown':
      return renderPlanMarkdown(plan, { ...opts, flags: runFlags(ctx) });
    default:
      return renderPlanText(plan, { color: ctx.global.color });
  }
}

/**
 * Reads and checks a plan file made by `aac plan --out`; a missing or damaged file is a UserError
 * naming it, whose hint is the command that makes it, with the run's options.
 */
export function readPlanFile(ctx: CommandContext, file: string): Plan {
  const remake = suggestion(ctx, `plan --out ${pathWord(file)}`);
  const text = readRegularText(resolve(ctx.io.cwd, file));
  if (typeof text !== 'string') {
    // Only a missing file is made by `aac plan --out`: it cannot write over a directory or a FIFO.
    throw new UserError(`cannot read the plan file ${file}: ${text.reason}`, text.code === 'file-not-found' ? `make one with \`${remake}\`` : text.hint);
  }
  return parsePlanFile(text, file, remake);
}
