// What `aac plan` and `aac show` share: reading a saved plan file and one switch from --format to
// a renderer, so a saved plan shows exactly as it did when it was made.
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Plan } from '../model/plan.js';
import { parsePlanFile } from '../plan/plan-file.js';
import { renderPlanJson } from '../render/json.js';
import { renderPlanMarkdown } from '../render/markdown.js';
import { renderPlanText } from '../render/text.js';
import { UserError } from '../util/errors.js';
import type { CommandContext } from './command.js';

export interface ViewOptions {
  maxChars?: number;
}

/** The plan in the command's --format. */
export function renderPlan(ctx: CommandContext, plan: Plan, opts: ViewOptions = {}): string {
  switch (ctx.global.format) {
    case 'json':
      return renderPlanJson(plan);
    case 'markdown':
      return renderPlanMarkdown(plan, opts);
    default:
      return renderPlanText(plan, { color: ctx.global.color });
  }
}

/** Reads and checks a plan file made by `aac plan --out`; a missing or damaged file is a UserError naming it. */
export async function readPlanFile(ctx: CommandContext, file: string): Promise<Plan> {
  let text: string;
  try {
    text = await readFile(resolve(ctx.io.cwd, file), 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
    throw new UserError(`cannot read the plan file ${file}: ${reason}`, 'make one with `aac plan --out FILE`');
  }
  return parsePlanFile(text, file);
}
