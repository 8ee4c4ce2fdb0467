// `aac migrate --to BACKEND --out DIR`: Assistants-shaped definitions → definitions for another
// backend, by that backend's mapping (its `migrate`). Every field with no counterpart is listed
// with file, line and field; nothing is written unless there are none or the user passes
// --accept-losses. Then every file is written or none, never over an existing one without --force.
import { refuseDash } from './dash.js';
import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { parse, stringify } from 'yaml';
import type { Command, CommandContext } from './command.js';
import { loadAsWritten } from './pipeline.js';
import { loadProjectConfig } from '../config/index.js';
import { runGivenNamespace } from './namespace-option.js';
import { NAMESPACE_ENV, namespaceStep } from '../config/namespace.js';
import { backendNamed, kindForProvider, MIGRATE_SOURCE_KIND, migrationTargets, providerInfo } from '../backends/registry.js';
import type { ProviderInfo } from '../backends/backend.js';
import { nameAddress } from '../backends/name-address.js';
import { DEFAULT_API_VERSION } from '../backends/http/endpoint.js';
import { keyFromPath, posixRelative, shownPath } from '../desired/paths.js';
import type { FileWrite } from '../util/write-files.js';
import { definitionObject, overlayComment, renderDefinition, renderOverlay, type DefinitionFile } from '../import/render-yaml.js';
import { invalidDefinitions, type WrittenDefinition } from '../import/validity-check.js';
import { schemaReference } from '../import/schema-ref.js';
import { checkWriteDirectory } from '../util/write-files.js';
import { pathWord } from '../util/shell-word.js';
import { refuseWriteInGitDir } from '../desired/git-dir.js';
import { repoRoot } from '../desired/repo-root.js';
import { ownDirectoryHolding, readAs, walksInto } from '../desired/discover.js';
import { refuseWritingOverRead } from '../desired/written-over.js';
import { holdsUnchanged, keepIncludes } from './migrate-includes.js';
import { settingsNotWritten } from './migrate-kept-settings.js';
import { environmentLosses, type Loss } from './migrate-environment-losses.js';
import { lossPlaces, type LossPlace } from './migrate-loss-places.js';
import { IGNORE_FILE } from '../desired/ignore.js';
import { CLIENT_OPTIONS, type ProjectConfig } from '../model/config.js';
import { EXTENSION_PREFIX, type Definition, type IncludeSite, type SourceLocation, type Spec } from '../model/definition.js';
import { isObject, pathText, setAt, valueAt, type Json, type JsonObject } from '../model/json.js';
import { overlayDirFor, sharedTargetPairs, type Environments } from '../environments/config.js';
import { overlayDir } from '../environments/load-overlays.js';
import { fileDoc } from '../environments/located.js';
import { overlayBetween, withoutField } from '../environments/merge.js';
import { referenceNames, type Scope } from '../environments/variables.js';
import { yamlSource } from '../yaml/source.js';
import { settingsKeepingComments } from '../yaml/edit-document.js';
import { plural } from '../util/words.js';
import { repeatedFlags } from '../render/command-line.js';
import { shellWord } from '../util/shell-word.js';
import { chosen } from './choices.js';
import { INTERRUPTED_EXIT, UserError } from '../util/errors.js';
import { caseClashes } from '../desired/case-clash.js';
import { throwRefusals, type Refusal } from '../util/refusals.js';
import { andList, cappedItems, orList } from '../util/words.js';
import { sanitize } from '../util/invisible.js';
import { migrateJson, notesText, saidDiagnostics, SaidOnce, saidText, type Note, type Said } from './migrate-report.js';
import { pointOfNoReturn, writeFilesHeard } from './point-of-no-return.js';
import { DRIFT_KINDS, liveLines, readLive, type DriftKind, type LiveRead } from './migrate-live.js';
import { verifyMigration } from './migrate-verify.js';
import { holdsDefinitions, refuseScopeMove } from './migrate-scope.js';
import { pathNamespace } from './namespace-option.js';
import { codeSpan } from '../util/code-span.js';

