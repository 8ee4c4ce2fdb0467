// `aac import`: read the live assistants, pick the ones to adopt, generate every file in memory,
// then write them all or none.
import { existsSync } from 'node:fs';
import { relative, sep } from 'node:path';
import { createBackend } from '../backends/index.js';
import type { CommandContext } from '../commands/command.js';
import { loadProjectConfig } from '../config/index.js';
import { loadDefinitions } from '../desired/index.js';
import type { DesiredAssistant } from '../model/assistant.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { UserError } from '../util/errors.js';
import { buildImport } from './generate.js';
import type { ImportOutcome } from './report.js';
import { selectAssistants, type Selection } from './select.js';
import { writeAllOrNothing } from './write-files.js';

export interface ImportOptions extends Selection {
  force: boolean;
  dryRun: boolean;
}

/** Refuses to work from definitions that did not load: a pin it cannot see would import a second copy. */
function requireClean(diagnostics: readonly Diagnostic[], what: string): void {
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length === 0) return;
  const first = errors[0]!;
  const where = `${first.location.file}:${first.location.line}:${first.location.column}`;
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : '';
  throw new UserError(
    `${what} ${errors.length === 1 ? 'has an error' : 'have errors'}: ${where}: ${first.message}${more}`,
    'fix them first (`aac validate` lists them all), so import can see which assistants are already defined',
  );
}

export async function runImport(ctx: CommandContext, options: ImportOptions): Promise<ImportOutcome> {
  const { io, global } = ctx;
  const shown = (abs: string) => relative(io.cwd, abs).split(sep).join('/') || '.';
  const settings = { cwd: io.cwd, ...(global.provider ? { provider: global.provider } : {}) };

  const { config, diagnostics: configDiagnostics } = await loadProjectConfig(global.dir, settings);
  requireClean(configDiagnostics, 'the project config');

  let definitions: DesiredAssistant[] = [];
  if (existsSync(global.dir)) {
    const loaded = await loadDefinitions(global.dir, settings);
    requireClean(loaded.diagnostics, 'the definitions');
    definitions = loaded.assistants;
  }

  const backend = createBackend({ config, env: io.env, debug: global.debug });
  const live = await backend.listAll();

  const selection = selectAssistants(live, definitions, options);
  const build = buildImport(selection.candidates, definitions, backend.defaults, {
    dir: global.dir,
    cwd: io.cwd,
    force: options.force,
  });
  if (!options.dryRun && build.writes.length > 0) writeAllOrNothing(build.writes, shown);

  return {
    ...build,
    dir: shown(global.dir),
    dryRun: options.dryRun,
    // Named by id, a skipped assistant is a request not carried out; matched by a pattern, only a note.
    refused: build.skipped.filter((s) => s.needsForce && options.ids.includes(s.id)),
    managedLeftAlone: selection.managedLeftAlone,
  };
}
