// The one check a definitions directory gets before anything else runs: a run must not list the
// live resources, sending its key to the host, when it has no definitions to plan with, or when
// its `.aacignore` would stop their load anyway.
import { existsSync, readdirSync, readFileSync, statSync, type Dirent, type Stats } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join, posix, relative, resolve } from 'node:path';
import { UserError } from '../util/errors.js';
import { pathErrorWords, readErrorHint } from '../util/errno.js';
import { IGNORE_FILE, loadIgnoreRules } from './ignore.js';
import { cutPath, posixRelative, shownPath } from './paths.js';
import { CONFIG_FILES, DEFINITION } from './discover.js';
import { repoRoot, type RepoBoundary } from './repo-root.js';
import { isInside } from './file-access.js';
import type { Diagnostic } from '../model/diagnostic.js';
import { uncheckedSubmodule } from './submodule.js';
import { GIT_OWN_WHY, gitDirectoryHolding } from './git-dir.js';
import { realAsFarAsItExists } from '../util/real-path.js';
import { DEFAULT_DIR } from '../model/config.js';
import { andList, orList } from '../util/words.js';
import { slashed, slashHint } from './slash-paths.js';
import { pathWord } from '../util/shell-word.js';
import { isDirectory } from '../util/file-kind.js';
import { registeredKinds } from '../backends/registry.js';
import { topLevelFields } from './kind-mismatch.js';
import { onFirstUse } from '../util/on-first-use.js';
import { configAbove } from '../config/config-above.js';

/** The YAML parser, loaded only when a hint reads a file (on-first-use.ts: a run that needs no hint never loads it). */
const yaml = onFirstUse<typeof import('yaml')>('yaml');

/**
 * Throws a UserError when `dir` (absolute) does not exist or is not a directory, when it is or lies
 * in a git submodule that is not checked out (submodule.ts: planned as it is, its empty directory
 * would be an empty fleet, and with --prune and --allow-empty the end of a real one), or when its
 * `.aacignore` cannot be read or has a line aac does not read (loadIgnoreRules). `noun`: what one
 * definition file holds (`assistant`, `agent`), for the hint.
 */
export function requireDefinitionsDir(dir: string, cwd: string, noun: string): void {
  const given = shownPath(cwd, dir);
  // A --dir that names nothing may be of any length: its messages cut it (cutPath).
  const shown = cutPath(given);
  const info = statDefinitionsDir(dir, cwd);
  if (!info || info.isDirectory()) refuseUncheckedSubmodule(dir, cwd);
  if (!info) throw new UserError(`the definitions directory '${shown}' does not exist`, slashDirHint(cwd, given) ?? `create it with one YAML file per ${noun}, or point --dir at yours${insideHint(cwd, dir) ?? ''}`);
  if (!info.isDirectory()) throw new UserError(`'${shown}' is not a directory`, '--dir takes the directory that holds the definition files');
  loadIgnoreRules(dir, (p) => shownPath(cwd, p));
}

/**
 * `--dir assistants\support`, a Windows habit, where `\` is a character of the name on Linux and
 * macOS: the hint with its `/` spelling when that is a directory (`shown`, the directory as given
 * from `cwd`); undefined otherwise.
 */
function slashDirHint(cwd: string, shown: string): string | undefined {
  const meant = slashed(shown);
  return meant !== undefined && isDirectory(resolve(cwd, meant)) ? slashHint(`--dir ${pathWord(meant)}`, 'paths given to aac') : undefined;
}

/**
 * Throws a UserError when `dir` (absolute, existing or not) is or lies in a git submodule that is
 * not checked out (submodule.ts uncheckedSubmodule): there are no definitions to read there, and
 * a directory made below it (an import's files) would be lost, or clash, when it is checked out.
 */
export function refuseUncheckedSubmodule(dir: string, cwd: string): void {
  const submodule = uncheckedSubmodule(dir);
  if (submodule === undefined) return;
  const what = submodule === dir ? 'is a git submodule' : `is in the git submodule '${cutPath(shownPath(cwd, submodule))}'`;
  throw new UserError(
    `the definitions directory '${cutPath(shownPath(cwd, dir))}' ${what} that is not checked out: there are no definitions to read`,
    'run `git submodule update --init` (in GitHub Actions, set `submodules: true` on actions/checkout, or the `submodules` input of the reusable workflows)',
  );
}

