// Turns the selected assistants into file contents and paths, all in memory: nothing is written
// until every file was generated, so an error leaves the definitions directory as it was.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { ResourceKind } from '../backends/backend.js';
import { CONFIG_FILES, ownDirectoryHolding, readAs } from '../desired/discover.js';
import { IGNORE_FILE } from '../desired/ignore.js';
import { windowsNameProblem } from '../util/windows-names.js';
import { unfitCharacter } from '../util/invisible.js';
import { keyFromPath, posixRelative, shownPath } from '../desired/paths.js';
import type { Definition, LiveResource } from '../model/definition.js';
import { setAt, valueAt } from '../model/json.js';
import { withoutDefaults } from './minimize.js';
import { keptLiveLines, withoutKept } from '../model/kept-live.js';
import { overlayComment, renderDefinition, renderOverlay } from './render-yaml.js';
import { overlayBetween } from '../environments/merge.js';
import { asLiteral } from '../environments/variables.js';
import { plannedFieldChanges } from '../plan/diff.js';
import { isObject } from '../model/json.js';
import type { Spec } from '../model/definition.js';
import { schemaReference } from './schema-ref.js';
import type { Candidate } from './select.js';
import { baseKey, uniqueKey } from '../util/slug.js';
import { displayName } from './select.js';
import type { FileWrite } from '../util/write-files.js';
import { readsBackAsItself } from '../util/text.js';
import { definitionDoc, type WrittenDefinition } from './validity-check.js';
import { describeMarker } from '../model/marker.js';
import { handOverHint } from '../plan/moved-hint.js';
import { fileDoc } from '../environments/located.js';
import { yamlSource } from '../yaml/source.js';
import { codeSpan } from '../util/code-span.js';
import { keyProblem } from '../model/key-format.js';
import { nameAddress } from '../backends/name-address.js';
import { yamlLine } from '../yaml/snippet.js';
import { targetArgument } from '../util/shell-word.js';
import { fileKind } from '../util/file-kind.js';
import { placeText } from '../model/diagnostic.js';
import { overlayDirHolding, type Environment } from '../environments/config.js';
import type { PathFold } from '../util/path-case.js';

/**
 * Instructions longer than this move to their own Markdown file: past a few lines they read better
 * as a document, and a pull request then shows a prompt edit as a plain text diff.
 */
export const INLINE_INSTRUCTIONS_MAX = { lines: 5, chars: 400 } as const;

export interface ImportSettings {
  /** Definitions directory, absolute. */
  dir: string;
  /** Working directory, for the paths shown in messages. */
  cwd: string;
  force: boolean;
  /**
   * `--replace-differing`: with `force`, a definition whose fields differ from its live resource
   * (what the next plan would change: an edit not applied yet, or a change made on the host) is rewritten too, the fields it
   * loses listed; without it, such a definition is left alone, and said so.
   */
  replaceDiffering: boolean;
  /** The host, for the kind's rules of what a definition may leave out. */
  provider: string;
  /** The apply a message names, with the options that chose the run's target (commands/suggest.ts nextCommands). */
  apply: string;
  /**
   * `--env`: the environment imported from, its overlay directory (absolute), and the keys whose
   * definition already has its assistant there (managed, or pinned to a live one). Then an id pin
   * goes into the environment's overlay (an id belongs to one host), and an assistant whose key
   * the base already defines becomes an overlay holding only what differs.
   */
  environment?: { name: string; overlays: string; inUse: ReadonlySet<string>; sharedWith?: readonly SharingEnvironment[] };
  /**
   * Every environment aac.yaml declares, by its name and overlay directory (below `dir`,
   * `/`-separated): a key whose file lies in one, or in an undeclared environment's, is written
   * nowhere (a run reads no definition there). Empty without environments.
   */
  declared: ReadonlyArray<Pick<Environment, 'name' | 'overlays'>>;
  /** How the file system of `dir` compares names (util/path-case.ts pathFoldAt): whether a key's file lies in an overlay directory spelt in another case. */
  fold: PathFold;
}

