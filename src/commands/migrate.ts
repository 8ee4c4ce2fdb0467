// `aac migrate --to BACKEND --out DIR`: Assistants-shaped definitions → definitions for another
// backend, by that backend's mapping (its `migrate`). Every field with no counterpart is listed
// with file, line and field; nothing is written unless there are none or the user passes
// --accept-losses. Then every file is written or none, never over an existing one without --force.
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { Command } from './command.js';
import { loadDesired } from './pipeline.js';
import { backendNamed, kindForProvider, migrationTargets } from '../backends/registry.js';
import { keyFromPath, posixRelative, shownPath } from '../desired/paths.js';
import type { FileWrite } from '../import/generate.js';
import { renderDefinition } from '../import/render-yaml.js';
import { schemaReference } from '../import/schema-ref.js';
import { writeAllOrNothing } from '../import/write-files.js';
import { plural } from '../render/format.js';
import { UserError } from '../util/errors.js';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'Convert Assistants definitions into definitions for another backend',
  usage: 'aac migrate --to BACKEND --out DIR [--dir SRC] [--accept-losses] [--force] [options]',
  description: [
    'Reads the Assistants definitions in --dir (default assistants/) and writes one definition per',
    'file into --out, at the same relative path, for the backend named by --to, by that API\'s',
    'mapping. Every field with no counterpart is listed (file:line:col and the field); then nothing',
    'is written unless you pass --accept-losses, which writes the definitions without those fields.',
    'All files are written, or none; an existing file is kept unless --force. --out also gets an',
    'aac.yaml naming the new provider, unless it has one. Then: aac plan --dir DIR.',
  ].join('\n'),
  options: {
    to: { type: 'string', arg: 'BACKEND', description: 'The backend to write definitions for' },
    out: { type: 'string', arg: 'DIR', description: 'Where to write them (created when missing)' },
    'accept-losses': { type: 'boolean', description: 'Write even though the listed fields cannot be carried over (they are dropped)' },
    force: { type: 'boolean', description: 'Overwrite existing files in --out' },
  },
  formats: ['text'],
  maxPositionals: 0,
  async run(ctx) {
    const { io, global, options } = ctx;
    const targets = migrationTargets();
    const to = typeof options.to === 'string' ? options.to : undefined;
    const target = to === undefined ? undefined : backendNamed(to);
    if (!target?.migrate) throw new UserError(to === undefined ? 'aac migrate needs --to BACKEND' : `aac migrate cannot write definitions for '${to}'`, `use --to ${targets.join(' or --to ')}`);
    if (typeof options.out !== 'string' || options.out === '') throw new UserError('aac migrate needs --out DIR: where to write the new definitions', 'e.g. --out agents');
    const srcDir = resolve(io.cwd, global.dir);
    const outDir = resolve(io.cwd, options.out);
    if (outDir === srcDir) throw new UserError('--out is the definitions directory itself', 'write the new definitions into a directory of their own');

    const { desired, config } = await loadDesired(ctx);
    if (kindForProvider(config.provider).name !== 'assistant') {
      throw new UserError(`aac migrate reads Assistants definitions; ${shownPath(io.cwd, srcDir)} holds definitions for provider ${config.provider}`, 'point --dir at a directory of Assistants definitions');
    }
    const provider = target.providers[0]!.name;
    const kind = target.kind;

    const losses: string[] = [];
    const writes: FileWrite[] = [];
    for (const def of desired) {
      const { definition, losses: lost } = target.migrate(def.spec);
      for (const loss of lost) {
        const at = def.locate(loss.path);
        const field = loss.path.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');
        losses.push(`${at.file}:${at.line}:${at.column}: ${field} — ${loss.why}`);
      }
      const yamlPath = join(outDir, relative(srcDir, resolve(io.cwd, def.file)));
      const key = keyFromPath(outDir, yamlPath) === def.key ? undefined : def.key;
      let instructionsFile: string | undefined;
      const spec = { ...definition };
      // A prompt kept in its own file stays in its own file: prompts/<key>.md beside the new definitions.
      if (def.instructionsFile && typeof spec.instructions === 'string') {
        const promptPath = join(outDir, 'prompts', `${def.key}.md`);
        writes.push({ path: promptPath, content: spec.instructions, replaces: existsSync(promptPath) });
        instructionsFile = posixRelative(dirname(yamlPath), promptPath);
        delete spec.instructions;
      }
      const content = renderDefinition({ ...(key ? { key } : {}), spec, ...(instructionsFile ? { instructionsFile } : {}) }, schemaReference(yamlPath, outDir, kind), kind);
      writes.push({ path: yamlPath, content, replaces: existsSync(yamlPath) });
    }
    const configPath = join(outDir, 'aac.yaml');
    if (!existsSync(configPath)) writes.push({ path: configPath, content: `provider: ${provider}\n`, replaces: false });

    const shown = (p: string) => shownPath(io.cwd, p);
    if (losses.length > 0) {
      io.stderr.write(`${losses.map((l) => `${l}\n`).join('')}`);
      if (!options['accept-losses']) {
        throw new UserError(
          `${losses.length} ${plural(losses.length, 'field has', 'fields have')} no counterpart in ${target.name}; nothing was written`,
          'change the source definitions, or run again with --accept-losses to write the definitions without those fields',
        );
      }
    }
    const existing = writes.filter((w) => w.replaces);
    if (existing.length > 0 && !options.force) {
      throw new UserError(`${existing.map((w) => shown(w.path)).join(', ')} already ${existing.length === 1 ? 'exists' : 'exist'}; nothing was written`, 'use --force to overwrite, or choose another --out');
    }
    writeAllOrNothing(writes, shown);
    const n = desired.length;
    io.stdout.write(
      `Migrated ${n} ${plural(n, 'definition', 'definitions')} to ${shown(outDir)} (${provider})` +
        (losses.length > 0 ? `, ${losses.length} ${plural(losses.length, 'field', 'fields')} dropped as accepted` : '') +
        `.\nNext: aac plan --dir ${shown(outDir)}\n`,
    );
    return 0;
  },
};