export const migrateCommand: Command = {
  name: 'migrate',
  summary: 'Convert Assistants definitions into definitions for another backend',
  usage: 'aac migrate --to BACKEND --out DIR [--dir SRC] [--accept-losses] [--accept-drift] [--force] [--verify] [options]',
  description: [
    'Reads the Assistants definitions in --dir (default assistants/) and writes one definition per',
    'file into --out, at the same relative path, for the backend named by --to, by that API\'s',
    'mapping. Every field with no counterpart is listed (file:line:col and the field); then nothing',
    'is written unless you pass --accept-losses, which writes the definitions without those fields.',
    'A definition that aac validate would refuse for the new backend (a value beyond its limits) is',
    'never written: each is named with the source file and the error, and nothing is written.',
    'All files are written, or none; an existing file is kept unless --force. --out also gets an',
    'aac.yaml naming the new provider and the source\'s namespace, client options, variables and',
    'environments (one already there is kept when there are no variables or environments to carry,',
    'and replaced with --force keeping its comments and the settings it holds that the migration does not write;',
    'a variable whose every reference is dropped with a field is left out, and named);',
    'the endpoint and api_version only where one endpoint serves both APIs (Foundry\'s), each setting',
    'not carried named on stdout. ${var.…} references stay as written, and',
    'so do $ref includes whose content carries over unchanged (their fragment files are copied; the',
    'others are written out, and named). Each environment\'s overlays are converted as their',
    'definitions are. Where the source\'s endpoint and credentials are given, its live state is read',
    'first, in each environment, as its plan would read it: a difference from the definitions (an',
    'edit made on the host since the last apply) is listed by file and field, and nothing is written',
    'unless --accept-drift; without them, migrate says the live state was not read. Then: aac plan',
    '--dir DIR. After the cut-over, --verify writes nothing and checks that the new live resources',
    'carry what the source\'s do, but the listed losses.',
    '',
    'Exit status: 0 when the files are written (with --verify: when the chain holds), 1 otherwise',
    '(losses not accepted, drift not accepted, a definition refused, a break --verify finds, any',
    'error);',
    `${INTERRUPTED_EXIT}.`,
  ].join('\n'),
  options: {
    to: {
      type: 'string',
      arg: 'BACKEND',
      // Read when help is drawn: the registry, with any backend registered since, is the one list.
      get description() {
        return `The backend to write definitions for: ${orList(migrationTargets())}`;
      },
      get choices() {
        return migrationTargets();
      },
    },
    out: { type: 'string', arg: 'DIR', description: 'Where to write them (created when missing)' },
    'accept-losses': { type: 'boolean', description: 'Write even though the listed fields cannot be carried over (they are dropped)' },
    'accept-drift': { type: 'boolean', description: 'Write even though the source\'s live resources differ from its definitions (the files are migrated as they are; the differences are listed)' },
    force: { type: 'boolean', description: 'Overwrite existing files in --out' },
    verify: { type: 'boolean', description: 'After the cut-over: check that the new live resources carry what the source\'s live ones do, but the listed losses; writes nothing' },
  },
  formats: ['text', 'json'],
  maxPositionals: 0,
  async run(ctx) {
    const { io, global, options } = ctx;
    // A --to that names no target throws (chosen), as the line refused it (OptionSpec.choices).
    const to = chosen(options, 'to', { choices: migrationTargets() });
    if (to === undefined) throw new UserError('aac migrate needs --to BACKEND', `use --to ${migrationTargets().join(' or --to ')}`);
    // A target is a registered backend's name.
    const target = backendNamed(to)!;
    if (options.verify && global.format === 'json') throw new UserError('aac migrate --verify prints text only', 'drop --format json (its exit code, 0 when verified, is what a job reads)');
    if (typeof options.out !== 'string' || options.out === '') throw new UserError('aac migrate needs --out DIR: where to write the new definitions', 'e.g. --out agents');
    refuseDash(options.out, '--out', 'migrate writes a directory of definition files: name it (e.g. --out agents)');
    const srcDir = resolve(io.cwd, global.dir);
    const outDir = resolve(io.cwd, options.out);
    await refuseOverlap(io.cwd, srcDir, outDir, target.name);
    // Refused before any definition is read and converted, not once all of it is done.
    refuseWriteInGitDir(outDir, options.out, io.cwd, { flag: '--out', hint: `write the new definitions into a directory of the repository: e.g. ${codeSpan(besideOut(io.cwd, srcDir, target.name))}` });
    checkWriteDirectory(outDir, options.out);

    const { desired, byEnvironment, config, loaded, reads } = await loadAsWritten(ctx);
    const sourceKind = kindForProvider(config.provider);
    if (sourceKind.name !== MIGRATE_SOURCE_KIND) {
      throw new UserError(`aac migrate reads Assistants definitions; ${shownPath(io.cwd, srcDir)} holds definitions for provider ${config.provider}`, 'point --dir at a directory of Assistants definitions');
    }
    const provider = target.providers[0]!.name;
    const kind = target.kind;
    const declared = loaded.environments;
    const shown = (p: string) => shownPath(io.cwd, p);

    // Each line once: a definition's own losses come again with every environment that converts it.
    const losses = new SaidOnce();
    /**
     * Each loss once, at its own place (lossPlaces' first: its key, or the `$ref` that includes
     * it): what the counts count, where `losses` lists a loss at every place part of it is written.
     */
    const counted = new SaidOnce();
    const count = ([own]: readonly LossPlace[], text: string, environment?: string) => {
      if (own) counted.add({ ...own.at, ...(environment !== undefined ? { environment } : {}), path: pathText(own.path), text });
    };
    /**
     * The losses listed in a $ref fragment, by their line (its place and why, the field's path
     * aside: each definition may include the fragment at another): listed once all definitions are
     * converted, each naming every definition (or overlay) whose include reads it, with the path.
     */
    const fragmentLosses = new Map<string, { said: Said; by: Map<string, string> }>();
    const lostInFragment = (place: LossPlace, text: string, environment?: string) => {
      if (place.includedBy === undefined) return;
      const said: Said = { ...place.at, ...(environment !== undefined ? { environment } : {}), text };
      const seen = fragmentLosses.get(saidText(said)) ?? { said, by: new Map<string, string>() };
      fragmentLosses.set(saidText(said), seen);
      if (!seen.by.has(place.includedBy)) seen.by.set(place.includedBy, pathText(place.path));
    };
    /** What neither carries over nor may be left out: no --accept-losses writes it. */
    const choices = new SaidOnce();
    const notes = new SaidOnce<Note>();
    const writes: FileWrite[] = [];
    /** Each file named after a key (a prompt, an overlay, an overlay's prompt), with the key and the source file that gives it. */
    const keyNamed: Array<{ path: string; key: string; from: string }> = [];
    /** Each definition as `aac validate --dir OUT` will check it (in every environment, or with the defaults), with its key. */
    const checks: Array<WrittenDefinition & { key: string }> = [];
    /** The keys of the definitions with a choice to make: what they would write is not checked (a name that is '' only echoes it). */
    const keysWithChoices = new Set<string>();
    let overlays = 0;
    /** The `id:` pins environments' overlays write, by environment, each as where it is (counted once). */
    const overlayPins = new Map<string, Set<string>>();
    /** For a kind addressed by its name, per environment ('' without): which definitions end up with each name's address (nameAddress). */
    const byName = new Map<string, Map<string, Array<{ def: Definition; name: string }>>>();
    /**
     * `def` converted, and whether the conversion listed the field at a path (or one holding it) as a
     * loss. `byOverlay` (a file as Definition.locate names it) says which files are its environment's overlays.
     */
    const convert = (def: Definition, environment: string, byOverlay?: (file: string) => boolean): { spec: Spec; losses: readonly Loss[]; lost: (path: ReadonlyArray<string | number>) => boolean } => {
      const migrated = target.migrate!(def.spec, { key: def.key });
      // Each definition's lines in the order of the file, as a compiler lists its errors.
      const lines = (items: ReadonlyArray<{ path: Array<string | number>; text: string; at?: SourceLocation }>, add: (s: Said) => void) => items
        .map(({ path, text, at }) => ({ ...(at ?? def.locate(path)), path, text }))
        .sort((a, b) => a.line - b.line || a.column - b.column)
        .forEach(({ file, line, column, path, text }) => add({ file, line, column, path: pathText(path), text }));
      // A loss is located at its key; the parts of it an environment's overlay or a $ref fragment
      // wrote are listed at their own lines too, as that is where the value is written.
      const places = migrated.losses.flatMap((l) => {
        const each = lossPlaces(def, l.path, shown, byOverlay);
        count(each, l.why);
        return each.map((p) => ({ ...p, text: l.why }));
      });
      lines(places.filter((p) => p.includedBy === undefined), (s) => losses.add(s));
      for (const p of places) lostInFragment(p, p.text);
      // A reference the mapping did not carry as written (slugged into a name) would bake one
      // spelling in where each environment had its own value: a choice, never written silently.
      const dropped = droppedReferences(def.spec, migrated);
      lines(dropped.map((path) => ({ path, text: `holds a \${var.…} reference, which the mapping to ${target.name} does not keep as written: write the value itself here, and give an environment that needs another one an overlay` })), (s) => choices.add(s));
      lines((migrated.choices ?? []).map((c) => ({ path: c.path, text: c.why })), (s) => choices.add(s));
      if (dropped.length > 0 || (migrated.choices ?? []).length > 0) keysWithChoices.add(def.key);
      lines((migrated.notes ?? []).map((n) => ({ path: n.path, text: n.what })), (s) => notes.add({ ...s, kind: 'changed' }));
      const spec = structuredClone(migrated.definition);
      const name = valueAt(spec, kind.paths.name);
      // Two names with one address (nameAddress: also names that differ only in case) are one
      // name, as validate counts them. No name ('') is a choice of its own, listed above, and no collision.
      if (kind.identity.addressedBy === 'name' && typeof name === 'string' && name !== '') {
        const names = byName.get(environment) ?? new Map<string, Array<{ def: Definition; name: string }>>();
        byName.set(environment, names);
        names.set(nameAddress(name), [...(names.get(nameAddress(name)) ?? []), { def, name }]);
      }
      return { spec, losses: migrated.losses, lost: (path) => migrated.losses.some((l) => l.path.every((seg, i) => path[i] === seg)) };
    };
    /**
     * `spec` as a file holds it: without its instructions when they are in the file `instructionsFile`
     * (relative to the YAML file), and with the `x-…` fields of `source` as they are (aac reads none
     * of them; they are the user's, in whatever vocabulary they were written).
     */
    const asFile = (spec: Spec, instructionsFile: string | undefined, source: Definition): DefinitionFile => {
      const extensions = source.extensions ? { extensions: source.extensions } : {};
      if (instructionsFile === undefined) return { spec, ...extensions };
      const fields = structuredClone(spec);
      setAt(fields, kind.paths.instructions, undefined);
      return { spec: fields, instructionsFile, ...extensions };
    };
    /** Each variable the source references, in any environment, with where: `file:line:column field`, each once. */
    const sourceReferences = new Map<string, Set<string>>();
    /** The variables what is written references (a definition, an overlay, as the environment's definition reads them). */
    const writtenReferences = new Set<string>();
    const readReferences = (d: Definition) => {
      const fields = d.instructionsFile === undefined ? d.spec : withoutField(d.spec, sourceKind.paths.instructions) as Spec;
      for (const { name, path } of variableReferences({ spec: fields, ...(d.extensions ? { extensions: d.extensions } : {}) })) {
        const { file, line, column } = d.locate(path, 'value');
        sourceReferences.set(name, (sourceReferences.get(name) ?? new Set()).add(`${file}:${line}:${column} ${pathText(path)}`));
      }
    };
    const writtenAs = (written: DefinitionFile) => {
      for (const { name } of variableReferences(written)) writtenReferences.add(name);
    };
    const variables = { declared: declared.variables.map((v) => v.name) };
    const withDefaults: Scope = { ...variables, values: new Map(declared.variables.flatMap((v) => (v.default !== undefined ? [[v.name, v.default] as const] : []))) };
    const environments = byEnvironment.map(({ environment, definitions }) => ({
      environment,
      byKey: new Map(definitions.map((d) => [d.key, d])),
      scope: { ...variables, values: environment.values, invalid: environment.invalid, valuesAt: environment.valuesAt } satisfies Scope,
      sourceOverlays: overlayDir(srcDir, environment),
    }));

    // Where each include's files would go under --out, and why one cannot go there: read from the
    // disk once, before any definition is converted.
    /** Every definition the source holds, in every environment. */
    const read = [...desired, ...environments.flatMap((e) => [...e.byKey.values()])];
    const includeRefusals = await refusedIncludes(read, srcDir, outDir, shown);
    /** Each fragment file to copy, by its path under --out. */
    const fragments = new Map<string, string>();
    /**
     * `converted` (a definition or overlay the file at `writtenAt` holds) with the includes among
     * `sites` that it carries unchanged put back as references (their files to be copied), and
     * each one written out instead said on stdout.
     */
    const withIncludes = (sites: readonly IncludeSite[], source: Definition, converted: Spec, lost: (path: ReadonlyArray<string | number>) => boolean, writtenAt: string, whole?: Spec): Spec => {
      if (sites.length === 0) return converted;
      const refused = (site: IncludeSite) => includeRefusals.get(site) ?? (relative(srcDir, site.file) === relative(outDir, writtenAt) ? undefined : `it is written at ${shown(writtenAt)}, where the reference would name another file`);
      // An overlay's include the conversion carried unchanged (in `whole`, the environment's
      // converted definition) is missing from the new overlay only because part of it is the base's.
      const changed = (site: IncludeSite) => whole !== undefined && holdsUnchanged(whole, source.spec, site.path)
        ? 'the new overlay holds only what differs from the new base, not all that it gives'
        : `what it gives is converted for ${target.name}`;
      const { value, kept, inlined } = keepIncludes(sites, source.spec, converted, refused, lost, changed);
      for (const site of kept) for (const file of site.files) fragments.set(join(outDir, relative(srcDir, file)), file);
      for (const { site, why } of inlined) {
        const { file, line, column } = site.locate();
        notes.add({ kind: 'inlined', file, line, column, path: pathText(site.path), text: `$ref '${String(site.written.$ref)}' inlined: ${why}` });
      }
      return value;
    };

    for (const def of desired) {
      const { spec, lost } = convert(def, '');
      readReferences(def);
      // `moved_from:` names keys the old assistants were marked with: nothing in the new backend
      // answers to them, as each migrated definition makes a new resource. Not a loss to accept
      // (the meaning is gone, not dropped), but never dropped unsaid. (`id:` pins, in nearly every
      // imported file, are counted once below.)
      if (def.movedFrom.length > 0) {
        const { file, line, column } = def.locate(['moved_from']);
        notes.add({ kind: 'not-carried', file, line, column, path: 'moved_from', text: `not carried: it names keys of the old assistants, and the migrated definition makes a new ${kind.nouns.one}, marked with its key alone` });
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
        keyNamed.push({ path: promptPath, key: def.key, from: def.file });
        instructionsFile = posixRelative(dirname(yamlPath), promptPath);
      }
      writtenAs(asFile(spec, instructionsFile, def));
      const render = (fields: Spec) => renderDefinition({ ...(key ? { key } : {}), ...asFile(fields, instructionsFile, def) }, schemaReference(yamlPath, outDir, kind), kind);
      // Checked as validate reads it, with its includes included.
      const { text: content, read } = render(spec);
      const defFile = resolve(io.cwd, def.file);
      const written = { from: def.file, write: { path: yamlPath, content, replaces: existsSync(yamlPath) }, read, key: def.key, source: def };
      const withRefs = withIncludes((def.includes ?? []).filter((site) => site.file === defFile), def, spec, lost, yamlPath);
      writes.push(withRefs === spec ? written.write : { ...written.write, content: render(withRefs).text });
      if (environments.length === 0) checks.push({ ...written, scope: withDefaults });
      // Each environment's overlay converted as its definition is: the smallest overlay that
      // turns the new base into what the environment's definition became (merge.ts, overlayBetween).
      for (const { environment, byKey, scope, sourceOverlays } of environments) {
        const seen = byKey.get(def.key);
        if (seen) readReferences(seen);
        const inOverlay = (file: string) => resolve(io.cwd, file).startsWith(`${sourceOverlays}${sep}`);
        // A pin an overlay writes is one more not carried, counted with the base's.
        const pinAt = seen?.id !== undefined ? seen.locate(['id']) : undefined;
        if (pinAt && inOverlay(pinAt.file)) overlayPins.set(environment.name, (overlayPins.get(environment.name) ?? new Set()).add(`${pinAt.file}:${pinAt.line}:${pinAt.column}`));
        const asSeen = seen && convert(seen, environment.name, inOverlay);
        // What only this environment's values lose (a reference's model refusing an effort): its
        // loss, dropped in its overlay, so the base keeps it for the others.
        const here = seen ? environmentLosses(seen, asSeen!, scope, (spec, source) => target.migrate!(spec, source)) : { losses: [], drops: [] };
        for (const loss of here.losses) {
          const text = `${loss.why} (for this environment alone: its overlay says ${here.drops.map((p) => `${pathText(p)}: null`).join(', ')})`;
          const places = lossPlaces(seen!, loss.path, shown, inOverlay);
          count(places, text, environment.name);
          for (const place of places) {
            if (place.includedBy === undefined) losses.add({ ...place.at, environment: environment.name, path: pathText(place.path), text });
            else lostInFragment(place, text, environment.name);
          }
        }
        if (!seen || (seen.sourceHash === def.sourceHash && here.drops.length === 0)) {
          checks.push({ ...written, scope, environment: environment.name });
          continue;
        }
        const envSpec = structuredClone(asSeen!.spec);
        for (const path of here.drops) setAt(envSpec, path, undefined);
        const envLost = asSeen!.lost;
        const overlayPath = join(overlayDir(outDir, environment), `${def.key}.yaml`);
        let envFile: string | undefined;
        const envInstructions = valueAt(envSpec, kind.paths.instructions);
        if (seen.instructionsFile !== undefined && seen.instructionsFile === def.instructionsFile) envFile = instructionsFile;
        else if (seen.instructionsFile !== undefined && typeof envInstructions === 'string') {
          // The environment's own prompt file, beside its overlay (a .md is never read as a definition).
          const promptPath = overlayPath.replace(/\.yaml$/, '.md');
          writes.push({ path: promptPath, content: envInstructions, replaces: existsSync(promptPath) });
          keyNamed.push({ path: promptPath, key: def.key, from: seen.file });
          envFile = posixRelative(dirname(overlayPath), promptPath);
        }
        writtenAs(asFile(envSpec, envFile, seen));
        const differs = overlayBetween(definitionObject(asFile(spec, instructionsFile, def), kind), definitionObject(asFile(envSpec, envFile, seen), kind));
        if (differs === undefined) {
          checks.push({ ...written, scope, environment: environment.name });
          continue;
        }
        const { instructions_file: file, ...rest } = differs;
        const [extensions, differing] = [true, false].map((x) => Object.fromEntries(Object.entries(rest).filter(([k]) => k.startsWith(EXTENSION_PREFIX) === x))) as [JsonObject, Spec];
        const renderEnv = (fields: Spec) => renderOverlay({ spec: fields, ...(typeof file === 'string' ? { instructionsFile: file } : {}), ...(Object.keys(extensions).length > 0 ? { extensions } : {}) }, file === null, overlayComment(environment.name, def.key), kind);
        const overlay = renderEnv(differing);
        const overlayWrite = { path: overlayPath, content: overlay.text, replaces: existsSync(overlayPath) };
        const envWithRefs = withIncludes((seen.includes ?? []).filter((site) => site.file !== defFile), seen, differing, envLost, overlayPath, envSpec);
        writes.push(envWithRefs === differing ? overlayWrite : { ...overlayWrite, content: renderEnv(envWithRefs).text });
        keyNamed.push({ path: overlayPath, key: def.key, from: def.file });
        overlays++;
        const from = seen.parts?.find((part) => resolve(io.cwd, part).startsWith(`${sourceOverlays}${sep}`)) ?? def.file;
        // The environment's definition as written is the source of both the overlay and the base's values it keeps.
        checks.push({ from, key: def.key, write: overlayWrite, read: overlay.read, base: { doc: fileDoc(read.value ?? null, yamlPath, yamlSource(shown(yamlPath), read, () => Buffer.from(content))), file: shown(yamlPath) }, scope, environment: environment.name, source: seen });
      }
    }
    // A fragment's lines after the definitions', in the order of its file, each naming what includes
    // it (and where, when they include it at different paths): one edit there is one in each.
    const inFragments = [...fragmentLosses.values()].sort((a, b) => a.said.file!.localeCompare(b.said.file!) || a.said.line! - b.said.line! || a.said.column! - b.said.column!);
    for (const { said, by } of inFragments) {
      const paths = new Set(by.values());
      const files = [...by].map(([file, path]) => (paths.size === 1 ? file : `${file} at ${path}`));
      losses.add({ ...said, ...(paths.size === 1 ? { path: [...paths][0]! } : {}), text: `${said.text} (in a $ref fragment, which ${andList(files)} ${plural(by.size, 'includes', 'include')})` });
    }
    // Two definitions with one name would address one resource: no loss to accept, a choice to make.
    const collisions = new SaidOnce();
    for (const group of [...byName.values()].flatMap((names) => [...names.values()]).filter((g) => g.length > 1)) {
      for (const { def, name } of group) {
        const { file, line, column } = def.locate(kind.paths.name);
        const others = group.filter((g) => g.def.file !== def.file).map((g) => g.def.file).join(', ');
        collisions.add({ file, line, column, path: pathText([...kind.paths.name]), text: `becomes the ${kind.nouns.one} name '${name}', as ${others} does; the name addresses the ${kind.nouns.one}` });
      }
    }
    // Each fragment a kept reference names, unchanged, at its place under --out.
    for (const [path, from] of fragments) writes.push({ path, content: readFileSync(from, 'utf8'), replaces: existsSync(path) });
    const configPath = join(outDir, 'aac.yaml');
    const sourceConfig = config.file ?? 'aac.yaml';
    // A variable the source references whose every reference the migration dropped (a field with no
    // counterpart) would set nothing: left out of the new aac.yaml with each environment's value for
    // it, and said (one the source references nowhere is the source's, carried as it is).
    const unreferenced = declared.variables.filter((v) => sourceReferences.has(v.name) && !writtenReferences.has(v.name));
    for (const v of unreferenced) {
      const refs = [...sourceReferences.get(v.name)!];
      const values = declared.environments.filter((e) => e.ownValues.has(v.name)).map((e) => `environments.${e.name}.values.${v.name}`);
      const dropped = refs.length === 1 ? `its only reference (${refs[0]!}) is dropped` : `its references (${refs.join(', ')}) are dropped`;
      notes.add({ kind: 'unused-variable', ...v.at, path: `variables.${v.name}`, text: `left out of ${shown(configPath)}${values.length > 0 ? `, with ${andList(values)}` : ''}: ${dropped}, so it would set nothing` });
    }
    const leftOut = new Set(unreferenced.map((v) => v.name));
    const toWrite: Environments = {
      ...declared,
      variables: declared.variables.filter((v) => !leftOut.has(v.name)),
      environments: declared.environments.map((e) => ({ ...e, ownValues: new Map([...e.ownValues].filter(([name]) => !leftOut.has(name))) })),
    };
    // Variables and environments are the definitions' own: written with them (an aac.yaml there is
    // replaced only with --force), never left to one that may lack them.
    const carried = toWrite.variables.length > 0 || toWrite.environments.length > 0;
    const recordsProvider = carried || !existsSync(configPath);
    const newConfig = migratedConfig(ctx, config, target.providers[0]!, toWrite, { srcDir, outDir, configPath: shown(configPath) });
    // One replaced keeps the settings it held that the migration does not write (keptSettings).
    const keeping = recordsProvider && existsSync(configPath) ? await keptSettings(io.cwd, outDir, configPath, provider, newConfig.settings) : { content: stringify(newConfig.settings), said: [] };
    if (recordsProvider) writes.push({ path: configPath, content: keeping.content, replaces: existsSync(configPath) });
    /** Whether the run writes --out's first aac.yaml in a git repository, whose base branch has none yet (the Next: lines say what that means for a pull request). */
    const firstConfig = recordsProvider && !existsSync(configPath) && repoRoot(srcDir).kind === 'git';
    for (const said of keeping.said) notes.add({ kind: 'kept-config', ...said });
    for (const left of newConfig.left) notes.add({ kind: 'not-carried', file: sourceConfig, text: left });
    // The kept aac.yaml as a plan there reads it: its provider (only as written: a default is not
    // the target's) and namespace, against what the new one would have said.
    const kept = recordsProvider ? undefined : (await loadProjectConfig(outDir, { cwd: io.cwd })).config;
    const keptProvider = kept?.providerAt !== undefined && kept.providerUnknown === undefined ? kept.provider : undefined;
    const namespace = newConfig.settings.namespace;
    const otherNamespace = kept !== undefined && typeof namespace === 'string' && kept.namespace !== namespace;
    const notCarried = [...(otherNamespace ? [`namespace ${namespace}`] : []), ...newConfig.carried];
    if (kept !== undefined && notCarried.length > 0) {
      notes.add({ kind: 'not-carried', file: sourceConfig, text: `${andList(notCarried)} ${plural(notCarried.length, 'is', 'are')} not carried over: ${shown(configPath)} already exists and is kept (it is replaced, with --force, only when there are variables or environments to carry)` });
    }
    if (otherNamespace) {
      // A namespace is the set of resources a plan manages: another one is not the source's team's.
      const keptSays = kept.namespace !== undefined ? `its namespace is ${kept.namespace}` : 'it sets no namespace, so its directory\'s path gives one';
      notes.add({ kind: 'kept-config', file: shown(configPath), text: `${keptSays}: the migrated definitions are a different set of ${kind.nouns.many} from those of namespace ${namespace}; set ${codeSpan(`namespace: ${namespace}`)} there to keep them the same team's` });
    }
    if (keptProvider !== undefined && keptProvider !== provider) {
      notes.add({ kind: 'kept-config', file: shown(configPath), text: `its provider is ${keptProvider}, not ${provider}: a plan there needs --provider ${provider}, or set ${codeSpan(`provider: ${provider}`)} there` });
    }
    // Counted, not listed: an imported fleet pins every definition in every environment's overlay,
    // and a line of their places buried what could not carry over.
    const inOverlays = [...overlayPins].map(([name, at]) => ({ name, count: at.size }));
    const overlayCount = inOverlays.reduce((sum, e) => sum + e.count, 0);
    const pins = desired.filter((d) => d.id !== undefined).length + overlayCount;
    const where = overlayCount === 0 ? '' : ` (${overlayCount} in ${plural(overlayCount, 'an overlay', 'overlays')}: ${inOverlays.map((e) => `${e.count} of environment ${e.name}`).join(', ')})`;
    if (pins > 0) notes.add({ kind: 'not-carried', mechanical: true, text: `${pins} \`id:\` ${plural(pins, 'pin is', 'pins are')} not carried${where}: each pins an assistant, and each migrated definition makes a new ${kind.nouns.one}` });

    // One run lists all there is to do: the collisions and the choices (no flag writes them), the
    // losses, then what the new API would refuse of the rest — a value the mapping carries but the
    // new backend refuses (beyond its limits) would make a definition that plans nothing.
    // Losses accepted are listed with what was written (notesText), first.
    io.stderr.write([...collisions.texts(), ...choices.texts(), ...(options['accept-losses'] || options.verify ? [] : losses.texts())].map((l) => `${sanitize(l)}\n`).join(''));
    // With --format json the error document carries each line above, located (saidDiagnostics).
    const lossFix = 'change the source definitions, or run again with --accept-losses to write the definitions without those fields';
    const lossDiagnostics = options['accept-losses'] ? [] : saidDiagnostics(losses.items(), 'migrate-loss', lossFix);
    const refusals: Refusal[] = [];
    if (collisions.size > 0) {
      const hint = `give each a distinct \`name:\` in the source definitions (in ${target.name} the name is the ${kind.nouns.one}'s address)`;
      refusals.push({ message: `${collisions.size} definitions would address one ${kind.nouns.one} by the same name in ${target.name}`, hint, diagnostics: saidDiagnostics(collisions.items(), 'migrate-collision', hint) });
    }
    if (choices.size > 0) {
      const hint = 'change the source definitions as each line above says';
      refusals.push({ message: `${choices.size} ${plural(choices.size, 'value', 'values')} of the source cannot be carried over to ${target.name}, nor left out`, hint, diagnostics: saidDiagnostics(choices.items(), 'migrate-choice', 'change the source definition as this says') });
    }
    // Files named after two keys that differ only in case are one file (or one directory) on a
    // case-insensitive file system (macOS, Windows): written there, the second replaces the first;
    // written here, a clone there loses one. validate only warns of such keys (they work where they
    // are), but these are files migrate would write, so it writes none of them.
    const clashes = caseClashes(keyNamed.map((k) => posixRelative(outDir, k.path)));
    if (clashes.length > 0) {
      const named = (k: { key: string; from: string }) => `key '${k.key}' of ${k.from}`;
      refusals.push({
        message: `${clashes.length} ${plural(clashes.length, 'pair', 'pairs')} of files it would write, named after keys, differ only in case`,
        hint: 'in each pair, rename one source file (a prompt is named after its definition file\'s path) or give one definition a `key:` that differs from the other\'s in more than case (an overlay is named after its key)',
        lines: clashes.map(({ index, first, mine, theirs }) => `  - ${shown(join(outDir, mine))} (${named(keyNamed[index]!)}) and ${shown(join(outDir, theirs))} (${named(keyNamed[first]!)}): a case-insensitive file system (macOS, Windows) holds one for both`),
      });
    }
    const invalid = invalidDefinitions(checks.filter((c) => !keysWithChoices.has(c.key)), kind, provider, shown);
    if (invalid.length > 0) {
      refusals.push({
        message: `refusing to migrate: the definitions it would write hold what ${target.name} refuses`,
        hint: 'change the source definitions (each is named before the file it would write) so that each error above is gone',
        lines: invalid,
      });
    }
    throwRefusals(refusals, { outcome: 'nothing was written' }, lossDiagnostics);
    /** The index of the run of environment `env` (none: the one run) in sourceScopes and scopes. */
    const runOf = (env?: string) => (env === undefined ? 0 : declared.environments.findIndex((e) => e.name === env));
    // The source's own commands (its live check, a drift's import, its retirement) are refused as
    // the new directory's plans are where no namespace is set nor derived: each says its step first.
    const sourceScopes = namespaceSteps(declared.environments.length === 0 ? [config.namespace] : declared.environments.map((e) => e.namespace ?? config.namespace), { env: io.env, dir: srcDir, shownDir: shown(srcDir) }, config.file ?? shown(join(srcDir, 'aac.yaml')));
    const sourceStep = (env?: string) => sourceScopes[runOf(env)];
    /** The plan that checks `dir`'s run of an environment, as a line says it to run: after its step (of `steps`, by run), the command in a code span. */
    // AAC_NAMESPACE wins over aac.yaml's namespace (and an environment's), so the source's resources
    // live in it, and this run reads both directories in it: every command printed to run carries
    // it as --namespace, as a runbook (or CI job) where the variable is not set would reach another
    // scope. The source's always; the new directory's where its aac.yaml writes another for that run.
    const given = runGivenNamespace(ctx, config);
    const byVariable = given?.source === NAMESPACE_ENV ? given.namespace : undefined;
    const sourceNamespace = () => byVariable;
    const outWritten = writtenPerRun(recordsProvider ? newConfig.settings : { ...(kept?.namespace !== undefined ? { namespace: kept.namespace } : {}) }, declared.environments, 'namespace');
    const outNamespace = (env?: string) => (outWritten[runOf(env)] === byVariable ? undefined : byVariable);
    const checkAfter = (steps: ReadonlyArray<string | undefined>, dir: string, provider: string | undefined, namespace: (env?: string) => string | undefined) => (env?: string) => afterSteps([steps[runOf(env)]], checkPlan(shown(dir), provider, namespace)(env), codeSpan);
    const checkSaid = checkAfter(sourceScopes, srcDir, global.provider, sourceNamespace);
    // Outside a git repository, with no namespace written, each plan is refused until one is set.
    const scopes = namespaceSteps(outWritten, { env: io.env, dir: outDir, shownDir: shown(outDir) }, shown(configPath), true);
    if (options.verify) {
      const checks = { src: checkSaid, out: checkAfter(scopes, outDir, undefined, outNamespace) };
      return verified(ctx, { srcDir, outDir, environments: declared.environments.map((e) => e.name), writes, configPath, provider, losses: losses.items(), lossCount: counted.size, nouns: { source: sourceKind.nouns.many, target: kind.nouns.many, targetOne: kind.nouns.one }, shown, reads, checks });
    }
    if (counted.size > 0 && !options['accept-losses']) {
      throw new UserError(`${counted.size} ${plural(counted.size, 'field has', 'fields have')} no counterpart in ${target.name}; nothing was written`, lossFix, lossDiagnostics);
    }
    // Not even with --force: the source (a prompt outside it, a '_' fragment --out lies beside) is what
    // was read. A copy of the very bytes (an instructions file carried as it is) replaces nothing.
    for (const w of writes.filter((w) => w.replaces && !sameBytes(w.path, w.content))) refuseWritingOverRead(w.path, read, { cwd: io.cwd, shown, what: 'a migrated file', outcome: 'nothing was written', fix: 'choose another --out, one that holds none of the files the source definitions read' });
    const existing = writes.filter((w) => w.replaces);
    if (existing.length > 0 && !options.force) {
      const fix = 'use --force to overwrite, or choose another --out';
      if (existing.length === 1) throw new UserError(`${shown(existing[0]!.path)} already exists; nothing was written`, fix);
      // A list, capped: a migration of a whole directory into an earlier one's output would make one line of every file.
      throw new UserError([`${existing.length} files already exist; nothing was written:`, ...cappedItems(existing.map((w) => shown(w.path))).map((f) => `  - ${f}`)], fix);
    }
    // Only definitions already there are moved: an aac.yaml written by hand before the first run (its endpoint, say) holds none.
    if (recordsProvider && existsSync(configPath) && holdsDefinitions(outDir, shown)) {
      const before = await loadProjectConfig(outDir, { cwd: io.cwd, provider });
      const { namespace: written, environments } = newConfig.settings;
      const now = Object.entries(isObject(environments) ? environments : {}).map(([name, e]) => ({ name, ...(isObject(e) && typeof e.namespace === 'string' ? { namespace: e.namespace } : {}) }));
      refuseScopeMove(
        { written: before.config.namespace, environments: before.environments.environments },
        { written: typeof written === 'string' ? written : undefined, environments: now },
        pathNamespace(outDir, io.cwd),
        { file: shown(configPath), dir: shown(outDir), nouns: kind.nouns.many },
      );
    }
    /**
     * How the definitions and the live resources of the source's run in `environment` (none: the
     * one run) are brought together, for each kind of difference it holds (Drift.kind), as a clause
     * after its check, which shows each difference. A changed field: an apply reverts the host, or
     * the host's values are taken into the files, by import of the resources that differ (--force
     * rewrites only those --id selects), into the source directory in that environment (another,
     * or none selected, would take nothing of these); but not where the environment's overlay for
     * the key exists already (Definition.parts): import writes an overlay only where there is none
     * and refuses the rest (import/generate.ts), so each such overlay is named, with the fields that
     * differ, to edit by hand. A definition with no live resource: an apply creates it. A live
     * resource no definition has: an orphan, which a plain apply keeps and an apply with --prune
     * deletes (or a definition of its key takes it back). `all`: the clauses of every kind the run
     * holds; `of`: one kind's alone (a difference's own hint), each made once for the run.
     */
    const driftWays = ({ environment, drift: said, differing = [] }: LiveRead): { all: string; of: Record<DriftKind, string> } => {
      const at = environments.find((e) => e.environment.name === environment);
      const overlayOf = (key: string) => at?.byKey.get(key)?.parts?.map((part) => resolve(io.cwd, part)).find((abs) => abs.startsWith(`${at.sourceOverlays}${sep}`) && keyFromPath(at.sourceOverlays, abs) === key);
      const edits = differing.flatMap(({ key, fields }) => {
        const file = overlayOf(key);
        return file === undefined ? [] : [`${shown(file)} (${andList(fields)})`];
      });
      const imported = differing.filter(({ key }) => overlayOf(key) === undefined);
      const flags = repeatedFlags({ dir: shown(srcDir), dirAlways: true, ...(byVariable !== undefined ? { namespace: byVariable } : {}), ...(global.provider !== undefined ? { provider: global.provider } : {}), ...(environment !== undefined ? { env: environment } : {}) });
      const command = `aac import --force --replace-differing${imported.map(({ id }) => ` --id ${shellWord(id)}`).join('')}${flags}`;
      const ways = [
        ...(imported.length > 0 ? [`with ${afterSteps([sourceStep(environment)], command, codeSpan)}`] : []),
        ...(edits.length > 0 ? [`by editing ${andList(edits)}, which import leaves alone: it writes an overlay only where there is none`] : []),
      ];
      const { one } = sourceKind.nouns;
      const clauses: Record<DriftKind, string> = {
        changed: `apply it to revert the host${ways.length > 0 ? `, or take the host's values into the files ${ways.join(', and ')}` : ''}`,
        defined: `apply it to create each defined ${one} that is not live, or remove its definition`,
        live: `a plain apply keeps each live ${one} that no definition has (an orphan): ${afterSteps([sourceStep(environment)], `aac apply --prune${flags}`, codeSpan)} deletes it, or a definition of its key takes it back`,
      };
      const shows = `${checkSaid(environment)} shows each difference: `;
      const held = DRIFT_KINDS.filter((kind) => said.some((d) => d.kind === kind));
      return { all: `${shows}${held.map((kind) => clauses[kind]).join('; ')}`, of: { changed: `${shows}${clauses.changed}`, defined: `${shows}${clauses.defined}`, live: `${shows}${clauses.live}` } };
    };
    // The files are what is converted, not the live resources: an edit made on the host since the
    // last apply would be dropped unsaid. Read where the endpoint and credentials are given, as
    // the plan of each environment would read them (migrate-live.ts), once everything local passed.
    // Its plans take the files this run read already (the definitions as written).
    const live = await readLive(ctx, srcDir, declared.environments.map((e) => e.name), checkSaid, reads);
    const drift = live.flatMap((r) => r.drift);
    if (drift.length > 0 && !options['accept-drift']) {
      io.stderr.write(drift.map((d) => `${sanitize(saidText(d))}\n`).join(''));
      // Each environment that drifted has its own check and way out (its host, its overlays), each
      // said: one of them alone left the others' differences with no command to settle them.
      const drifted = live.filter((r) => r.drift.length > 0).map((r) => {
        const ways = driftWays(r);
        return { ...r, wayOut: ways.all, wayOf: ways.of };
      });
      const together = `bring the definitions in ${shown(srcDir)} and the live ${sourceKind.nouns.many} together first`;
      const accept = 'or run again with --accept-drift to migrate the files as they are';
      // Each difference's hint is its own kind's way out: an orphan's is no apply that reverts it.
      const diagnostics = drifted.flatMap((r) => r.drift.flatMap((d) => saidDiagnostics([d], 'migrate-drift', `${together} (${r.wayOf[d.kind]}), ${accept}`)));
      const heading = `${drift.length} ${plural(drift.length, 'difference', 'differences')} between the definitions in ${shown(srcDir)} and their live ${sourceKind.nouns.many}; nothing was written`;
      if (declared.environments.length === 0) throw new UserError(heading, `${together} (${drifted[0]!.wayOut}), ${accept}`, diagnostics);
      // One line per environment, as the retirement's applies are printed.
      throw new UserError([`${heading}:`, ...drifted.map((r) => `  - in environment '${r.environment!}': ${r.wayOut}`)], `${together}, in each environment as its line says, ${accept}`, diagnostics);
    }
    await pointOfNoReturn(io);
    await writeFilesHeard(io, writes, shown);
    const n = desired.length;
    const plans = nextPlans(shown(outDir), recordsProvider || keptProvider === provider ? undefined : provider, declared.environments.map((e) => e.name), outNamespace);
    // A plan of a run the new aac.yaml gives no endpoint goes to the provider's default host, not
    // to the one the source's named: its Next: line sets the endpoint first (a kept aac.yaml says its own).
    const defaultHost = target.providers[0]!.variables.defaultEndpoint;
    const first = recordsProvider && defaultHost !== undefined ? endpointSteps(config.endpoint, declared.environments, newConfig.settings, { configPath: shown(configPath), target: target.name, defaultHost }) : [];
    // The text's Next: and JSON's `next` alike: a plan printed alone would go to the default host,
    // or be refused.
    const next = plans.map((command, i) => afterSteps([first[i], scopes[i]], command));
    // A retire run from a runbook, where the variable is not set, would prune another namespace.
    const retire = retirement(shown(srcDir), global.provider, byVariable, declared.environments.map((e) => e.name));
    if (global.format === 'json') {
      io.stdout.write(migrateJson({
        provider,
        from: { dir: shown(srcDir), provider: config.provider },
        out: shown(outDir),
        written: writes.map((w) => ({ file: shown(w.path), replaced: w.replaces })),
        definitions: n,
        overlays,
        fragments: fragments.size,
        losses: losses.items(),
        notes: notes.items(),
        next,
        retire: retire.map((command, i) => afterSteps([sourceScopes[i]], command)),
        live,
      }));
      return 0;
    }
    io.stdout.write([...notesText({ lines: losses.items(), count: counted.size }, drift, notes.items(), target.name, sourceKind.nouns.many), ...liveLines(live, shown(srcDir), sourceKind.nouns.many, checkSaid)].map((l) => `${sanitize(l)}\n`).join(''));
    const what = [
      `${n} ${plural(n, 'definition', 'definitions')}`,
      ...(overlays > 0 ? [`${overlays} environment ${plural(overlays, 'overlay', 'overlays')}`] : []),
      ...(fragments.size > 0 ? [`${fragments.size} $ref ${plural(fragments.size, 'fragment', 'fragments')}`] : []),
    ];
    io.stdout.write(
      `Migrated ${andList(what)} to ${shown(outDir)} (${provider})` +
        (counted.size > 0 ? `, ${counted.size} ${plural(counted.size, 'field', 'fields')} dropped as accepted` : '') +
        `.\nNext: ${next.join('\n      ')}\n` +
        // The GitHub workflows plan a pull request where the base branch's aac.yaml sends the key
        // (scripts/pr-config.mjs): one that brings the new aac.yaml and the definitions together is
        // planned with the default provider, and its check fails on them.
        (firstConfig
          ? `Through the GitHub workflows, merge ${shown(configPath)} first, in a pull request of its own (a pull request is planned where the base branch's aac.yaml says, and the base has none in ${shown(outDir)}/ yet), then the definitions (README: Migrating from assistants).\n`
          : '') +
        // Nothing live moves: the apply of the new directory makes new resources beside the old.
        `The ${sourceKind.nouns.many} defined in ${shown(srcDir)}/ stay live and managed from there. Once the ${kind.nouns.many} serve, retire them: ` +
        `remove the definitions in ${shown(srcDir)}/ and run ` +
        // One apply per environment, each a line of its own under Next:'s, as printed to run. An
        // overlay left without its base is an error of that apply (and would keep a dead id: pin).
        (declared.environments.length > 0
          ? `one apply in each environment (remove the environments' overlays with them, keeping ${sourceConfig}), which lists each delete before it asks:\n${retire.map((c, i) => `      ${afterSteps([sourceScopes[i]], c)}\n`).join('')}`
          : `${afterSteps([sourceScopes[0]], retire[0]!, codeSpan)}, which lists each delete before it asks.\n`) +
        // A copy of aac.yaml alone defines nothing, so its prune is that environment's retirement (repo-namespaces.ts).
        (declared.environments.length > 1
          ? `To retire one environment while the others still serve, keep ${shown(srcDir)}/ as it is and run that environment's apply from a directory holding only a copy of ${sourceConfig} (README: Retiring an environment).\n`
          : ''),
    );
    return 0;
  },
};

