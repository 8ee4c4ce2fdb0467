// `aac migrate --to BACKEND --out DIR`: Assistants-shaped definitions → definitions for another
// backend, by that backend's mapping (its `migrate`). Every field with no counterpart is listed
// with file, line and field; nothing is written unless there are none or the user passes
// --accept-losses. Then every file is written or none, never over an existing one without --force.
import { existsSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { stringify } from 'yaml';
import type { Command, CommandContext } from './command.js';
import { loadDesired } from './pipeline.js';
import { runGivenNamespace } from './namespace-option.js';
import { backendNamed, kindForProvider, migrationTargets } from '../backends/registry.js';
import { keyFromPath, posixRelative, shownPath } from '../desired/paths.js';
import type { FileWrite } from '../util/write-files.js';
import { renderDefinition } from '../import/render-yaml.js';
import { refuseInvalid, type WrittenDefinition } from '../import/validity-check.js';
import { schemaReference } from '../import/schema-ref.js';
import { checkWriteDirectory, writeAllOrNothing } from '../util/write-files.js';
import { walksInto } from '../desired/discover.js';
import { IGNORE_FILE } from '../desired/ignore.js';
import type { ProjectConfig } from '../model/config.js';
import type { Definition } from '../model/definition.js';
import { pathText, setAt, valueAt } from '../model/json.js';
import { plural } from '../render/format.js';
import { UserError } from '../util/errors.js';
import { orList } from '../util/words.js';
import { sanitize } from '../util/invisible.js';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'Convert Assistants definitions into definitions for another backend',
  usage: 'aac migrate --to BACKEND --out DIR [--dir SRC] [--accept-losses] [--force] [options]',
  description: [
    'Reads the Assistants definitions in --dir (default assistants/) and writes one definition per',
    'file into --out, at the same relative path, for the backend named by --to, by that API\'s',
    'mapping. Every field with no counterpart is listed (file:line:col and the field); then nothing',
    'is written unless you pass --accept-losses, which writes the definitions without those fields.',
    'A definition that aac validate would refuse for the new backend (a value beyond its limits) is',
    'never written: each is named with the source file and the error, and nothing is written.',
    'All files are written, or none; an existing file is kept unless --force. --out also gets an',
    'aac.yaml naming the new provider and the source\'s namespace, unless it has one. Then: aac plan --dir DIR.',
  ].join('\n'),
  options: {
    to: {
      type: 'string',
      arg: 'BACKEND',
      // Read when help is drawn: the registry, with any backend registered since, is the one list.
      get description() {
        return `The backend to write definitions for: ${orList(migrationTargets())}`;
      },
    },
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
    await refuseOverlap(io.cwd, srcDir, outDir, target.name);
    // Refused before any definition is read and converted, not once all of it is done.
    checkWriteDirectory(outDir, options.out);

    const { desired, config, environments } = await loadDesired(ctx);
    if (kindForProvider(config.provider).name !== 'assistant') {
      throw new UserError(`aac migrate reads Assistants definitions; ${shownPath(io.cwd, srcDir)} holds definitions for provider ${config.provider}`, 'point --dir at a directory of Assistants definitions');
    }
    const provider = target.providers[0]!.name;
    const kind = target.kind;

    const losses: string[] = [];
    /** What neither carries over nor may be left out: no --accept-losses writes it. */
    const choices: string[] = [];
    const notes: string[] = [];
    const writes: FileWrite[] = [];
    const definitions: WrittenDefinition[] = [];
    /** For a kind addressed by its name: which definitions end up with each name (compared case-insensitively). */
    const byName = new Map<string, Array<{ def: Definition; name: string }>>();
    for (const def of desired) {
      const migrated = target.migrate(def.spec, { key: def.key });
      // Each definition's lines in the order of the file, as a compiler lists its errors.
      const lines = (items: ReadonlyArray<{ path: Array<string | number>; text: string }>): string[] =>
        items
          .map(({ path, text }) => ({ ...def.locate(path), path, text }))
          .sort((a, b) => a.line - b.line || a.column - b.column)
          .map(({ file, line, column, path, text }) => `${file}:${line}:${column}: ${pathText(path)} — ${text}`);
      losses.push(...lines(migrated.losses.map((l) => ({ path: l.path, text: l.why }))));
      choices.push(...lines((migrated.choices ?? []).map((c) => ({ path: c.path, text: c.why }))));
      notes.push(...lines((migrated.notes ?? []).map((n) => ({ path: n.path, text: n.what }))));
      const spec = structuredClone(migrated.definition);
      const name = valueAt(spec, kind.paths.name);
      // Names that differ only in case are one name here: whether a host tells them apart is not
      // documented (Foundry's sources are silent), so migrate does not rely on it.
      if (kind.identity.addressedBy === 'name' && typeof name === 'string') {
        byName.set(name.toLowerCase(), [...(byName.get(name.toLowerCase()) ?? []), { def, name }]);
      }
      const yamlPath = join(outDir, relative(srcDir, resolve(io.cwd, def.file)));
      const key = keyFromPath(outDir, yamlPath) === def.key ? undefined : def.key;
      let instructionsFile: string | undefined;
      // A prompt kept in its own file stays in its own file: prompts/<key>.md beside the new
      // definitions, by the key the file's path gives: a `key:` of its own may hold `..`
      // (`key: ../../x`), which would put the prompt outside --out.
      const instructions = valueAt(spec, kind.paths.instructions);
      if (def.instructionsFile && typeof instructions === 'string') {
        const promptPath = join(outDir, 'prompts', `${keyFromPath(outDir, yamlPath)}.md`);
        writes.push({ path: promptPath, content: instructions, replaces: existsSync(promptPath) });
        instructionsFile = posixRelative(dirname(yamlPath), promptPath);
        setAt(spec, kind.paths.instructions, undefined);
      }
      const { text: content, read } = renderDefinition({ ...(key ? { key } : {}), spec, ...(instructionsFile ? { instructionsFile } : {}) }, schemaReference(yamlPath, outDir, kind), kind);
      const write = { path: yamlPath, content, replaces: existsSync(yamlPath) };
      writes.push(write);
      definitions.push({ from: def.file, write, read });
    }
    // Two definitions with one name would address one resource: no loss to accept, a choice to make.
    const collisions = [...byName.values()].filter((group) => group.length > 1).flatMap((group) =>
      group.map(({ def, name }) => {
        const { file, line, column } = def.locate(kind.paths.name);
        const others = group.filter((g) => g.def !== def).map((g) => g.def.file).join(', ');
        return `${file}:${line}:${column}: ${pathText([...kind.paths.name])} — becomes the ${kind.nouns.one} name '${name}', as ${others} does; the name addresses the ${kind.nouns.one}`;
      }));
    const configPath = join(outDir, 'aac.yaml');
    if (!existsSync(configPath)) writes.push({ path: configPath, content: migratedConfig(ctx, config, provider), replaces: false });
    // Whether the new API is served where the old one was depends on the host (a gateway may not
    // proxy it): said, not assumed.
    if (config.endpoint !== undefined) {
      notes.push(`${config.file ?? 'aac.yaml'} — its endpoint ${config.endpoint} is not carried over: add \`endpoint:\` to ${shownPath(io.cwd, configPath)} if ${target.name} is served there`);
    }
    if (environments.environments.length > 0) {
      notes.push(`${config.file ?? 'aac.yaml'} — its environments are not carried over: copy the ones the new definitions need into ${shownPath(io.cwd, configPath)}`);
    }

    const shown = (p: string) => shownPath(io.cwd, p);
    if (collisions.length > 0) {
      io.stderr.write(`${[...collisions, ...losses].map((l) => `${sanitize(l)}\n`).join('')}`);
      throw new UserError(
        `${collisions.length} definitions would address one ${kind.nouns.one} by the same name in ${target.name}; nothing was written`,
        `give each a distinct \`name:\` in the source definitions (in ${target.name} the name is the ${kind.nouns.one}'s address)`,
      );
    }
    if (choices.length > 0) {
      io.stderr.write(`${[...choices, ...losses].map((l) => `${sanitize(l)}\n`).join('')}`);
      throw new UserError(
        `${choices.length} ${plural(choices.length, 'value', 'values')} of the source cannot be carried over to ${target.name}, nor left out; nothing was written`,
        'change the source definitions as each line above says',
      );
    }
    if (losses.length > 0) io.stderr.write(`${losses.map((l) => `${sanitize(l)}\n`).join('')}`);
    // A value the mapping carries but the new backend refuses (beyond its limits) would make a
    // definition that plans nothing: refused, with the losses above, so one run shows all there is to do.
    refuseInvalid(definitions, kind, provider, shown, {
      opening: `refusing to migrate: the definitions it would write hold what ${target.name} refuses`,
      fix: 'change the source definitions (each is named before the file it would write) so that each error above is gone',
    });
    if (losses.length > 0) {
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
    io.stdout.write(notes.map((l) => `${sanitize(l)}\n`).join(''));
    io.stdout.write(
      `Migrated ${n} ${plural(n, 'definition', 'definitions')} to ${shown(outDir)} (${provider})` +
        (losses.length > 0 ? `, ${losses.length} ${plural(losses.length, 'field', 'fields')} dropped as accepted` : '') +
        `.\nNext: aac plan --dir ${shown(outDir)}\n`,
    );
    return 0;
  },
};

/**
 * Refuses (UserError, exit 1), before a definition is read, a `--out` that overlaps the source `--dir`
 * where a run on one would read the other's files: the same directory (also through a symbolic
 * link), `--out` inside `--dir` (every later run on the source would read the new definitions as
 * Assistants ones), or `--dir` inside `--out` (every run on the new directory would read the
 * Assistants definitions as `target`'s). A directory the other's walk skips (a `_` or `.` name, an
 * `.aacignore` pattern) does not overlap: `--out assistants/_agents` is fine. The hint names a
 * directory beside the source that overlaps neither.
 */
async function refuseOverlap(cwd: string, srcDir: string, outDir: string, target: string): Promise<void> {
  const shown = (p: string) => `${shownPath(cwd, p)}/`;
  const [outInSrc, srcInOut] = await Promise.all([walksInto(srcDir, outDir), walksInto(outDir, srcDir)]);
  if (!outInSrc && !srcInOut) return;
  const beside = `--out ${shownPath(cwd, join(dirname(srcDir), `${basename(srcDir) || 'assistants'}-${target}`))}`;
  if (outInSrc && srcInOut) {
    throw new UserError(`--out ${shown(outDir)} is the definitions directory --dir ${shown(srcDir)} itself; nothing was written`, `write the new definitions into a directory of their own, beside it: e.g. ${beside}`);
  }
  if (outInSrc) {
    throw new UserError(
      `--out ${shown(outDir)} is inside the definitions directory ${shown(srcDir)}, where every later run would read the new definitions as its own; nothing was written`,
      `write them beside it (e.g. ${beside}), or give --out a name runs skip: starting with '_' or '.', or matched by ${shownPath(cwd, join(srcDir, IGNORE_FILE))}`,
    );
  }
  throw new UserError(
    `the definitions directory ${shown(srcDir)} is inside --out ${shown(outDir)}, where every run on ${shown(outDir)} would read its Assistants definitions as ${target} definitions; nothing was written`,
    `write the new definitions into a directory that does not hold the source: e.g. ${beside}`,
  );
}

/**
 * The new directory's aac.yaml: the new provider, and the source's namespace when one was set
 * (aac.yaml or AAC_NAMESPACE), so the migrated definitions are owned by the same team's scope. A
 * default namespace is not written: it comes from the directory's path, which the new directory
 * has its own of.
 */
function migratedConfig(ctx: CommandContext, config: ProjectConfig, provider: string): string {
  const settings: Record<string, string> = { provider };
  const given = runGivenNamespace(ctx, config);
  if (given) settings.namespace = given.namespace;
  return stringify(settings);
}
