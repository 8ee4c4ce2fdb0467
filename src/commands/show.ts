// `aac show PLANFILE`: a saved plan shown again, in any format, without credentials or the
// network, as `terraform show` does: the apply job shows what it applies, and a reviewer can
// read the plan artifact of a pull request.
import { resolve } from 'node:path';
import { ENV_VARIABLE, environmentForSavedPlan, namedEnvironment } from '../environments/select.js';
import { INTERRUPTED_EXIT, UserError } from '../util/errors.js';
import { withoutWorkflowCommands } from '../util/github.js';
import type { Command } from './command.js';
import { ENV_OPTION, planInEnvironment } from './environment-option.js';
import { readPlanFile, renderPlanView } from './plan-views.js';
import { charBudget, maxCharsOption, markdownBudget, MIN_MARKDOWN_CHARS } from './max-chars-option.js';
import { addJobSummary } from './job-summary.js';
import { directoryNamespace, editedNamespace, newPlanIn } from './edited-namespace.js';
import { suggestion } from './suggest.js';
import { plannedWith } from '../render/command-line.js';
import { pathWord } from '../util/shell-word.js';
import { codeSpan } from '../util/code-span.js';
import { shownPath } from '../desired/paths.js';

export const showCommand: Command = {
  name: 'show',
  summary: 'Show a saved plan file as text, markdown or json',
  usage: 'aac show PLANFILE [--format text|markdown|json] [--max-chars N] [--summary-max-chars N] [--env NAME]',
  description: [
    'Renders a plan saved with `aac plan --out FILE` exactly as `aac plan` showed it. Reads the',
    'file, and the aac.yaml of the directory it was made from when that is here: no credentials, no',
    'API calls. --format json prints the plan document itself. A file whose parts disagree (its',
    'summary and its changes, a change\'s changed_fields and its before and patch) was edited, and is',
    'refused, as is one whose namespace its directory (aac.yaml, or its path) does not give now, as',
    'apply refuses it; apply also checks it against the definitions and live state.',
    `With --env (or ${ENV_VARIABLE}), a plan made for another environment is refused, as apply refuses it.`,
    'The plan names the provider it was made for: --provider is refused. --dir is where the commands',
    'it suggests (the plan to make again) run.',
    'With --summary-max-chars N under GitHub Actions, the plan is also appended to the job summary',
    'as markdown within N characters: one run for the log and the summary.',
    '',
    'Exit status: 0 when the plan is shown, 1 when the file cannot be read or is refused;',
    `${INTERRUPTED_EXIT}.`,
  ].join('\n'),
  options: {
    'max-chars': maxCharsOption(),
    'summary-max-chars': {
      type: 'string',
      arg: 'N',
      description: `Also append the plan as markdown, within N characters (at least ${MIN_MARKDOWN_CHARS}), to the GitHub Actions job summary ($GITHUB_STEP_SUMMARY)`,
    },
    ...ENV_OPTION,
  },
  maxPositionals: 1,
  formats: ['text', 'json', 'markdown'],
  takesProvider: false,
  async run(ctx) {
    const file = ctx.positionals[0];
    if (file === undefined) throw new UserError('aac show needs the plan file to show', `usage: ${this.usage}`);
    // As `terraform show PLANFILE` takes no backend settings: the plan's own host is the one it shows.
    if (ctx.global.provider !== undefined) {
      throw new UserError(
        'aac show takes no --provider: a saved plan names the provider it was made for, and show sends no request',
        "drop it: aac apply of a saved plan is where the run's provider is checked against the plan's",
      );
    }
    const maxChars = markdownBudget(ctx);
    const summary = ctx.options['summary-max-chars'];
    const summaryChars = summary === undefined ? undefined : charBudget('--summary-max-chars', summary);
    const { plan, text } = await readPlanFile(ctx, file, 'show');
    // Only the file is read, so the chosen name is compared with the plan's, not with aac.yaml.
    // The plan it suggests reads the plan's own directory (recorded 1.12 on), whatever this run's --dir.
    const flag = ctx.options.env;
    const made = plan.dir === undefined ? ctx : { ...ctx, global: { ...ctx.global, dir: resolve(ctx.io.cwd, plan.dir) } };
    environmentForSavedPlan(plan.target.environment, namedEnvironment(typeof flag === 'string' ? flag : undefined, ctx.io.env), planInEnvironment(made));
    // A namespace the file says its directory gave, which that directory, when here, does not give
    // now: refused in apply's words (edited-namespace.ts), where it would otherwise be shown.
    const there = await directoryNamespace(plan, made.global.dir, ctx.io.cwd);
    if (there !== undefined) {
      const remake = codeSpan(suggestion(made, `plan ${plannedWith(plan)}--out ${pathWord(file)}`, plan.target.environment));
      const edited = editedNamespace({ plan, text, file }, shownPath(ctx.io.cwd, made.global.dir), there.now, there.config, newPlanIn(there.now, remake));
      if (edited !== undefined) throw edited;
    }
    // json: the document itself, as `aac plan --out` wrote it, never re-written as this aac's
    // format: a file of an earlier 1.x does not hold what its format_version would then promise.
    const view = ctx.global.format === 'json' ? (text.endsWith('\n') ? text : `${text}\n`) : renderPlanView(ctx, plan, { maxChars });
    // As plan prints it: live text in a human view may hold a line that reads as a workflow command.
    ctx.io.stdout.write(ctx.global.format === 'json' ? view : withoutWorkflowCommands(ctx.io.env, view, { toFile: ctx.io.stdoutIsFile }));
    if (summaryChars !== undefined) {
      // The job summary is read, never obeyed: the markdown goes there as it is.
      addJobSummary(ctx.io, () => renderPlanView({ ...ctx, global: { ...ctx.global, format: 'markdown', color: false } }, plan, { maxChars: summaryChars }));
    }
    return 0;
  },
};