/**
 * `aac migrate --verify` (migrate-verify.ts): says each link of the chain on stdout and returns 0
 * when every one holds; else lists each break on stderr and refuses (UserError, exit 1).
 * Writes nothing.
 */
async function verified(ctx: CommandContext, input: Parameters<typeof verifyMigration>[1]): Promise<number> {
  const { lines, failed } = await verifyMigration(ctx, input);
  ctx.io.stdout.write(lines.map((l) => `${sanitize(l)}\n`).join(''));
  const [src, out] = [input.shown(input.srcDir), input.shown(input.outDir)];
  if (failed.length > 0) {
    ctx.io.stderr.write(failed.map((l) => `${sanitize(l)}\n`).join(''));
    throw new UserError(`not verified: ${failed.length} ${plural(failed.length, 'break', 'breaks')} in the chain from the live ${input.nouns.source} of ${src}/ to the live ${input.nouns.target} of ${out}/`, `settle each line above (a plan of the directory it names shows its differences), then run --verify again`);
  }
  ctx.io.stdout.write(`Verified: the live ${input.nouns.target} of ${out}/ carry what the live ${input.nouns.source} of ${src}/ do${input.lossCount > 0 ? `, but the ${input.lossCount} ${plural(input.lossCount, 'field', 'fields')} listed above` : ''}.\n`);
  return 0;
}

