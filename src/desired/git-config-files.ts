// The aac.yaml files of a git repository: every definitions directory that says it is one. Asked of
// git (one `git ls-files`), not found by walking the tree: git already knows which files the
// repository holds, and a walk would read node_modules and every build output. Untracked files
// that git does not ignore are listed too: a directory just made, not yet committed, is one the
// next commit brings, and its namespace is meant to be checked before then. Ignored ones are not:
// no clone has them (git-ignored.ts warns of an ignored aac.yaml in its own run).
import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { CONFIG_FILES } from './discover.js';
import { gitEnvironment, gitFailure, GIT_TIMEOUT_MS } from './git-ignored.js';

/**
 * The aac.yaml and aac.yml files (absolute, by git's paths below `root`, the work tree's root as
 * repoRoot found it) that git tracks or would add (`git ls-files --cached --others
 * --exclude-standard`, git-ls-files(1)), each once; none inside a submodule (git lists its
 * gitlink, not its files). Undefined when git is absent or fails, `debug` told why: the check
 * that reads them is then not made. `env`: the run's environment (gitEnvironment drops what
 * would point git at another repository).
 */
export function gitConfigFiles(root: string, env: Readonly<Record<string, string | undefined>>, debug?: (line: string) => void): Promise<string[] | undefined> {
  // `:(glob)**/NAME` matches NAME in every directory, the root's included (gitglossary(7), pathspec).
  const pathspecs = CONFIG_FILES.map((name) => `:(glob)**/${name}`);
  return new Promise((done) => {
    execFile('git', ['-C', root, 'ls-files', '-z', '--cached', '--others', '--exclude-standard', '--', ...pathspecs], { env: gitEnvironment(env), encoding: 'buffer', timeout: GIT_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024, windowsHide: true }, (err, stdout) => {
      if (err) {
        debug?.(`git ls-files in ${root} failed (${gitFailure(err)}): the other definitions directories of the repository are not checked for sharing this one's namespace`);
        return done(undefined);
      }
      // An unmerged file is listed once for each of its stages.
      const files = [...new Set(stdout.toString('utf8').split('\0').filter((p) => p !== ''))].map((p) => resolve(root, p));
      debug?.(`git ls-files in ${root}: ${files.length} aac.yaml ${files.length === 1 ? 'file' : 'files'}`);
      done(files);
    });
  });
}