/**
 * What `dir` (absolute; a symlink followed) is, or undefined when it does not exist. Throws a
 * UserError naming the directory when it is, or lies in, git's own files (code `path-in-git-dir`,
 * located at the directory: refuseGitDirectory), or when it cannot be reached: its symlinks form a
 * loop (ELOOP), a file stands where a directory of its path should (ENOTDIR), its name is too long
 * (ENAMETOOLONG), or a directory above it may not be entered (EACCES).
 */
export function statDefinitionsDir(dir: string, cwd: string): Stats | undefined {
  refuseGitDirectory(dir, cwd);
  try {
    return statSync(dir, { throwIfNoEntry: false });
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UserError(
      `cannot read the definitions directory '${cutPath(shownPath(cwd, dir))}': ${pathErrorWords(err)}`,
      code === 'ELOOP' ? 'fix the symlink, or point --dir at the directory that holds the definition files'
        : code === 'EACCES' || code === 'EPERM' ? readErrorHint(err)
        : 'point --dir at the directory that holds the definition files',
    );
  }
}

/**
 * Throws when `dir` (absolute, existing or not), through its symlinks as far as it exists, is or
 * lies in a git directory (git-dir.ts: `.git`, a submodule's or a worktree's git directory, one
 * kept elsewhere): its files would be walked as definitions, `.git/config` among them, and a
 * command that writes definitions (import) would write them there. Every command reads `--dir`
 * through here first (loadProjectConfig, requireDefinitionsDir).
 */
function refuseGitDirectory(dir: string, cwd: string): void {
  const gitDir = gitDirectoryHolding(realAsFarAsItExists(dir));
  if (gitDir === undefined) return;
  // A real path, shown from the working directory's own (macOS's /tmp is /private/tmp).
  throw UserError.at({
    severity: 'error',
    code: 'path-in-git-dir',
    location: { file: shownPath(cwd, dir) },
    path: '',
    message: `the definitions directory is in git's own files (in ${cutPath(shownPath(realAsFarAsItExists(cwd), gitDir))}), which are ${GIT_OWN_WHY}`,
    hint: `point --dir at the directory of the repository that holds the definition files (by default ${DEFAULT_DIR}/)`,
  });
}

/** The code of a definitions directory that is the whole project and holds the default one (heldDefinitionsDir). */
export const HOLDS_DEFINITIONS_DIR = 'holds-definitions-dir';

/**
 * The warning (HOLDS_DEFINITIONS_DIR, at its aac.yaml) for a folder `nested.rel` (`/`-separated)
 * below the top of the definitions directory `dir` (absolute) that holds an aac.yaml of its own
 * (desired/definition-files.ts `nested`): a definitions directory of its own, as a Terraform root
 * module's subdirectory is never read as part of it. This run reads none of its `nested.files`:
 * they are that directory's run's, in its own namespace (a namespace both give is refused before
 * any request: commands/repo-namespaces.ts), so this run neither creates them again nor, with
 * --prune, deletes what that run made of them. `cwd`: what paths are shown relative to.
 */
export function nestedDefinitionsDir(nested: { rel: string; files: readonly unknown[] }, dir: string, cwd: string): Diagnostic {
  const at = join(dir, nested.rel);
  const shown = shownPath(cwd, at);
  const config = CONFIG_FILES.find((name) => existsSync(join(at, name))) ?? CONFIG_FILES[0]!;
  const n = nested.files.length;
  const run = `this run of ${shownPath(cwd, dir)}/ does not read`;
  const what = n === 0 ? `which ${run}` : `whose ${n === 1 ? 'definition file' : `${n} definition files`} ${run} (a run of ${shown}/ plans ${n === 1 ? 'it' : 'them'}, in its own namespace)`;
  return {
    severity: 'warning',
    code: HOLDS_DEFINITIONS_DIR,
    location: { file: `${shown}/${config}` },
    path: '',
    message: `${shown}/ holds its own ${config}: it is a definitions directory of its own, ${what}`,
    hint: `run it with --dir ${pathWord(shown)}; if its files belong to ${shownPath(cwd, dir)}/, move its settings into ${shownPath(cwd, join(dir, CONFIG_FILES[0]!))} and remove ${shown}/${config}; to leave it out of this run without a word, list ${nested.rel}/ in ${shownPath(cwd, join(dir, IGNORE_FILE))}`,
  };
}