/**
 * Another environment on the imported one's host, for a kind addressed by name (one project holds
 * one resource of a name): its name and overlay directory (absolute). A base definition written
 * for a key the base lacks then leaves the name to the imported environment's overlay, beside its
 * pin: in the base, every such environment's plan would meet that name taken by this resource.
 */
export interface SharingEnvironment {
  name: string;
  overlays: string;
}

export interface ImportedAssistant {
  id: string;
  name: string | null;
  key: string;
  /** Paths relative to the working directory. */
  file: string;
  instructionsFile?: string;
  /** What the live resource holds that a definition cannot write and an update keeps (ResourceKind.keptLive, keptLiveLines). */
  keptLive?: Array<{ line: string; why: string }>;
  /**
   * With `--env`: the environment's overlay written for it (path relative to the working
   * directory), which holds its `id:` pin; `file` itself when the base already defined its key.
   */
  overlayFile?: string;
  /**
   * With `--env`, when other environments share its host and the kind is addressed by name: the
   * name was written into `overlayFile`, not the base, and these overlays (one per such
   * environment, as the working directory shows them) need a `name:` of their own.
   */
  nameNeededIn?: Array<{ environment: string; overlay: string }>;
  replaces: boolean;
  /**
   * It already carries this namespace's marker (`--force` rewrote its definition from the live
   * state): the next plan shows no change to it, where it adopts every other (writes the marker).
   */
  managed?: true;
  /** The replaced file had no `id:` and now pins the resource (`id:` is written into every base definition import writes). */
  pinAdded?: true;
  /**
   * The fields of the replaced definition that differed from the live resource (what a plan would
   * have changed: an edit not applied yet), replaced by its values (`--replace-differing`). Absent when none.
   */
  discarded?: string[];
}

export interface SkippedAssistant {
  id: string;
  name: string | null;
  /** `foreign`: managed by another namespace, never imported (not even with --force). */
  reason: 'defined' | 'managed' | 'orphan' | 'foreign' | 'duplicate';
  key?: string;
  file?: string;
  /** `--force` would have imported it: counts as a refusal when the user selected it. */
  needsForce: boolean;
  /**
   * With `--force`, its definition differs from it (`fields`, what a plan would change: an edit
   * not applied yet) and `--replace-differing` was not given: counts as a refusal when the user selected it.
   */
  differing?: string[];
  /** The reason alone (skippedMessage without the fix), for the refusal of an --id that chose it. */
  why: string;
  /**
   * What to do instead, when neither `--force` nor `--replace-differing` would import it (a key
   * import cannot write, a file taken, an overlay there): for the refusal of an --id that chose it.
   */
  fix?: string;
  /** A `foreign` one's way here (plan/moved-hint.ts handOverHint), for the refusal of an --id that chose it. */
  handOver?: string;
}

/** What a report says of a skipped one: why, then the way to import it or what to do instead when there is one (`${why}; ${fix}`). */
export function skippedMessage(s: Pick<SkippedAssistant, 'why' | 'fix'>): string {
  return s.fix === undefined ? s.why : `${s.why}; ${s.fix}`;
}

export interface ImportBuild {
  imported: ImportedAssistant[];
  skipped: SkippedAssistant[];
  writes: FileWrite[];
  /**
   * The definitions among `writes` (not prompts; an environment's overlay of a base definition
   * with that base), each with the live id it was made from (`from`) and aac's reading of its
   * text (made when it was written, for the validity check). An overlay that holds only the pin of
   * a definition written beside it is not among them: the definition is.
   */
  definitions: WrittenDefinition[];
}

/**
 * Whether instructions go to a Markdown file: long ones, or any when the definition already used
 * one; never text a file would not give back as it is (a CR, a leading U+FEFF, a NUL, an unpaired
 * surrogate), which stays inline, where YAML's escapes carry it.
 */
export function needsInstructionsFile(text: string, hadFile = false): boolean {
  if (!readsBackAsItself(text)) return false;
  return hadFile || text.length > INLINE_INSTRUCTIONS_MAX.chars || text.split('\n').length > INLINE_INSTRUCTIONS_MAX.lines;
}