/**
 * The applies that delete every resource of the source directory's namespace once its definitions
 * are gone (prune safety asks for --allow-empty): one, or one per environment (each its own host
 * and namespace, as nextPlans has them), each a command to run as printed. `--dir` always: the
 * line is copied into runbooks run from elsewhere, where the default directory is another one;
 * `--namespace` for a `namespace` AAC_NAMESPACE gave this run, which such a runbook does not have
 * (aac.yaml's is read again).
 */
function retirement(dir: string, provider: string | undefined, namespace: string | undefined, environments: readonly string[]): string[] {
  const apply = (env?: string) => `aac apply --prune --allow-empty${repeatedFlags({ dir, dirAlways: true, ...(namespace !== undefined ? { namespace } : {}), ...(provider !== undefined ? { provider } : {}), ...(env !== undefined ? { env } : {}) })}`;
  return environments.length === 0 ? [apply()] : environments.map(apply);
}

/**
 * The plans to run next in the new directory `dir` (as shown): with `provider` when the aac.yaml it
 * kept does not name it, and one per environment when there are some, as Terraform plans one
 * workspace at a time: each environment is its own host and namespace, and a plan needs to know
 * which (`aac plan` refuses to guess). `aac validate --dir DIR`, which checks every environment at
 * once, already ran as part of the migration. `namespace`, given a run's environment (none:
 * the one run): the `--namespace` its plan carries, undefined for none. `dirAlways`: name `--dir`
 * even when it is the default (`assistants`), as a command a runbook copies about the source
 * directory does (retirement).
 */
