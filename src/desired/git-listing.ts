// One `git ls-files` a run answers the questions it asks of git: which aac.yaml files the
// repository holds (its other definitions directories, commands/repo-namespaces.ts), and which of
// the files it reads git does not ignore (git-ignored.ts). Every file it lists is tracked, or
// untracked and not ignored, so is not ignored; only a file it does not list is asked of `git
// check-ignore`, which alone names the rule that ignores it. A run whose files git ignores none of
// runs git once.
//
// The listing is made at the first question, and covers what the run asks after it. For a run
// that checks the namespace, or may look for another directory's aac.yaml later (plan, apply: a
// create's twin in a namespace another directory manages), or loads more than once (validate and
// migrate, once per environment), it lists the whole work tree whichever question comes first: git
// walks all of it to find the aac.yaml files anyway, so listing every file costs git nothing more,
// and a file any load reads outside the definitions directory (`instructions_file:
// ../prompts/x.md`, maybe read by a later environment alone) is in it too. A run of one load that
// looks for no aac.yaml (import, migrate without environments) lists the definitions directory and
// the directories of the files that load reads: the rest of the repository is not walked. Each
// caller says the scope it needs; one that needs the whole work tree after a narrower listing was
// asked for widens it (GitListing.widen), so the order of the callers never changes what they are
// told: the whole work tree is then listed when a question needs more than the narrower listing
// holds (the aac.yaml files, a file outside it), and only then. --debug says each git process in
// one line: what it listed, why it was widened when it was, and what it found or why it failed.
import { execFile } from 'node:child_process';
import { isAbsolute, relative, resolve, sep } from 'node:path';
import { CONFIG_FILES } from './discover.js';
import { gitEnvironment, gitFailure, GIT_TIMEOUT_MS } from './git-process.js';
import { ListedPaths } from './listed-paths.js';
import { repoRoot } from './repo-root.js';
import { realOrResolved } from '../util/real-path.js';
import { andList } from '../util/words.js';

/** What the listing says of the files of the work tree it covers. */
export interface Listed {
  /**
   * Whether the listing holds `file` (absolute, its symlinks resolved): tracked, or untracked and
   * not ignored, so not ignored. False for a file it does not list: ignored, missing, in a
   * submodule (git lists its gitlink, not its files), or outside what it covers.
   */
  holds(file: string): boolean;
}

/** The run's one listing, made at its first use and shared by every later one. */
export interface GitListing {
  /**
   * The aac.yaml and aac.yml files of the whole work tree holding the definitions directory
   * (absolute, below its root as repoRoot found it, for messages), each once. Undefined outside a
   * git work tree (git is not run) or when git is absent or fails (`debug` told why, and that
   * the namespace check goes without it, once).
   */
  configs(): Promise<string[] | undefined>;
  /**
   * The listing, for the ignore check of `files` (absolute, their symlinks resolved): made by
   * this call, it covers them and the definitions directory (scope `read`) or the whole work tree
   * (`whole`). Undefined as for `configs`.
   */
  listed(files: readonly string[]): Promise<Listed | undefined>;
  /**
   * Has the listing cover the whole work tree for every later `listed`, whatever scope it was made
   * with: a later caller that needs `whole` is never left with a narrower listing another caller
   * made first (a listing already made of less is made again, whole, at the next `listed` that
   * asks of a file outside it: one inside it is told the same by either).
   */
  widen(): void;
}

/**
 * What a run's listing covers: `whole`, the work tree, at its first question whichever it is (a
 * run that may ask for the aac.yaml files, or that loads more than once); `read`, only what its
 * first question needs: for the files of its one load, the definitions directory and their
 * directories (import, migrate without environments).
 */
export type ListingScope = 'whole' | 'read';

/**
 * What a `git ls-files` is run for: the whole work tree (`widened`: why, when a narrower listing
 * was made before it), the definitions directory and some files, or the aac.yaml files alone.
 */
type Scope = { kind: 'whole'; widened?: `widened ${string}` } | { kind: 'files'; files: readonly string[] } | { kind: 'configs' };

/**
 * What a run goes without when the listing cannot answer a question, by the question, as its debug
 * line says it: said when that question is asked, so a run that never looks for the other
 * definitions directories (migrate, which lists the whole work tree for its many loads) is not
 * told their check was skipped.
 */
const WITHOUT: Record<'configs' | 'listed', string> = {
  configs: "the other definitions directories of the repository are not checked for sharing this one's namespace",
  listed: 'every file the run reads is asked of check-ignore',
};

/** One listing made: what it printed, where, and what of the work tree it covers. */
interface Made {
  /** The work tree's root as repoRoot found it: the aac.yaml files are named below it. */
  root: string;
  /** The root with its symlinks resolved: the paths printed are below it. */
  real: string;
  paths: ListedPaths;
  /** Whether it lists the whole work tree: asked to, or the definitions directory is the root. */
  whole: boolean;
  /**
   * What it covers, below the root, `/`-separated: each a directory (with everything below it)
   * or a file of the root, '' for the whole work tree (covers).
   */
  covered: readonly string[];
  /** What it lists, as its debug line says it (listingOf). */
  of: string;
}