/** Lower-cased names in a directory ('' set when it does not exist), for case-insensitive clash checks. */
function namesIn(dir: string): Set<string> {
  try {
    return new Set(readdirSync(dir).map((n) => n.toLowerCase()));
  } catch {
    return new Set();
  }
}

/**
 * Why the definition of `key` (a key a definition may give: keyProblem found nothing, so no
 * empty, `.` or `..` segment, no white space, `*`, `?` or `\\`) is not written to
 * `DIR/KEY.yaml`, a file whose path a run reads back as `key` (keyFromRelative): a step of it
 * that a Windows checkout cannot hold (windowsNameProblem: `:`, `<`, `>`, `"`, `|`, a device name
 * such as `con`, a directory ending in `.`), a character no name may hold (unfitCharacter: a run
 * refuses the file), or a step the run's walk skips (discover.ts readAs: a name starting with `.`
 * or `_`, node_modules, one the directory's .aacignore lists; a folder holding its own aac.yaml,
 * discover.ts ownDirectoryHolding), or a directory that holds overlays,
 * not definitions (overlayDirHolding: an environment's of `declared`, or the `overlays/<name>/`
 * of an undeclared one, which the load refuses; in any case where the file system ignores it, `fold`). Words that follow `whose file FILE`; undefined
 * when the file reads back as the key. Every other character (`a+b`, `café`, `a#1`) is a file
 * name's. Throws what readAs throws (an unreadable .aacignore).
 */
function keyFileProblem(key: string, file: string, dir: string, settings: Pick<ImportSettings, 'declared' | 'fold'>, shown: (abs: string) => string): string | undefined {
  const steps = `${key}.yaml`.split('/');
  for (const [i, step] of steps.entries()) {
    const problem = windowsNameProblem(step);
    if (problem) return `a Windows checkout cannot hold (${problem.why}${i < steps.length - 1 ? `: the directory ${steps.slice(0, i + 1).join('/')}` : ''})`;
  }
  const unfit = unfitCharacter(key, 'key');
  if (unfit) return `would hold ${unfit.holds}`;
  if (readAs(dir, file, shown) !== 'definition') {
    // Which of the walk's rules leaves it out is asked only of a file it does.
    const own = ownDirectoryHolding(dir, file, shown);
    if (own === undefined) return `a run would not read (a name starting with \`.\` or \`_\`, node_modules, or one ${shown(join(dir, IGNORE_FILE))} lists is skipped)`;
    const config = CONFIG_FILES.find((name) => existsSync(join(own, name))) ?? CONFIG_FILES[0];
    return `a run would not read: ${shown(own)}/ holds its own ${config}, a definitions directory of its own (a run of it reads the file, in its own namespace)`;
  }
  const overlays = overlayDirHolding(`${key}.yaml`, settings.declared, settings.fold);
  if (overlays) {
    const whose = overlays.declared ? `environment '${overlays.environment}'` : `an environment '${overlays.environment}', which aac.yaml does not declare`;
    return `lies in ${shown(join(dir, ...overlays.dir.split('/')))}/, the overlay directory of ${whose}: a run reads no definition there`;
  }
  return undefined;
}

/**
 * Who marks `live`, a resource of the run's namespace or with the legacy marker (another
 * namespace's never gets this far): `managed by aac as 'k'`, or the legacy marker, which names no
 * namespace and is adopted only explicitly.
 */
function ownedAs(live: LiveResource): string {
  return live.namespace === null
    ? `carries the previous marker ${describeMarker({ namespace: null, key: live.key! })} (no namespace)`
    : `managed by aac as '${live.key}'`;
}


/**
 * What to do with `live`, which carries the key `key` that import writes no file for: define it
 * under a key that takes it over — the pin for the previous marker (which neither `moved_from:` nor
 * a key takes over); for this namespace's, `keep` (`moved_from:` for a key a definition may no
 * longer give, a `key:` line in a file of another name for one that cannot name a file) — or, for
 * this namespace's, delete it with a `--target` that selects that key alone (escaped).
 */