/**
 * How a run of the definitions directory `dir` (absolute) says its folders that are definitions
 * directories of their own (`nested`: definition-files.ts DefinitionFiles.nested, of the walk
 * `discovered` inside `boundary`): where `dir` is the whole project holding them (heldDefinitionsDir),
 * `held`, whose one diagnostic says those that hold an aac.yaml (an error); each other one a
 * warning of its own (nestedDefinitionsDir). One rule for every command that walks a definitions
 * directory: the load (desired/index.ts) and `aac environments`, which once warned where the
 * load refused. `cwd`: what paths are shown relative to.
 */
export function nestedDirectoriesSaid(
  dir: string,
  cwd: string,
  boundary: RepoBoundary,
  discovered: { files: ReadonlyArray<{ rel: string }>; configs: readonly string[] },
  nested: ReadonlyArray<{ rel: string; files: readonly unknown[] }>,
): { held: HeldDefinitionsDirs | undefined; warnings: Diagnostic[] } {
  const held = heldDefinitionsDir(dir, cwd, boundary, discovered.files.map((f) => f.rel), discovered.configs.map((f) => posixRelative(dir, f)));
  const heldOwn = new Set(held?.held);
  return { held, warnings: nested.filter((n) => !heldOwn.has(n.rel)).map((n) => nestedDefinitionsDir(n, dir, cwd)) };
}

/** A file of a held definitions directory whose key, read from the whole project, is not the one its own directory's run gives it: its path below the whole project (`/`-separated) and both keys. */
export interface Rekeyed {
  rel: string;
  here: string;
  own: string;
}

/** What heldDefinitionsDir found: the folders that hold definitions and its diagnostic, once the keys are known. */
export interface HeldDefinitionsDirs {
  /** The folders that hold definition files, `/`-separated below the definitions directory, sorted: each to be read by its own run for the keys it gives. */
  folders: string[];
  /** Those that hold an aac.yaml: their aac.yaml is said by this diagnostic, not as misplaced. */
  held: string[];
  /**
   * The warning (an error when one holds an aac.yaml), given the files of `folders` whose keys
   * differ between the two reads (`rekeyed`, in the order of the files) and how many are read with
   * the same key by both (`kept`: each writes its `key:`).
   */
  diagnostic(rekeyed: readonly Rekeyed[], kept: number): Diagnostic;
}

/**
 * The reverse of insideHint: `--dir .` where `--dir team-a` (or the default, `--dir ${DEFAULT_DIR}`)
 * was meant. The problem of a definitions directory `dir` (absolute) that is the whole project —
 * the working directory `cwd`, or the root of the git repository around it (`boundary`) — with no
 * aac.yaml at its top (which would say it is meant), while it holds the project's definitions
 * directories with definition files in them: every folder below it holding an aac.yaml (the
 * outermost, of folders inside each other), and the default one (`rels`: every definition file
 * found, `configRels` every aac.yaml below the top, both `/`-separated below `dir`). Read from
 * `dir`, their files take other keys than their own directory's run gives them (the caller reads
 * both: HeldDefinitionsDirs.diagnostic), so what was planned from `team-a/` is created again under
 * the new keys (and --prune deletes the old), and every other YAML file of the project is read as
 * a definition too. A warning; an error when one of them holds an aac.yaml: a definitions
 * directory of its own, whose config would not be read. Undefined otherwise. Costs a look for
 * `dir`'s aac.yaml only when the files say the rest.
 */
