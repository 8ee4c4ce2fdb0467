// `aac plan`: its options and help, and a run that begins the listing before it imports the work
// (plan-run.ts), so the first round trip overlaps loading the modules that read and plan.
import { refuseDash } from './dash.js';
import { refuseBackslash } from '../desired/slash-paths.js';
import { resolve } from 'node:path';
import { DEFAULT_DIR } from '../model/config.js';
import { checkWriteTarget } from '../util/write-files.js';
import { refuseWriteInGitDir } from '../desired/git-dir.js';
import { codeSpan } from '../util/code-span.js';
import type { Command, CommandContext } from './command.js';
import { INTERRUPTED_EXIT, UserError } from '../util/errors.js';
import { ENV_OPTION } from './environment-option.js';
import { maxCharsOption, markdownBudget } from './max-chars-option.js';
import { NAMESPACE_OPTION } from './namespace-option.js';
import { ADOPT_LEGACY_OPTION, ADOPT_NAMESPACE_OPTION, adoptNamespaceOf, ALLOW_EMPTY_OPTION, refuseAllowEmptyAlone } from './plan-options.js';
import { startReading } from './reading.js';
import { TARGET_OPTION } from './target-option.js';
import { CHANGED_FILES_RECIPE } from '../plan/changed-list.js';

export const planCommand: Command = {
  name: 'plan',
  summary: 'Show what apply would change in the live resources (assistants, agents)',
  usage: 'aac plan [--out FILE] [--markdown-out FILE] [--detailed-exitcode] [--prune] [--adopt-legacy] [--adopt-namespace OLD] [--target KEY]... [--changed-files FILE] [--max-chars N] [options]',
  description: [
    'Reads the definitions, lists every live resource, and shows the create, modify and delete',
    'calls that would make the live state match. Nothing is changed.',
    '',
    'Exit status: 0 success, 1 error; with --detailed-exitcode, 2 when there are changes;',
    `${INTERRUPTED_EXIT}.`,
    'Managed resources without a definition (orphans) are listed, and deleted only with --prune.',
    '',
    'For a pull-request comment: --format markdown, --max-chars for the room the comment leaves,',
    'and --changed-files with the paths the pull request changes, so that differences of definitions',
    'it does not change show apart, as edits made outside aac that merging reverts.',
    '--markdown-out FILE writes that comment to a file, so that one run gives the comment and the',
    'log its --format view.',
  ].join('\n'),
  options: {
    out: { type: 'string', arg: 'FILE', description: 'Save the plan for `aac apply FILE` (JSON, no secrets)' },
    'markdown-out': {
      type: 'string',
      arg: 'FILE',
      description: 'Also write the plan as markdown (within --max-chars) to FILE: a pull-request comment, while stdout has --format\'s view',
    },
    'detailed-exitcode': { type: 'boolean', description: 'Exit 2 when there are changes, 0 when there are none' },
    prune: { type: 'boolean', description: 'Plan to delete managed resources that have no definition' },
    target: TARGET_OPTION,
    'changed-files': {
      type: 'string',
      arg: 'FILE',
      description: 'Paths the reviewed change touches, one a line or each ended by a NUL (`git diff --name-only -z`), relative to here; drift on the others is shown apart',
    },
    'max-chars': maxCharsOption('markdown-out'),
    ...ALLOW_EMPTY_OPTION,
    ...ADOPT_LEGACY_OPTION,
    ...ADOPT_NAMESPACE_OPTION,
    ...NAMESPACE_OPTION,
    ...ENV_OPTION,
  },
  maxPositionals: 0,
  formats: ['text', 'json', 'markdown'],
  async run(ctx) {
    // The listing's first request goes out before the modules that load, plan and render are
    // imported, so they load during its round trip (src/commands/reading.ts).
    const maxChars = markdownBudget(ctx, 'markdown-out');
    refuseAllowEmptyAlone(ctx);
    // A value that is no namespace, too (one that is the run's own is refused once aac.yaml is read).
    adoptNamespaceOf(ctx);
    // `-` for a file is refused before any request too.
    if (typeof ctx.options['changed-files'] === 'string') {
      refuseDash(ctx.options['changed-files'], '--changed-files', `give a file listing the changed paths (in bash, \`--changed-files <(${CHANGED_FILES_RECIPE})\` gives one without a file)`);
    }
    // A --out or --markdown-out that can never be written is refused before any request, not after
    // the plan is made. So is one where the next run would read it as a definition, which would
    // break every run after.
    const out = ctx.options.out;
    if (typeof out === 'string') {
      refuseDash(out, '--out', 'print the plan with --format json instead: it is the very document --out saves (`aac plan --format json > plan.json`)');
      await refuseOutFile(ctx, '--out', out, `the plan outside git's own files: e.g. ${codeSpan('--out plan.json')}`);
    }
    const markdownOut = ctx.options['markdown-out'];
    if (typeof markdownOut === 'string') {
      refuseDash(markdownOut, '--markdown-out', 'print the plan with --format markdown instead: it is the very text --markdown-out writes');
      if (typeof out === 'string' && resolve(ctx.io.cwd, out) === resolve(ctx.io.cwd, markdownOut)) {
        throw new UserError(`--out and --markdown-out both name ${markdownOut}: the plan and its markdown would overwrite each other`, `give each its own file: e.g. ${codeSpan('--out plan.json --markdown-out plan.md')}`);
      }
      await refuseOutFile(ctx, '--markdown-out', markdownOut, `the markdown outside git's own files: e.g. ${codeSpan('--markdown-out plan.md')}`);
    }
    // Resolved once the client is made and its first request is on its way.
    const reading = await startReading(ctx, { command: 'plan' });
    const { runPlan } = await import('./plan-run.js');
    return runPlan(ctx, reading, maxChars);
  },
};

/**
 * Refuses a file `flag` names (`value`, as given) before any request: one spelled with `\`, inside
 * git's own files, one that cannot be written, or one this directory (or another definitions
 * directory of the project) would read back as a definition. `elsewhere`: what to save where,
 * with an example (the hint of a file in git's own files).
 */
async function refuseOutFile(ctx: CommandContext, flag: string, value: string, elsewhere: string): Promise<void> {
  refuseBackslash(value, flag);
  const file = resolve(ctx.io.cwd, value);
  refuseWriteInGitDir(file, value, ctx.io.cwd, { flag, hint: `save ${elsewhere}` });
  checkWriteTarget(file, value);
  const [{ otherDefinitionDirs, refuseReadBack }, { shownPath }] = await Promise.all([import('../desired/discover.js'), import('../desired/paths.js')]);
  const shown = (p: string) => shownPath(ctx.io.cwd, p);
  const own = resolve(ctx.io.cwd, ctx.global.dir);
  await refuseReadBack(own, file, shown, 'nothing was run');
  // And where another run would read it: a plan in another team's directory breaks its runs.
  for (const { dir, why } of otherDefinitionDirs(file, ctx.io.cwd, DEFAULT_DIR)) {
    if (dir !== own) await refuseReadBack(dir, file, shown, 'nothing was run', why);
  }
}