function keepOrDeleteHint(live: LiveResource, key: string, keep: string): string {
  if (live.namespace === null) return `to keep it, define it under a new key with ${codeSpan(yamlLine('id', live.id))} (the next apply adopts it)`;
  return `to keep it, ${keep}; to delete it, ${codeSpan(`--prune ${targetArgument(key)}`)} selects that key alone`;
}

export function buildImport(
  candidates: readonly Candidate[],
  definitions: readonly Definition[],
  kind: ResourceKind,
  settings: ImportSettings,
): ImportBuild {
  const { dir, cwd, force, apply } = settings;
  const nameOf = (live: LiveResource) => displayName(live, kind);
  const shown = (abs: string) => shownPath(cwd, abs);
  const dirNames = namesIn(dir);
  const promptNames = namesIn(join(dir, 'prompts'));
  const definedKeys = new Set(definitions.map((d) => d.key.toLowerCase()));
  const claimedKeys = new Set<string>();
  const claimedPaths = new Set<string>();
  const claimedDefinitions = new Set<Definition>();

  // Each imported one with its files, kept together: they are listed and written in one order (inListOrder).
  const entries: Imported[] = [];
  const skipped: SkippedAssistant[] = [];

  const keyTaken = (k: string) => {
    const lower = k.toLowerCase();
    return (
      CONFIG_FILES.includes(`${lower}.yaml`) ||
      definedKeys.has(lower) ||
      claimedKeys.has(lower) ||
      dirNames.has(`${lower}.yaml`) ||
      dirNames.has(`${lower}.yml`) ||
      promptNames.has(`${lower}.md`)
    );
  };
  const pathTaken = (p: string) => existsSync(p) || claimedPaths.has(p.toLowerCase());

  /**
   * Why `live`'s key, whose file `file` (absolute) is there, is not written: what that path holds,
   * as this run read it — a definition of another key (its `key:` line, where it is written), or
   * something no definition came from (a directory, another kind of file, a file written since the
   * definitions were read) — and the way out. A file that failed to load never gets here (its
   * errors stopped the import), nor one the run does not read as a definition (keyFileProblem).
   */
  const takenFile = (live: LiveResource, file: string): Pick<SkippedAssistant, 'why' | 'fix'> => {
    // Exactly, else in any case: a file system that ignores case found it under another spelling.
    const holder = definitions.find((d) => resolve(cwd, d.file) === file) ?? definitions.find((d) => resolve(cwd, d.file).toLowerCase() === file.toLowerCase());
    if (holder) {
      return {
        why: `${ownedAs(live)}, but ${shown(file)} defines '${holder.key}' (${codeSpan(yamlLine('key', holder.key))} at ${placeText(holder.locate(['key'], 'value'))})`,
        fix: `to import it, rename ${shown(file)} (its \`key:\` keeps it '${holder.key}') and run import again`,
      };
    }
    // A file the walk would read, yet no definition came from it: it was not there when it walked.
    let what = 'a file written since this run read the definitions';
    try {
      const stats = statSync(file);
      if (!stats.isFile()) what = `${fileKind(stats)}, not a definition file`;
    } catch {
      // Gone since it was seen: said as the file it was.
    }
    return { why: `${ownedAs(live)}, but ${shown(file)}, where its definition would go, is ${what}`, fix: `to import it, rename or move ${shown(file)} and run import again` };
  };
  const claim = (p: string) => claimedPaths.add(p.toLowerCase());

  // What a definition cannot hold is left out of the file, and listed (model/kept-live.ts).
  const minimized = (live: LiveResource) => {
    const spec = withoutKept(kind.keptLive, live.spec);
    return kind.import.minimize ? kind.import.minimize(spec) : withoutDefaults(spec, kind, settings.provider);
  };
  const keptLiveOf = (live: LiveResource) => {
    const kept = keptLiveLines(kind.keptLive, live.spec);
    return kept.length === 0 ? {} : { keptLive: kept };
  };
  const overlayOf = (key: string) => join(settings.environment!.overlays, `${key}.yaml`);


  /**
   * An environment's overlay for the base definition `def`: only the fields a plan would change
   * (a map only in the keys that differ), `null` for one the assistant leaves to its default, and
   * the pin. An overlay already there is the user's: left alone.
   */
  const emitOverlay = (live: LiveResource, def: Definition): void => {
    const path = overlayOf(def.key);
    const existing = [path, path.replace(/\.yaml$/, '.yml')].find((p) => existsSync(p));
    if (existing) {
      skip(live, {
        reason: 'defined',
        key: def.key,
        file: shown(existing),
        needsForce: false,
        why: `${shown(existing)} already holds the differences of environment '${settings.environment!.name}' for '${def.key}'`,
        fix: 'import writes an overlay only where there is none: edit it by hand',
      });
      return;
    }
    const spec = minimized(live);
    const differs: Spec = {};
    for (const { field } of plannedFieldChanges(kind, settings.provider, live, def.spec)) {
      const mine = spec[field];
      const base = def.spec[field];
      if (isObject(mine) && isObject(base)) {
        const inner = overlayBetween(base, mine);
        if (inner !== undefined) differs[field] = inner;
      } else {
        differs[field] = mine ?? null;
      }
    }
    // Instructions given inline here replace the base's file.
    const dropFile = def.instructionsFile !== undefined && kind.paths.instructions[0]! in differs;
    claim(path);
    const { text: content, read } = renderOverlay({ id: live.id, spec: asLiteral(differs) as Spec }, dropFile, overlayComment(settings.environment!.name, def.key), kind);
    const write = { path, content, replaces: false };
    entries.push({
      imported: { id: live.id, name: nameOf(live), key: def.key, file: shown(path), ...keptLiveOf(live), overlayFile: shown(path), replaces: false, ...(live.namespace !== null ? { managed: true as const } : {}) },
      writes: [write],
      definition: { from: live.id, write, read, base: { doc: definitionDoc(def, resolve(cwd, def.file)), file: def.file } },
    });
  };

  /** Writes one definition: the YAML file and, for long instructions, its Markdown file. */
  const emit = (
    live: LiveResource,
    key: string,
    yamlPath: string,
    existingInstructionsFile: string | undefined,
    replaces: boolean,
    /** The file replaced had no `id:` (a definition keyed by its path or `key:`). */
    hadNoPin = false,
    /** The replaced definition's fields that differed from the live resource (ImportedAssistant.discarded). */
    discarded: string[] = [],
  ) => {
    const spec = minimized(live);
    const instructions = valueAt(spec, kind.paths.instructions);
    const pathKey = keyFromPath(dir, yamlPath);
    let instructionsFile: string | undefined;
    let promptWrite: FileWrite | undefined;
    if (typeof instructions === 'string' && needsInstructionsFile(instructions, existingInstructionsFile !== undefined)) {
      let mdPath = existingInstructionsFile;
      if (mdPath === undefined) {
        const promptsDir = join(dirname(yamlPath), 'prompts');
        const stem = uniqueKey(basename(yamlPath, extname(yamlPath)), (s) => pathTaken(join(promptsDir, `${s}.md`)));
        mdPath = join(promptsDir, `${stem}.md`);
      }
      claim(mdPath);
      promptWrite = { path: mdPath, content: instructions, replaces: existsSync(mdPath) };
      instructionsFile = mdPath;
      setAt(spec, kind.paths.instructions, undefined);
    }
    // The live text as a definition reads it back (a Markdown prompt's is read as it is).
    const literal = asLiteral(spec) as Spec;
    claim(yamlPath);
    // In an environment, the pin goes into its overlay: the base is every environment's. Where
    // other environments share the host and the name is the address, so does the name.
    const pinHere = settings.environment === undefined;
    const sharing = settings.environment?.sharedWith ?? [];
    const overlaySpec: Spec = {};
    if (sharing.length > 0) {
      const name = valueAt(literal, kind.paths.name);
      setAt(overlaySpec, kind.paths.name, name);
      setAt(literal, kind.paths.name, undefined);
    }
    const overlay = pinHere ? undefined : renderOverlay({ id: live.id, spec: overlaySpec }, false, overlayComment(settings.environment!.name, key), kind);
    const overlayWrite = overlay && { path: overlayOf(key), content: overlay.text, replaces: existsSync(overlayOf(key)) };
    if (overlayWrite) claim(overlayWrite.path);
    const { text: content, read } = renderDefinition(
      {
        ...(pathKey !== key ? { key } : {}),
        ...(pinHere ? { id: live.id } : {}),
        spec: literal,
        ...(instructionsFile ? { instructionsFile: posixRelative(dirname(yamlPath), instructionsFile) } : {}),
      },
      schemaReference(yamlPath, dir, kind),
      kind,
    );
    const write = { path: yamlPath, content, replaces };
    const imported: ImportedAssistant = {
      id: live.id,
      name: nameOf(live),
      key,
      file: shown(yamlPath),
      ...keptLiveOf(live),
      ...(instructionsFile ? { instructionsFile: shown(instructionsFile) } : {}),
      ...(pinHere ? {} : { overlayFile: shown(overlayOf(key)) }),
      ...(sharing.length > 0 ? { nameNeededIn: sharing.map((e) => ({ environment: e.name, overlay: shown(join(e.overlays, `${key}.yaml`)) })) } : {}),
      replaces,
      // Another namespace's never gets here: a namespace is this run's.
      ...(live.namespace !== null ? { managed: true as const } : {}),
      ...(pinHere && hadNoPin ? { pinAdded: true as const } : {}),
      ...(discarded.length > 0 ? { discarded } : {}),
    };
    entries.push({
      imported,
      // As the report lists them: the definition, its instructions, its environment's overlay.
      writes: [write, ...(promptWrite ? [promptWrite] : []), ...(overlayWrite ? [overlayWrite] : [])],
      // A base without the name is checked as the imported environment sees it: its overlay merged on.
      definition: sharing.length > 0
        ? { from: live.id, write: overlayWrite!, read: overlay!.read, base: { doc: fileDoc(read.value ?? null, yamlPath, yamlSource(shown(yamlPath), read, () => Buffer.from(content))), file: shown(yamlPath) } }
        : { from: live.id, write, read },
    });
  };

  const skip = (live: LiveResource, s: Omit<SkippedAssistant, 'id' | 'name'>) => skipped.push({ id: live.id, name: nameOf(live), ...s });

  /**
   * For a kind addressed by name (foundry-agents), the names this directory already gives (its
   * definitions', as this run assembles them) and the names of the resources this run writes a
   * new definition for, each by its address (nameAddress: names that differ only in case are one):
   * a second definition of one address is refused by validate (two definitions, one agent), so
   * import never writes one. Null for a kind addressed by id. `file`: the file that writes the
   * name (an environment's overlay, when its `name:` gives it).
   */
  const names = kind.identity.addressedBy === 'name'
    ? new Map<string, { name: string; file: string; definition?: Definition }>(definitions.flatMap((d) => {
      const name = valueAt(d.spec, kind.paths.name);
      return typeof name === 'string' && name !== '' ? [[nameAddress(name), { name, file: shown(resolve(cwd, d.locate(kind.paths.name).file)), definition: d }] as const] : [];
    }))
    : null;
  /**
   * Why the new resource `live` gets no definition of its own, when its name's address is already
   * given (names): by a definition without an \`id:\` of exactly its name, which is its definition
   * once pinned (`defined`: the plan refuses that name as taken until then); else by another's
   * definition or one this run writes (`duplicate`). Undefined when it is free.
   */
  /** Records that this run writes `live`'s definition at `file` (absolute), under its name. */
  const claimName = (live: LiveResource, file: string): void => {
    const name = nameOf(live);
    if (names && name !== null) names.set(nameAddress(name), { name, file: shown(file) });
  };
  const nameHolder = (live: LiveResource): Omit<SkippedAssistant, 'id' | 'name'> | undefined => {
    const name = nameOf(live);
    if (!names || name === null) return undefined;
    const holder = names.get(nameAddress(name));
    if (!holder) return undefined;
    const { one } = kind.nouns;
    if (holder.definition && holder.definition.id === undefined && holder.name === name) {
      return {
        reason: 'defined',
        key: holder.definition.key,
        file: holder.file,
        needsForce: false,
        why: `already defined by its name '${name}' in ${holder.file}, which has no \`id:\`; not written a second time`,
        // In an environment, the pin goes into its overlay, as this run writes pins (pinHere).
        fix: `to adopt it, add ${codeSpan(yamlLine('id', live.id))} to ${settings.environment ? shown(overlayOf(holder.definition.key)) : holder.file} (until then the plan refuses the name as taken)`,
      };
    }
    const alike = holder.name === name ? `is also the name in ${holder.file}` : `differs only in case from '${holder.name}' in ${holder.file}, and counts as the same name (whether the host tells names apart by case is not documented)`;
    return {
      reason: 'duplicate',
      ...(holder.definition ? { key: holder.definition.key } : {}),
      file: holder.file,
      needsForce: false,
      why: `its ${one} name '${name}' ${alike}; one name addresses one ${one}, so no definition is written for it`,
      fix: `to manage it here, rename one of the two ${kind.nouns.many} on the host`,
    };
  };

  // Re-imports and restores first: their keys are fixed, new keys must avoid them.
  for (const c of candidates) {
    if (c.kind === 'foreign') {
      const pin = c.pinnedBy ? `; ${shown(resolve(cwd, c.pinnedBy.file))} pins it, which the plan refuses: remove its \`id:\`` : '';
      skip(c.live, {
        reason: 'foreign',
        key: c.live.key!,
        needsForce: false,
        why: `managed by the namespace '${c.namespace}' (${describeMarker({ namespace: c.namespace, key: c.live.key! })}); left alone${pin}`,
        handOver: handOverHint(c.namespace, c.live.id, kind),
      });
    } else if (c.kind === 'defined') {
      const file = shown(resolve(cwd, c.definition.file));
      const reason = c.live.key === null ? 'defined' : 'managed';
      if (claimedDefinitions.has(c.definition)) {
        skip(c.live, {
          reason: 'duplicate',
          key: c.definition.key,
          file,
          needsForce: false,
          why: `${file} is already being written for another ${kind.nouns.one}`,
          fix: `one file is written per definition: name one of them per run with --id`,
        });
        continue;
      }
      claimedDefinitions.add(c.definition);
      claimedKeys.add(c.definition.key.toLowerCase());
      if (!force) {
        skip(c.live, {
          reason,
          key: c.definition.key,
          file,
          needsForce: true,
          why:
            reason === 'defined'
              ? `already defined in ${file} (id pinned; ${codeSpan(apply)} adopts it); not overwritten`
              : `${ownedAs(c.live)} (${file}); not overwritten`,
        });
        continue;
      }
      // In an environment the base is every environment's: what this one's assistant has differs in its overlay.
      if (settings.environment) {
        emitOverlay(c.live, c.definition);
        continue;
      }
      // What the rewrite would throw away: the definition's fields a plan would change on the live
      // resource (an edit not applied yet). Never lost unsaid: left alone unless --replace-differing.
      const differing = plannedFieldChanges(kind, settings.provider, c.live, c.definition.spec).map((f) => f.field);
      if (differing.length > 0 && !settings.replaceDiffering) {
        skip(c.live, {
          reason,
          key: c.definition.key,
          file,
          needsForce: false,
          differing,
          why: `${file}: ${differing.join(', ')} ${differing.length === 1 ? 'differs' : 'differ'} from the live ${kind.nouns.one} (an edit not applied yet, or a change made on the host) and would be replaced by its values; not overwritten: to keep the file's, apply it (${codeSpan(apply)}); to take the live ones, add --replace-differing`,
        });
        continue;
      }
      const instructionsFile = c.definition.instructionsFile ? resolve(cwd, c.definition.instructionsFile) : undefined;
      emit(c.live, c.definition.key, resolve(cwd, c.definition.file), instructionsFile, true, c.definition.id === undefined, differing);
    } else if (c.kind === 'orphan') {
      claimedKeys.add(c.key.toLowerCase());
      // A key an earlier aac let a definition give: none is written under it, which validate would refuse.
      const refused = keyProblem(c.key);
      if (refused) {
        skip(c.live, {
          reason: 'orphan',
          key: c.key,
          needsForce: false,
          why: `${ownedAs(c.live)}, a key a definition may no longer give (it ${refused.holds}), so import writes none for it`,
          fix: keepOrDeleteHint(c.live, c.key, `define it under a new key with ${codeSpan(yamlLine('moved_from', c.key, { list: true }))} (the next apply moves it to that key)`),
        });
        continue;
      }
      const file = join(dir, `${c.key}.yaml`);
      const unusable = keyFileProblem(c.key, file, dir, settings, shown);
      if (unusable !== undefined || existsSync(file)) {
        skip(c.live, {
          reason: 'orphan',
          key: c.key,
          needsForce: false,
          ...(unusable === undefined
            ? takenFile(c.live, file)
            : {
              why: `${ownedAs(c.live)}, whose file ${shown(file)} ${unusable}, and no definition has that key`,
              fix: keepOrDeleteHint(c.live, c.key, `write its definition in a file of another name with ${codeSpan(yamlLine('key', c.key))} (the next plan manages it by that key)`),
            }),
        });
        continue;
      }
      if (!force) {
        skip(c.live, {
          reason: 'orphan',
          key: c.key,
          needsForce: true,
          why: c.live.namespace === null
            ? `${ownedAs(c.live)}, and no definition has that key; --force writes ${shown(file)} pinned to its id, which the next apply adopts into this namespace`
            : `${ownedAs(c.live)}, but no definition has that key; --force writes ${shown(file)} from it`,
        });
        continue;
      }
      claimName(c.live, file);
      emit(c.live, c.key, file, undefined, false);
    }
  }

  for (const c of candidates) {
    if (c.kind !== 'new') continue;
    // In an environment, an assistant whose key the base defines (and whose definition has no
    // assistant there yet) is that definition's: an overlay, not a second definition.
    const plain = baseKey(nameOf(c.live), c.live.id, kind.name);
    const base = settings.environment && !claimedKeys.has(plain.toLowerCase()) && !settings.environment.inUse.has(plain)
      ? definitions.find((d) => d.key === plain)
      : undefined;
    if (base) {
      claimedKeys.add(plain.toLowerCase());
      emitOverlay(c.live, base);
      continue;
    }
    const named = nameHolder(c.live);
    if (named) {
      skip(c.live, named);
      continue;
    }
    const key = uniqueKey(plain, keyTaken);
    claimedKeys.add(key);
    claimName(c.live, join(dir, `${key}.yaml`));
    emit(c.live, key, join(dir, `${key}.yaml`), undefined, false);
  }
  return inListOrder(entries, skipped);
}