/**
 * The GitListing of the definitions directory `dir` (absolute). `git ls-files -z --cached --others
 * --exclude-standard` (git-ls-files(1): tracked files, and untracked ones the standard ignore files
 * do not exclude) in its work tree's root: for the whole work tree (no pathspec) with `scope`
 * `whole`, or when the aac.yaml files are asked for first; else for `:(literal)DIR` (the directory and everything
 * below it, its name taken as written) and the directory of each file asked of outside it (a file
 * of the root: the file), and, when the
 * aac.yaml files are asked for later, a second for `:(glob)**∕aac.yaml` (each of CONFIG_FILES,
 * in every directory, the root's included: gitglossary(7), pathspec). Widened (GitListing.widen)
 * after a narrower listing was made, it lists the whole work tree only when a question needs more
 * than that listing: the aac.yaml files, or a file below the root it does not cover. `env`: the
 * run's environment (gitEnvironment drops what would point git at another repository). `debug` is
 * told one line a git process: what it listed (and why it was widened), and what it found or why
 * it failed.
 */
export function gitListing(dir: string, { env, debug, scope }: { env: Readonly<Record<string, string | undefined>>; debug?: (line: string) => void; scope: ListingScope }): GitListing {
  const gitEnv = gitEnvironment(env);
  let wanted = scope;
  let first: Promise<Listing> | undefined;
  let whole: Promise<Listing> | undefined;
  let configs: Promise<string[] | undefined> | undefined;
  /** The whole work tree, listed once; after the narrower listing `from` (no git process when it covers nothing), because of `why`. */
  const listWhole = (from?: Made, why?: string) => (whole ??= list(dir, { kind: 'whole', ...(from === undefined || from.covered.length === 0 ? {} : { widened: `widened from the listing ${from.of} as ${why}` }) }, gitEnv, debug));
  const configsOf = (made: Made) => made.paths.named(CONFIG_FILES).map((p) => resolve(made.root, p));
  const told = new Set<keyof typeof WITHOUT>();
  const failures = new WeakSet<Failed>();
  /**
   * The listing made, or undefined when it was not: --debug told why, in the one line of the git
   * process that failed (failedLine), and what each `question` goes without, once.
   */
  const answer = (listing: Listing, question: keyof typeof WITHOUT): Made | undefined => {
    if (listing === undefined || !('failed' in listing)) return listing;
    if (!told.has(question)) debug?.(failures.has(listing) ? `without git's listing, which failed: ${WITHOUT[question]}` : `${failedLine(listing)}: ${WITHOUT[question]}`);
    told.add(question);
    failures.add(listing);
    return undefined;
  };
  return {
    configs: () => (configs ??= (first ??= listWhole()).then(async (listing) => {
      // A listing that failed is not made again: it would fail alike.
      const made = answer(listing, 'configs');
      if (made === undefined) return undefined;
      if (made.whole) return configsOf(made);
      const more = answer(await (wanted === 'whole' ? listWhole(made, `the repository's ${CONFIG_FILES.join(' and ')} files are asked for`) : list(dir, { kind: 'configs' }, gitEnv, debug)), 'configs');
      return more && configsOf(more);
    })),
    listed: async (files) => {
      const firstMade = answer(await (first ??= wanted === 'whole' ? listWhole() : list(dir, { kind: 'files', files }, gitEnv, debug)), 'listed');
      // Widened after a narrower listing was made: the whole work tree, once, if it is made
      // already or a file asked of lies outside what the first covers (else git is not run again).
      const outside = firstMade === undefined || firstMade.whole || wanted !== 'whole' ? undefined : uncovered(firstMade, files);
      const made = firstMade === undefined || firstMade.whole || (whole === undefined && outside === undefined) ? firstMade : answer(await (whole ?? listWhole(firstMade, `${outside} is asked of`)), 'listed');
      return made && {
        holds: (file) => {
          const rel = below(made.real, file);
          return rel !== undefined && made.paths.has(rel);
        },
      };
    },
    widen: () => {
      wanted = 'whole';
    },
  };
}

/** `covered` (Made.covered) holds `rel`: '' (the whole work tree), `rel` itself, or a directory `rel` is below. */
const covers = (covered: readonly string[], rel: string) => covered.some((c) => c === '' || rel === c || rel.startsWith(`${c}/`));

/**
 * The first of `files` (absolute, symlinks resolved) below the root that the listing `made` does
 * not cover, below the root as git names it; undefined when it covers each (a file outside the
 * work tree no listing holds).
 */
function uncovered(made: Made, files: readonly string[]): string | undefined {
  for (const file of files) {
    const rel = below(made.real, file);
    if (rel !== undefined && !covers(made.covered, rel)) return rel;
  }
  return undefined;
}