function nextPlans(dir: string, provider: string | undefined, environments: readonly string[], namespace: (env?: string) => string | undefined, dirAlways = false): string[] {
  const plan = (env?: string) => {
    const scope = namespace(env);
    return `aac plan${repeatedFlags({ dir, dirAlways, ...(scope !== undefined ? { namespace: scope } : {}), ...(provider !== undefined ? { provider } : {}), ...(env !== undefined ? { env } : {}) })}`;
  };
  return environments.length === 0 ? [plan()] : environments.map(plan);
}

/**
 * For each run nextPlans lists (one, or one per environment of `environments`, in order): the
 * step before its plan when the source gave it an endpoint (the environment's own, else
 * `sourceEndpoint`, the top level's) and the new aac.yaml (`settings`, at `configPath`) gives it
 * none — migratedConfig carries an endpoint only where one host serves both APIs —, so that its
 * plan would go to `defaultHost`, the target provider's default, another host than the source's,
 * with this run's credentials: `set \`endpoint:\` under environments.staging in agents/aac.yaml to
 * the host that serves openai-agents (the source's, https://llm.example.com/v1, was not carried
 * over; without one, the plan goes to https://api.openai.com/v1, the provider's default)`. Undefined
 * for a run whose endpoint is written or was never given.
 */
