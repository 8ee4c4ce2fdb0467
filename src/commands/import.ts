import type { Command } from './command.js';
import { runImport } from './import-run.js';
import { ENV_OPTION } from './environment-option.js';
import { NAMESPACE_OPTION } from './namespace-option.js';
import { renderImportJson, renderImportText } from '../render/import-report.js';
import { INLINE_INSTRUCTIONS_MAX } from '../import/generate.js';
import { plural } from '../util/words.js';
import { sanitize } from '../util/invisible.js';
import { INTERRUPTED_EXIT, UserError } from '../util/errors.js';

const list = (value: unknown): string[] => (Array.isArray(value) ? value : typeof value === 'string' ? [value] : []);

export const importCommand: Command = {
  name: 'import',
  summary: 'Write definitions for live resources that aac does not manage yet',
  usage: 'aac import [--id ID ...] [--name PATTERN ...] [--force [--replace-differing]] [--dry-run] [options]',
  description: [
    'Without --id or --name, imports every live resource that aac does not manage yet; an --id or',
    'a --name that matches no live resource is an error. Each one',
    'gets a file <key>.yaml in the definitions directory: the key is made from its name',
    '(`Café Bot` → cafe-bot; -2, -3 … when taken), `id:` pins the resource, and fields that only',
    'repeat an API default are left out. Instructions longer than',
    `${INLINE_INSTRUCTIONS_MAX.lines} lines or ${INLINE_INSTRUCTIONS_MAX.chars} characters go to prompts/<key>.md (instructions_file:).`,
    '',
    'Resources that already have a definition (pinned by id: or managed under its key) are skipped;',
    'with --force their files are rewritten from the live state. Existing files are never',
    'overwritten without --force. A definition that differs from its live resource (an edit not',
    'applied yet, a change made on the host) is rewritten only with --replace-differing too, which',
    'lists the fields it replaces.',
    'All files are written, or none.',
    '',
    'Then run `aac plan`: it shows only the adoption (the namespace\'s marker) until you change a file;',
    'resources the namespace already manages, rewritten with --force, show no changes.',
    '',
    'Exit status: 0 when every selected resource is imported (or, with --dry-run, would be), 1 on an',
    'error or when one named with --id is not;',
    `${INTERRUPTED_EXIT} (before the files are written, or once they all are).`,
  ].join('\n'),
  options: {
    id: { type: 'string', multiple: true, arg: 'ID', description: 'Import the resource with this id (repeatable)' },
    name: {
      type: 'string',
      multiple: true,
      arg: 'PATTERN',
      description: 'Import resources whose name matches; * and ? wildcards, any case (repeatable)',
    },
    force: { type: 'boolean', description: 'Rewrite existing definitions of the selected resources' },
    'replace-differing': { type: 'boolean', description: 'With --force, also rewrite a definition that differs from its live resource (an edit not applied yet, a change made on the host), listing the fields replaced' },
    'dry-run': { type: 'boolean', description: 'Show what would be written; write nothing' },
    ...NAMESPACE_OPTION,
    ...ENV_OPTION,
  },
  maxPositionals: 0,
  async run(ctx) {
    if (ctx.options['replace-differing'] && !ctx.options.force) {
      throw new UserError('--replace-differing only widens --force, which was not given', 'add --force to rewrite existing definitions from the live state (see --dry-run first)');
    }
    const outcome = await runImport(ctx, {
      ids: list(ctx.options.id),
      namePatterns: list(ctx.options.name),
      force: Boolean(ctx.options.force),
      replaceDiffering: Boolean(ctx.options['replace-differing']),
      dryRun: Boolean(ctx.options['dry-run']),
    });
    ctx.io.stdout.write(
      ctx.global.format === 'json' ? renderImportJson(outcome) : renderImportText(outcome, ctx.global.color),
    );
    if (outcome.refused.length === 0) return 0;
    const { one, many } = outcome.nouns;
    // Another namespace's is never imported, --force or not: its way here is its owner's step.
    const foreign = outcome.refused.filter((s) => s.handOver !== undefined);
    const differing = outcome.refused.filter((s) => s.differing !== undefined);
    // What no flag imports (a key import cannot write, a file taken), each with its fix.
    const other = outcome.refused.filter((s) => s.fix !== undefined);
    const forceable = outcome.refused.filter((s) => s.needsForce).length;
    if (forceable > 0) {
      ctx.io.stderr.write(
        `Error: ${forceable} ${plural(forceable, one, many)} named with --id ${plural(forceable, 'was', 'were')} not imported ` +
          '(see Skipped above); no file was overwritten\n' +
          `  use --force to write their definitions from the live ${many}\n`,
      );
    }
    if (differing.length > 0) {
      ctx.io.stderr.write(
        `Error: ${differing.length} ${plural(differing.length, one, many)} named with --id ${plural(differing.length, 'was', 'were')} not imported: ` +
          `${plural(differing.length, 'its definition differs', 'their definitions differ')} from the live ${plural(differing.length, one, many)} (see Skipped above); no file was overwritten\n` +
          '  to keep the files\' values, apply them first; to take the live ones, add --replace-differing\n',
      );
    }
    for (const s of foreign) {
      ctx.io.stderr.write(`Error: ${sanitize(s.id)}, named with --id, was not imported: another namespace manages it (see Skipped above)\n  ${sanitize(s.handOver!)}\n`);
    }
    for (const s of other) ctx.io.stderr.write(`Error: ${sanitize(s.id)}, named with --id, was not imported: ${sanitize(s.why)}\n  ${sanitize(s.fix!)}\n`);
    return 1;
  },
};