/** `path` (absolute, symlinks resolved) relative to `real` and `/`-separated, or undefined when it is not below it. */
function below(real: string, path: string): string | undefined {
  const rel = relative(real, path);
  return rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel) ? undefined : rel.split(sep).join('/');
}

/**
 * What a listing of the files of `scope` covers (Made.covered): the definitions directory (below
 * the root: `relDir`, undefined when it is not) and, for each file asked of outside it, its
 * directory — or, for a file of the root, the file, as its directory would be the whole work tree.
 */
function coveredBy(scope: Extract<Scope, { kind: 'files' }>, real: string, relDir: string | undefined): string[] {
  const inDir = relDir === undefined ? [] : [relDir];
  const outside = relDir === '' ? [] : scope.files.flatMap((f) => below(real, f) ?? []).filter((p) => relDir === undefined || !p.startsWith(`${relDir}/`));
  return [...new Set([...inDir, ...outside.map((p) => (p.includes('/') ? p.slice(0, p.lastIndexOf('/')) : p))])];
}

/**
 * The pathspecs of a listing of `scope` covering `covered` (coveredBy; none for the whole work
 * tree): each taken as written (`:(literal)`), the root as `.`; a directory lists every path below
 * it (git matches every path against each). The aac.yaml files: `:(glob)**∕aac.yaml`, each name.
 */
function pathspecsOf(scope: Scope, covered: readonly string[]): string[] {
  if (scope.kind === 'whole') return [];
  if (scope.kind === 'configs') return CONFIG_FILES.map((name) => `:(glob)**/${name}`);
  return covered.map((c) => (c === '' ? '.' : `:(literal)${c}`));
}

/**
 * What a listing of `scope` covering `covered` lists, as its debug line says it: `of the whole
 * work tree`, with why it was widened when it was; `of assistants/ and prompts/`; `of its
 * aac.yaml and aac.yml files`.
 */
function listingOf(scope: Scope, covered: readonly string[]): string {
  if (scope.kind === 'configs') return `of its ${CONFIG_FILES.join(' and ')} files`;
  if (scope.kind === 'files') return `of ${andList(covered.map((c) => (c === '' ? 'the whole work tree' : `${c}/`)))}`;
  return `of the whole work tree${scope.widened === undefined ? '' : `, ${scope.widened}`}`;
}

/** A listing git failed to make: why (`gitFailure`), the root it ran in, and what it was to list (listingOf). */
interface Failed {
  failed: string;
  root: string;
  of: string;
}

/** The debug line of the git process that made `failure`, without what the run goes without. */
const failedLine = (failure: Failed) => `git ls-files in ${failure.root} ${failure.of} failed (${failure.failed})`;

/** A listing made; or one git failed to make (Failed); undefined outside a git work tree. */
type Listing = Made | Failed | undefined;

async function list(dir: string, scope: Scope, env: Record<string, string | undefined>, debug?: (line: string) => void): Promise<Listing> {
  const boundary = repoRoot(dir);
  if (boundary.kind !== 'git') return undefined;
  const { root, real } = boundary;
  // git refuses a pathspec beyond a symlink: the directory is named by its real path below the root's.
  const relDir = below(real, realOrResolved(root, dir));
  const covered = scope.kind === 'files' ? coveredBy(scope, real, relDir) : scope.kind === 'whole' ? [''] : [];
  const of = listingOf(scope, covered);
  const made = (printed: Buffer): Made => ({ root, real, paths: new ListedPaths(printed, relDir ?? ''), whole: covered.includes(''), covered, of });
  const pathspecs = pathspecsOf(scope, covered);
  // No pathspec would list the whole work tree, of which nothing is asked.
  if (scope.kind === 'files' && pathspecs.length === 0) return made(Buffer.alloc(0));
  return new Promise((done) => {
    execFile('git', ['-C', root, 'ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', ...pathspecs], { env, encoding: 'buffer', timeout: GIT_TIMEOUT_MS, maxBuffer: 256 * 1024 * 1024, windowsHide: true }, (err, stdout) => {
      // Its line, with what the run goes without, is said by the question that asked (gitListing).
      if (err) return done({ failed: gitFailure(err), root, of });
      const listed = made(stdout);
      debug?.(`git ls-files in ${root} ${of}: ${said(scope, listed.paths)}`);
      done(listed);
    });
  });
}

/** What a listing of `scope` found, as its debug line says it: `5 files tracked or not ignored, 1 aac.yaml file`. */
function said(scope: Scope, paths: ListedPaths): string {
  const count = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;
  const files = `${count(paths.count(), 'file')} tracked or not ignored`;
  const configs = count(paths.named(CONFIG_FILES).length, 'aac.yaml file');
  return scope.kind === 'whole' ? `${files}, ${configs}` : scope.kind === 'files' ? files : configs;
}