function endpointSteps(
  sourceEndpoint: string | undefined,
  environments: ReadonlyArray<{ name: string; endpoint?: string }>,
  settings: JsonObject,
  words: { configPath: string; target: string; defaultHost: string },
): Array<string | undefined> {
  const written = writtenPerRun(settings, environments, 'endpoint');
  const step = (source: string | undefined, where: string, endpoint: string | undefined) => (source === undefined || endpoint !== undefined
    ? undefined
    : `set \`endpoint:\` ${where}${words.configPath} to the host that serves ${words.target} (the source's, ${source}, was not carried over; without one, the plan goes to ${words.defaultHost}, the provider's default)`);
  if (environments.length === 0) return [step(sourceEndpoint, 'in ', written[0])];
  return environments.map((e, i) => step(e.endpoint ?? sourceEndpoint, `under environments.${e.name} in `, written[i]));
}

/**
 * For each run (one, or one per environment, in order; `written`: the namespace the aac.yaml at
 * `configPath` writes for it, the environment's own else the top level's): the step before a
 * command of it when it would be refused for want of a namespace (config/namespace.ts
 * namespaceStep): none is written nor set in `run.env`, and `run.dir` is not where a default can be
 * derived (outside a git repository). Undefined for a run that gets one. `configWritten`: this run
 * writes `configPath` (the new directory's), so an aac.yaml above `run.dir` is not the question.
 */