export function heldDefinitionsDir(dir: string, cwd: string, boundary: RepoBoundary, rels: readonly string[], configRels: readonly string[]): HeldDefinitionsDirs | undefined {
  const whole = resolve(dir) === resolve(cwd);
  if (!whole && !(boundary.kind === 'git' && resolve(dir) === resolve(boundary.root))) return undefined;
  const configured = configRels.filter((rel) => rel.includes('/')).map((rel) => posix.dirname(rel));
  const inside = (rel: string, folder: string) => rel.startsWith(`${folder}/`);
  // Of folders inside each other, the outer: the inner one's aac.yaml is its misplaced one.
  const folders = [...new Set([...configured, DEFAULT_DIR])].filter((f, _, all) => !all.some((o) => o !== f && inside(f, o))).sort();
  const holding = folders.flatMap((folder) => {
    const files = rels.filter((rel) => inside(rel, folder));
    return files.length === 0 ? [] : [{ folder, files, config: CONFIG_FILES.find((name) => configRels.includes(`${folder}/${name}`)) }];
  });
  if (holding.length === 0 || CONFIG_FILES.some((name) => existsSync(join(dir, name)))) return undefined;
  const shown = `'${cutPath(shownPath(cwd, dir))}'`;
  const shownOf = (folder: string) => shownPath(cwd, join(dir, folder));
  const own = holding.filter((h) => h.config !== undefined);
  const first = holding[0]!;
  const folderList = andList(holding.map((h) => `${shownOf(h.folder)}/`));
  const what = holding.length === 1
    ? first.config !== undefined ? `a definitions directory of its own (it holds ${first.config})` : first.folder === DEFAULT_DIR ? 'the default definitions directory' : 'a definitions directory'
    : own.length === holding.length ? `definitions directories of their own (each holds an aac.yaml)` : `definitions directories${own.length > 0 ? ` (${andList(own.map((h) => `${shownOf(h.folder)}/${h.config!}`))})` : ''}`;
  const heldDir = shownOf(first.folder);
  const pass = holding.length === 1
    ? `if ${heldDir}/ holds the definitions, pass --dir ${heldDir}${whole && first.folder === DEFAULT_DIR ? ' (or leave --dir out: it is the default)' : ''}`
    : `pass the definitions directory to plan: ${orList(holding.map((h) => `--dir ${shownOf(h.folder)}`))}`;
  const theirs = holding.length === 1 ? 'its' : 'their';
  const runOf = holding.length === 1 ? `a run of ${heldDir}/` : 'a run of their own directory';
  return {
    folders: holding.map((h) => h.folder),
    held: own.map((h) => h.folder),
    diagnostic: (rekeyed, kept) => {
      const n = rekeyed.length;
      const example = rekeyed[0];
      const keys = example !== undefined
        ? `${n === 1 ? `${theirs} file takes another key` : `${theirs} ${n} files take other keys`} than ${runOf} gives ${n === 1 ? 'it' : 'them'} (${shownPath(cwd, join(dir, example.rel))} is '${example.here}', not '${example.own}'), so what was planned from ${holding.length === 1 ? `${heldDir}/` : 'them'} is created again under ${n === 1 ? 'that key' : 'those keys'} (and --prune deletes the old), and `
        : kept > 0 ? `${theirs} files keep the keys ${runOf} gives them (each writes its \`key:\`), but ` : '';
      return {
        severity: own.length > 0 ? 'error' : 'warning',
        code: HOLDS_DEFINITIONS_DIR,
        location: { file: heldDir },
        path: '',
        message: `the definitions directory ${shown} holds ${folderList}, ${what}: read from ${shown}, ${keys}every other YAML file below ${shown} is read as a definition too`,
        hint: `${pass}${own.length > 0 ? '' : `; if ${shown} is the definitions directory, add ${CONFIG_FILES[0]} at its top`}`,
      };
    },
  };
}

/** How many YAML files of one folder definitionsHeld reads for one that is a definition: a hint's look, not a walk. */
const FILES_LOOKED_AT = 20;

/** A definition file read for a hint is at most this large (bytes); a larger YAML file is taken for some other tool's. */
const LARGEST_LOOKED_AT = 256 * 1024;