/** One imported resource with the files written for it (in the order its report lines name them) and its definition for the validity check. */
interface Imported {
  imported: ImportedAssistant;
  writes: FileWrite[];
  definition: WrittenDefinition;
}

/** Compares two strings by their UTF-16 code units (as `sort()` does), the same on every machine and locale. */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The one order an import lists, checks and writes in: by key (a skipped one without a key by its
 * name), then id. The order the candidates came in is the host's (created_at, which settles which
 * of several with one name gets the plain key), so the same fleet imported again, or on another
 * environment's host, lists and writes in the same order; and a dry run lists what the run writes
 * in the order it writes it.
 */
function listOrder(a: Pick<SkippedAssistant, 'id' | 'name' | 'key'>, b: Pick<SkippedAssistant, 'id' | 'name' | 'key'>): number {
  return byText(a.key ?? a.name ?? '', b.key ?? b.name ?? '') || byText(a.id, b.id);
}

/** The build of `entries` and `skipped`, each in listOrder; the files of each imported one written together, in its place (not by path: `alpha-2.yaml` sorts before `alpha.yaml`). */
function inListOrder(entries: readonly Imported[], skipped: readonly SkippedAssistant[]): ImportBuild {
  const listed = [...entries].sort((a, b) => listOrder(a.imported, b.imported));
  return {
    imported: listed.map((e) => e.imported),
    skipped: [...skipped].sort(listOrder),
    writes: listed.flatMap((e) => e.writes),
    definitions: listed.map((e) => e.definition),
  };
}