function namespaceSteps(
  written: ReadonlyArray<string | undefined>,
  run: { env: Record<string, string | undefined>; dir: string; shownDir: string },
  configPath: string,
  configWritten = false,
): Array<string | undefined> {
  return written.map((config) => namespaceStep({ ...run, ...(config !== undefined ? { config } : {}) }, configPath, configWritten));
}

/**
 * `command` as printed to run, with the steps it needs first (those of `steps` that are not
 * undefined): on a line of its own `STEP; and STEP, then: COMMAND`; inside a sentence (`quote`, a
 * code span) `` `COMMAND` (once you STEP and STEP) ``.
 */
function afterSteps(steps: ReadonlyArray<string | undefined>, command: string, quote?: (command: string) => string): string {
  const needed = steps.filter((step) => step !== undefined);
  if (!quote) return needed.length === 0 ? command : `${needed.join('; and ')}, then: ${command}`;
  return needed.length === 0 ? quote(command) : `${quote(command)} (once you ${needed.join(' and ')})`;
}

/**
 * For each run nextPlans lists (one, or one per environment of `environments`, in order): the
 * string `key` the aac.yaml it reads (`settings`) writes for it — the environment's own under
 * `environments.NAME`, else the top level's —, or undefined where neither is written.
 */
function writtenPerRun(settings: JsonObject, environments: ReadonlyArray<{ name: string }>, key: string): Array<string | undefined> {
  const written = (value: Json | undefined) => (isObject(value) && typeof value[key] === 'string' ? value[key] : undefined);
  const top = written(settings);
  if (environments.length === 0) return [top];
  const declared = isObject(settings.environments) ? settings.environments : {};
  return environments.map((e) => written(declared[e.name]) ?? top);
}

/**
 * The plan whose exit code 0 says the live state of `dir` (as shown) matches its definitions in an
 * environment (or without one): `aac plan --dir DIR [--namespace N] [--provider P] [--env NAME]
 * --detailed-exitcode` (`namespace` as nextPlans takes it), `--dir` named always, the default too,
 * as the retirement's apply names it.
 */
function checkPlan(dir: string, provider: string | undefined, namespace: (env?: string) => string | undefined): (env?: string) => string {
  return (env) => `${nextPlans(dir, provider, env === undefined ? [] : [env], namespace, true)[0]!} --detailed-exitcode`;
}

/**
 * Each `${var.…}` reference a definition file holds as written (its fields and `x-…` fields; a
 * prompt read from its own file is not in `spec`: references are not read there), by variable
 * name, with the path of the string that holds it.
 */
function variableReferences(written: Pick<DefinitionFile, 'spec' | 'extensions'>): Array<{ name: string; path: Array<string | number> }> {
  return [...references(written.spec), ...references(written.extensions ?? {})].flatMap(({ path, text }) => referenceNames(text).map((name) => ({ name, path })));
}

/** Each string of `value` that holds a `${var.…}` reference, with its path. */
function references(value: Json, path: Array<string | number> = []): Array<{ path: Array<string | number>; text: string }> {
  if (typeof value === 'string') return value.includes('${var.') ? [{ path, text: value }] : [];
  if (Array.isArray(value)) return value.flatMap((v, i) => references(v, [...path, i]));
  if (isObject(value)) return Object.entries(value).flatMap(([k, v]) => references(v, [...path, k]));
  return [];
}

/**
 * The paths in `source` of the strings with a `${var.…}` reference that `migrated` neither carries
 * as written (anywhere in its definition: a mapping may move a field) nor lists as lost.
 */
function droppedReferences(source: Spec, migrated: { definition: Spec; losses: ReadonlyArray<{ path: ReadonlyArray<string | number> }> }): Array<Array<string | number>> {
  const kept = new Set(references(migrated.definition).map((r) => r.text));
  const lost = (path: ReadonlyArray<string | number>) => migrated.losses.some((l) => l.path.every((seg, i) => path[i] === seg));
  return references(source).filter((r) => !kept.has(r.text) && !lost(r.path)).map((r) => r.path);
}

/**
 * Why each include of `definitions` cannot be kept as a reference in a migration from `srcDir` to
 * `outDir`, for those that cannot: a file it reads lies outside `srcDir`, so its place under
 * `outDir` would be outside it too (a `$ref` with `..` above the definitions), or a run on `outDir`
 * would read the file at that place as a definition (it was kept out of the source's by
 * `.aacignore`, which is not carried). Reads the disk (`.aacignore` in `outDir`, symbolic links).
 */
async function refusedIncludes(definitions: readonly Definition[], srcDir: string, outDir: string, shown: (abs: string) => string): Promise<Map<IncludeSite, string>> {
  const refusals = new Map<IncludeSite, string>();
  for (const site of definitions.flatMap((d) => d.includes ?? [])) {
    for (const file of site.files) {
      const rel = relative(srcDir, file);
      const at = join(outDir, rel);
      const why = rel.startsWith('..') || isAbsolute(rel)
        ? `the fragment ${shown(file)} lies outside ${shown(srcDir)}, so its place under ${shown(outDir)} would be outside it`
        : readAs(outDir, at, shown) !== undefined ? `at ${shown(at)} a run on ${shown(outDir)} would read the fragment as a definition (a name starting with '_' keeps it out)` : undefined;
      if (why !== undefined) {
        refusals.set(site, why);
        break;
      }
    }
  }
  return refusals;
}

/** The `--out` a refusal suggests: a directory beside the source named for the target (`--out assistants-openai-agents`). */
function besideOut(cwd: string, srcDir: string, target: string): string {
  return `--out ${pathWord(shownPath(cwd, join(dirname(srcDir), `${basename(srcDir) || 'assistants'}-${target}`)))}`;
}

/**
 * Refuses (UserError, exit 1), before a definition is read, a `--out` that overlaps the source `--dir`
 * where a run on one would read the other's files: the same directory (also through a symbolic
 * link), `--out` inside `--dir` (every later run on the source would read the new definitions as
 * Assistants ones), or `--dir` inside `--out` (every run on the new directory would read the
 * Assistants definitions as `target`'s), or `--dir` a definitions directory of its own below `--out`
 * (`--out .` from the project root: the new aac.yaml above the source's, which every run of `--out`
 * warns about). A directory the other's walk skips (a `_` or `.` name, an
 * `.aacignore` pattern) does not overlap: `--out assistants/_agents` is fine. The hint names a
 * directory beside the source that overlaps neither.
 */