/** The top-level fields and required ones of every registered kind (topLevelFields), for readsAsDefinition. */
export const everyKindsFields = () => [...new Set(registeredKinds())].map(topLevelFields);

/** The top-level fields and required ones of a kind's published schema (topLevelFields). */
type KindFields = { fields: ReadonlySet<string>; required: readonly string[] };

/** Whether a file with these stats is one a hint reads: a regular file (a FIFO or a device would never end) of at most LARGEST_LOOKED_AT bytes. */
const lookedAt = (info: Stats) => info.isFile() && info.size <= LARGEST_LOOKED_AT;

/**
 * Whether `text` reads as a definition of some kind (`kinds`): a YAML mapping whose every
 * top-level field is that kind's (or `x-…`, a place for anchors, or a `<<` merge key) and which
 * writes every field it requires — or, for an overlay (`partial`), at least one field, which need
 * not be the required ones. A Compose file, a Kubernetes manifest, a CI workflow or a tool's
 * config has fields no kind has (`services`, `apiVersion`, `jobs`) and is none. A key written
 * twice does not stop it reading as one (the definition's own check names that slip once the
 * file is read). False when it cannot be parsed.
 */
function textReadsAsDefinition(text: string, kinds: readonly KindFields[], partial: boolean): boolean {
  try {
    const value: unknown = yaml().parse(text, { uniqueKeys: false });
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
    const fields = Object.keys(value).filter((f) => !f.startsWith('x-') && f !== '<<');
    return kinds.some((kind) => fields.every((f) => kind.fields.has(f)) && (partial ? fields.length > 0 : kind.required.every((f) => fields.includes(f))));
  } catch {
    return false;
  }
}

/**
 * Whether the file `path` reads as a definition of some kind (textReadsAsDefinition; `kinds`:
 * topLevelFields of each kind): false when it is no regular file, is larger than
 * LARGEST_LOOKED_AT bytes, or cannot be read. Read synchronously: for a hint's look at a few files.
 */
export function readsAsDefinition(path: string, kinds: readonly KindFields[], partial = false): boolean {
  try {
    return lookedAt(statSync(path)) && textReadsAsDefinition(readFileSync(path, 'utf8'), kinds, partial);
  } catch {
    return false;
  }
}

/** readsAsDefinition, read without holding the event loop: for the many files of a walk. */
export async function readsAsDefinitionAsync(path: string, kinds: readonly KindFields[], partial = false): Promise<boolean> {
  try {
    return lookedAt(await stat(path)) && textReadsAsDefinition(await readFile(path, 'utf8'), kinds, partial);
  } catch {
    return false;
  }
}

/**
 * What the directory `path` holds of a definitions directory, for a hint that names what to pass
 * to --dir: an aac.yaml or definition files at its top (`top`), else the folders one level down
 * that hold either at theirs (`below`, their names, sorted: definitions are often kept in folders
 * by team, or the directory is the one above the definitions directory). A definition file is one
 * a run would read (a YAML name the walk does not skip: not hidden, not `_`) that reads as a
 * definition of some kind (readsAsDefinition): other YAML files (docker-compose.yml, a k8s/
 * folder of manifests, mkdocs.yml) say nothing of where definitions are. At most FILES_LOOKED_AT
 * files of a folder are read. Undefined when it holds none, or cannot be listed.
 */
export function definitionsHeld(path: string): { top: 'an aac.yaml' | 'definitions' } | { below: string[] } | undefined {
  const entries = (at: string) => {
    try {
      return readdirSync(at, { withFileTypes: true });
    } catch {
      return [];
    }
  };
  const kinds = everyKindsFields();
  // What the walk skips by name whatever .aacignore says: hidden, `_`-prefixed, dependencies.
  const skipped = (name: string) => name.startsWith('.') || name.startsWith('_') || name === 'node_modules';
  const config = (list: readonly Dirent[]) => list.some((e) => CONFIG_FILES.includes(e.name));
  const definitions = (at: string, list: readonly Dirent[]) => list
    .filter((e) => (e.isFile() || e.isSymbolicLink()) && !skipped(e.name) && DEFINITION.test(e.name) && !CONFIG_FILES.includes(e.name))
    .slice(0, FILES_LOOKED_AT)
    .some((e) => readsAsDefinition(join(at, e.name), kinds));
  const top = entries(path);
  if (config(top)) return { top: 'an aac.yaml' };
  if (definitions(path, top)) return { top: 'definitions' };
  const below = top.filter((e) => e.isDirectory() && !skipped(e.name)).filter((e) => {
    const at = join(path, e.name);
    const list = entries(at);
    return config(list) || definitions(at, list);
  }).map((e) => e.name).sort();
  return below.length > 0 ? { below } : undefined;
}

