// `aac validate`: load → validate only. No credentials, no network: safe on every pull request.
import { loadProjectConfig } from '../config/index.js';
import { ENV_OPTION, runConfig } from './environment-option.js';
import { loadDefinitions } from '../desired/index.js';
import { renderAnnotations } from '../render/annotations.js';
import { diagnosticsJson, renderDiagnosticsText } from '../render/diagnostics.js';
import { plural } from '../render/format.js';
import { inGitHubActions } from '../util/github.js';
import type { Command } from './command.js';

export const validateCommand: Command = {
  name: 'validate',
  summary: 'Check the definitions against the schema and the API limits',
  usage: 'aac validate [--dir DIR] [--format text|json]',
  description: [
    'Reads every *.yaml / *.yml under the definitions directory (and its aac.yaml) and reports every',
    'problem in every file with its file:line:column, field and fix. Needs no credentials.',
    '',
    'Exit status: 0 when all definitions are valid (warnings allowed), 1 otherwise.',
    'In GitHub Actions the problems are also written as annotations on the changed lines.',
  ].join('\n'),
  options: { ...ENV_OPTION },
  maxPositionals: 0,
  async run(ctx) {
    const opts = { cwd: ctx.io.cwd, provider: ctx.global.provider };
    const config = await loadProjectConfig(ctx.global.dir, opts);
    const runIn = runConfig(ctx, config);
    const loaded = await loadDefinitions(ctx.global.dir, { ...opts, provider: runIn.provider });
    const diagnostics = [...config.diagnostics, ...loaded.diagnostics];
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    const valid = loaded.definitions.length;

    if (ctx.global.format === 'json') {
      ctx.io.stdout.write(`${JSON.stringify({ ...diagnosticsJson(diagnostics), definitions: valid, provider: runIn.provider }, null, 2)}\n`);
      return errors > 0 ? 1 : 0;
    }
    ctx.io.stdout.write(renderDiagnosticsText(diagnostics, { color: ctx.global.color }));
    if (inGitHubActions(ctx.io.env)) {
      ctx.io.stdout.write(renderAnnotations(diagnostics, { cwd: ctx.io.cwd, workspace: ctx.io.env.GITHUB_WORKSPACE }));
    }
    ctx.io.stdout.write(
      errors > 0
        ? `${valid} ${plural(valid, 'definition', 'definitions')} valid; fix the errors above.\n`
        : `${valid} ${plural(valid, 'definition', 'definitions')} valid.\n`,
    );
    return errors > 0 ? 1 : 0;
  },
};
