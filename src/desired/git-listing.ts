// One `git ls-files` a run answers two questions a run asks of git: which aac.yaml files the
// repository holds (its other definitions directories, commands/repo-namespaces.ts), and which of
// the definitions directory's files git does not ignore (git-ignored.ts). Every file it lists is
// tracked, or untracked and not ignored, so is not ignored; only a file it does not list (or one
// outside the directory) is asked of `git check-ignore`, which alone names the rule that ignores
// it. A run whose files git ignores none of runs git once.
import { execFile } from 'node:child_process';
import { basename, isAbsolute, relative, resolve, sep } from 'node:path';
import { CONFIG_FILES } from './discover.js';
import { gitEnvironment, gitFailure, GIT_TIMEOUT_MS } from './git-process.js';
import { repoRoot } from './repo-root.js';
import { realOrResolved } from '../util/real-path.js';

/** What the listing says of the work tree around the definitions directory. */
export interface Listed {
  /** The work tree's root with its symlinks resolved: `files` are below it. */
  real: string;
  /** Every file listed (absolute, below `real`): tracked, or untracked and not ignored, so not ignored. */
  files: ReadonlySet<string>;
  /** The aac.yaml and aac.yml files of the whole work tree (absolute, below its root as repoRoot found it, for messages), each once. */
  configs: string[];
}

/** The run's one listing, made at its first use and shared by every later one. */
export interface GitListing {
  /**
   * The listing of the work tree holding the definitions directory; undefined outside a git work
   * tree (git is not run) or when git is absent or fails (`debug` told why, once).
   */
  listed(): Promise<Listed | undefined>;
}

/**
 * The GitListing of the definitions directory `dir` (absolute): one `git ls-files -z --cached
 * --others --exclude-standard` (git-ls-files(1): tracked files, and untracked ones the standard
 * ignore files do not exclude) in its work tree's root, for the pathspecs `:(glob)**∕aac.yaml`
 * (each of CONFIG_FILES, in every directory, the root's included: gitglossary(7), pathspec) and
 * `:(literal)DIR` (the directory and everything below it, its name taken as written). None inside a
 * submodule: git lists its gitlink, not its files. `env`: the run's environment (gitEnvironment
 * drops what would point git at another repository).
 */
export function gitListing(dir: string, { env, debug }: { env: Readonly<Record<string, string | undefined>>; debug?: (line: string) => void }): GitListing {
  let made: Promise<Listed | undefined> | undefined;
  return {
    listed: () => (made ??= list(dir, gitEnvironment(env), debug)),
  };
}

async function list(dir: string, env: Record<string, string | undefined>, debug?: (line: string) => void): Promise<Listed | undefined> {
  const boundary = repoRoot(dir);
  if (boundary.kind !== 'git') return undefined;
  const { root, real } = boundary;
  // git refuses a pathspec beyond a symlink: the directory is named by its real path below the root's.
  const rel = relative(real, realOrResolved(root, dir));
  const below = rel === '' ? ['.'] : rel.startsWith('..') || isAbsolute(rel) ? [] : [`:(literal)${rel.split(sep).join('/')}`];
  const pathspecs = [...CONFIG_FILES.map((name) => `:(glob)**/${name}`), ...below];
  return new Promise((done) => {
    execFile('git', ['-C', root, 'ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', ...pathspecs], { env, encoding: 'buffer', timeout: GIT_TIMEOUT_MS, maxBuffer: 256 * 1024 * 1024, windowsHide: true }, (err, stdout) => {
      if (err) {
        debug?.(`git ls-files in ${root} failed (${gitFailure(err)}): the other definitions directories of the repository are not checked for sharing this one's namespace, and every file the run reads is asked of check-ignore`);
        return done(undefined);
      }
      // An unmerged file is listed once for each of its stages.
      const paths = [...new Set(stdout.toString('utf8').split('\0').filter((p) => p !== ''))];
      const configs = paths.filter((p) => CONFIG_FILES.includes(basename(p))).map((p) => resolve(root, p));
      debug?.(`git ls-files in ${root}: ${paths.length} ${paths.length === 1 ? 'file' : 'files'} tracked or not ignored, ${configs.length} aac.yaml ${configs.length === 1 ? 'file' : 'files'}`);
      done({ real, files: new Set(paths.map((p) => resolve(real, p))), configs });
    });
  });
}