async function refuseOverlap(cwd: string, srcDir: string, outDir: string, target: string): Promise<void> {
  const shownAt = (p: string) => shownPath(cwd, p);
  const shown = (p: string) => `${shownAt(p)}/`;
  const [outInSrc, srcInOut] = [walksInto(srcDir, outDir, shownAt), walksInto(outDir, srcDir, shownAt)];
  // The source with its own aac.yaml below --out (`--out .` from the project root): no run of --out
  // reads it, but the new aac.yaml lands above it, and every run of --out warns about it.
  const ownInOut = srcInOut ? undefined : ownDirectoryHolding(outDir, srcDir, shownAt);
  if (ownInOut !== undefined) {
    throw new UserError(
      `the definitions directory ${shown(srcDir)} is inside --out ${shown(outDir)}: the new aac.yaml would be written at ${shownAt(join(outDir, 'aac.yaml'))}, above the one of ${shown(ownInOut)}, and every run on ${shown(outDir)} would warn that ${shown(ownInOut)} is a definitions directory of its own; nothing was written`,
      `write the new definitions into a directory that does not hold the source: e.g. ${besideOut(cwd, srcDir, target)}`,
    );
  }
  if (!outInSrc && !srcInOut) return;
  const beside = besideOut(cwd, srcDir, target);
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
 * The new directory's aac.yaml (`settings`, to write as YAML) from the source's `config` and
 * `declared` environments, for `target`'s provider, and what of the source's is not carried, each
 * with why (`left`, phrases for `aac.yaml — …` lines), and the names of the settings carried beyond
 * the provider and namespace (`carried`: what a kept aac.yaml in --out would not get).
 * - `provider:` is the new one (an environment's own too: its definitions are now the target's).
 * - `namespace:` when one was set (aac.yaml or AAC_NAMESPACE), so the migrated definitions are owned
 *   by the same team's scope; a default one is not written: it comes from the directory's path,
 *   which the new directory has its own of.
 * - `$schema:` (an editor's hint; one relative to the source directory made relative to the new).
 * - `options:`: those every client reads alike (CLIENT_OPTIONS); `api_version` only between
 *   providers served at one endpoint (ProviderInfo.servedAt), whose API versions it names.
 * - `endpoint:` (and each environment's) only between providers served at one endpoint: whether
 *   another host serves the new API (a gateway may not proxy it) is for the user to say.
 * - `variables:` and `environments:` as `declared` gives them (the caller leaves out a variable the
 *   migrated definitions no longer reference), but each environment's provider.
 */
function migratedConfig(
  ctx: CommandContext,
  config: ProjectConfig,
  target: ProviderInfo,
  declared: Environments,
  dirs: { srcDir: string; outDir: string; configPath: string },
): { settings: JsonObject; carried: string[]; left: string[] } {
  const settings: JsonObject = {};
  const carried: string[] = [];
  const left: string[] = [];
  const servedWithTarget = (provider: string) => target.servedAt !== undefined && providerInfo(provider)?.info.servedAt === target.servedAt;
  if (config.schema !== undefined) {
    // A path is relative to the file that writes it; a URL is the same from anywhere.
    const relativePath = !/^[A-Za-z][A-Za-z0-9+.-]*:/.test(config.schema) && !isAbsolute(config.schema);
    settings.$schema = relativePath ? posixRelative(dirs.outDir, resolve(dirs.srcDir, config.schema)) : config.schema;
    carried.push('$schema');
  }
  settings.provider = target.name;
  const given = runGivenNamespace(ctx, config);
  if (given) settings.namespace = given.namespace;
  if (config.endpoint !== undefined) {
    if (servedWithTarget(config.provider)) {
      settings.endpoint = config.endpoint;
      carried.push('endpoint');
    } else left.push(`its endpoint ${config.endpoint} is not carried over: add \`endpoint:\` to ${dirs.configPath} if ${target.name} is served there`);
  }
  const options: JsonObject = {};
  for (const name of CLIENT_OPTIONS) {
    const value = config.options[name];
    if (value !== undefined) options[name] = value;
  }
  const apiVersion = config.options.api_version;
  if (apiVersion !== undefined) {
    if (servedWithTarget(config.provider)) options.api_version = apiVersion;
    // aac.yaml holds one only under a provider that sends it (config/index.ts, apiVersionChecks).
    else left.push(`options.api_version (${apiVersion}) is not carried over: it is a version of the API of ${config.provider}, and ${target.servedAt === undefined ? `${target.name} sends none` : `${target.name} gets aac's default api-version, ${DEFAULT_API_VERSION}, unless options.api_version sets another`}`);
  }
  if (Object.keys(options).length > 0) {
    settings.options = options;
    carried.push(...Object.keys(options).map((name) => `options.${name}`));
  }
  if (declared.variables.length > 0) {
    settings.variables = Object.fromEntries(declared.variables.map((v) => [v.name, {
      ...(v.type !== undefined ? { type: v.type } : {}),
      ...(v.default !== undefined ? { default: v.default } : {}),
      ...(v.description !== undefined ? { description: v.description } : {}),
    }]));
  }
  if (declared.environments.length > 0) {
    settings.environments = Object.fromEntries(declared.environments.map((e) => {
      const endpoint = e.endpoint !== undefined && servedWithTarget(ctx.global.provider ?? e.provider ?? config.provider) ? e.endpoint : undefined;
      if (e.endpoint !== undefined && endpoint === undefined) {
        left.push(`the endpoint ${e.endpoint} of environment '${e.name}' is not carried over: add \`endpoint:\` under environments.${e.name} in ${dirs.configPath} if ${target.name} is served there`);
      }
      return [e.name, {
        ...(endpoint !== undefined ? { endpoint } : {}),
        ...(e.namespace !== undefined ? { namespace: e.namespace } : {}),
        ...(e.overlays !== overlayDirFor(e.name) ? { overlays: e.overlays } : {}),
        ...(e.ownValues.size > 0 ? { values: Object.fromEntries(e.ownValues) } : {}),
      }];
    }));
    // Environments the source told apart by their endpoints alone now share one target: the new
    // aac.yaml is refused until the user says where each is served (or gives each a namespace).
    const written = Object.entries(settings.environments as JsonObject).map(([name, e]) => ({ name, ...(e as { endpoint?: string; namespace?: string }) }));
    const top = { provider: target.name, ...(typeof settings.endpoint === 'string' ? { endpoint: settings.endpoint } : {}), ...(typeof settings.namespace === 'string' ? { namespace: settings.namespace } : {}) };
    for (const { first, second } of sharedTargetPairs(written, top)) {
      left.push(`environments '${first}' and '${second}' are told apart by their endpoints, which are not carried over: in ${dirs.configPath} they share one target, which aac refuses until each has its own \`endpoint:\` (or '${second}' its own \`namespace:\`)`);
    }
  }
  return { settings, carried, left };
}

/**
 * The new aac.yaml's content: `written` (its settings) with each setting of the aac.yaml at
 * `configPath` (in --out, which the run replaces) that it does not write (settingsNotWritten), as
 * that file has it, written into that file so that its comments stay (settingsKeepingComments),
 * and what to say of them (`said`, each as `file:line:column: path — text` or `file — text`): those
 * kept, named in one line; each one that loading the file for `provider` (--provider's check, as a
 * plan there reads it) refuses, at it, inside it or around it, is left out, said at its place with
 * the error and its fix. A file that holds no mapping keeps nothing, and says so at its error.
 */
async function keptSettings(cwd: string, outDir: string, configPath: string, provider: string, written: JsonObject): Promise<{ content: string; said: Said[] }> {
  const loaded = await loadProjectConfig(outDir, { cwd, provider });
  const file = shownPath(cwd, configPath);
  let text = '';
  let existing: Json | undefined;
  try {
    text = readFileSync(configPath, 'utf8');
    existing = parse(text) as Json;
  } catch {
    existing = undefined;
  }
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (!isObject(existing)) {
    const broken = errors[0];
    return { content: stringify(written), said: broken === undefined ? [] : [{ ...broken.location, text: `none of its settings are kept, as it cannot be read (${broken.message}): add any the migration does not write to the new ${file} again` }] };
  }
  const settings = structuredClone(written);
  const kept: string[] = [];
  const said: Said[] = [];
  for (const path of settingsNotWritten(existing, written)) {
    const at = pathText(path);
    const refused = errors.find((d) => d.path !== '' && (d.path === at || d.path.startsWith(`${at}.`) || at.startsWith(`${d.path}.`)));
    if (refused !== undefined) {
      said.push({ ...refused.location, path: at, text: `dropped from the new ${file}, which the migration writes over this one: ${refused.message}${refused.hint !== undefined ? `; ${refused.hint}` : ''}` });
      continue;
    }
    setAt(settings, path, valueAt(existing, path));
    kept.push(at);
  }
  if (kept.length > 0) said.unshift({ file, text: `${andList(kept)} ${plural(kept.length, 'is', 'are')} kept as ${plural(kept.length, 'it was', 'they were')} in the ${file} this run replaces: the migration writes no value for ${plural(kept.length, 'it', 'them')}` });
  return { content: settingsKeepingComments(text, settings), said };
}

/** Whether the file at `path` holds `content` (as UTF-8) already; false when it cannot be read. */
function sameBytes(path: string, content: string): boolean {
  try {
    return readFileSync(path).equals(Buffer.from(content, 'utf8'));
  } catch {
    return false;
  }
}