/**
 * The definitions directory that the directory `cwd`, holding definitions but no aac.yaml, is a
 * folder of: the one above it that holds an aac.yaml (config-above.ts configAbove, the parent alone
 * outside git), else, inside a git repository, the nearest directory above named as the default
 * definitions directory (DEFAULT_DIR, `assistants`), within the repository. `why`: what says so,
 * given `dir` as the working directory reaches it (`..`), for the hint. Undefined when none is.
 */
function enclosingDefinitionsDir(cwd: string): { dir: string; why: (up: string) => string } | undefined {
  const abs = resolve(cwd);
  const above = configAbove(abs);
  if (above !== undefined) return { dir: dirname(above), why: (up) => `and ${up}/${basename(above)} above them` };
  const boundary = repoRoot(abs);
  if (boundary.kind !== 'git') return undefined;
  for (let d = dirname(abs); d !== dirname(d) && isInside(boundary.root, d); d = dirname(d)) {
    if (basename(d) === DEFAULT_DIR) return { dir: d, why: (up) => `inside ${up} (${DEFAULT_DIR}/, the default definitions directory)` };
  }
  return undefined;
}

/** How many folders a hint names before it says how many more there are. */
const FOLDERS_NAMED = 3;

/**
 * The end of the hint for a run from inside a definitions directory (`cd assistants && aac plan`, as a
 * Terraform user runs from the module's directory), or from the one above it: what the working
 * directory, which `dir` is not, holds (definitionsHeld), said as it is: its own aac.yaml or
 * definitions (`--dir .`), or those only in folders one level down, named (`--dir classic`, or `.`
 * when those folders are its definitions by team); definitions under an aac.yaml in the folder above
 * (config-above.ts configAbove) are a folder of that directory (`--dir ..`). Undefined otherwise.
 * Read only on this error's way.
 */
function insideHint(cwd: string, dir: string): string | undefined {
  if (resolve(cwd) === resolve(dir)) return undefined;
  const held = definitionsHeld(cwd);
  if (held === undefined) return undefined;
  if ('top' in held && held.top === 'definitions') {
    // Definitions and no aac.yaml, below a definitions directory: a folder of it (`cd
    // assistants/support && aac plan`). `--dir .` would read the folder alone, its keys without the
    // folder's name, without aac.yaml's settings and, in git, in another default namespace (the
    // folder's path): a second error, or a plan that creates each again.
    const whole = enclosingDefinitionsDir(cwd);
    if (whole !== undefined) {
      const up = relative(resolve(cwd), whole.dir);
      return ` (the working directory holds definitions, ${whole.why(up)}: it is likely a folder of that definitions directory, which a run reads whole: pass --dir ${pathWord(up)})`;
    }
  }
  if ('top' in held) return ` (the working directory holds ${held.top}: if it is the definitions directory, pass --dir .)`;
  const { below } = held;
  const named = below.slice(0, FOLDERS_NAMED).map((name) => `${name}/`);
  const folders = below.length > FOLDERS_NAMED ? `${named.join(', ')} and ${below.length - FOLDERS_NAMED} more` : andList(named);
  const one = below.length === 1 ? `if ${named[0]} is the definitions directory, pass --dir ${below[0]!}` : `if one of them is the definitions directory, pass it (--dir ${below[0]!})`;
  return ` (the working directory holds no definitions at its top, only in ${folders} one folder down: ${one}; if the working directory is, with its definitions in folders, pass --dir .)`;
}
