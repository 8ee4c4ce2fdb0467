// git's own files: a `.git` directory and everything below it (a submodule's
// `.git/modules/<name>`, a linked worktree's `.git/worktrees/<name>`, `.git/config`, which may hold
// the checkout's credentials: actions/checkout's `extraheader`, a token in a remote's URL), and a
// git directory kept under another name (`git init --separate-git-dir`, a bare repository). None of
// it is a file of the commit: aac reads none of it.
import { statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../util/errors.js';
import { realAsFarAsItExists } from '../util/real-path.js';
import { shownPath } from './paths.js';

/** Why nothing in git's own files is read, as every refusal of one says it. */
export const GIT_OWN_WHY = "never part of a definition: they may hold the checkout's credentials";

/** Whether a path step is a `.git` (a directory, or a submodule's or worktree's `.git` file), in any case: a case-insensitive file system opens `.GIT` as `.git`. */
export function isGitStep(step: string): boolean {
  return step.toLowerCase() === '.git';
}

function kind(path: string): 'file' | 'dir' | undefined {
  try {
    const s = statSync(path);
    return s.isDirectory() ? 'dir' : s.isFile() ? 'file' : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether `dir` is a git directory, told as git tells one (setup.c is_git_directory): a `HEAD`
 * file with an `objects/` and a `refs/` directory beside it, or, for a linked worktree's, a
 * `commondir` file in place of the two. One stat when it has no HEAD (every other directory).
 */
function isGitDirectory(dir: string): boolean {
  if (kind(join(dir, 'HEAD')) !== 'file') return false;
  return (kind(join(dir, 'objects')) === 'dir' && kind(join(dir, 'refs')) === 'dir') || kind(join(dir, 'commondir')) === 'file';
}

/**
 * The git directory (absolute) that `real` (an absolute path with its symlinks resolved, as far
 * as it exists) is or lies in: the nearest of it and its parents that is named `.git` or is a git
 * directory by its contents (isGitDirectory); undefined when none is. A few stats a level, once a
 * run: for a directory given on the command line, not for each file.
 */
export function gitDirectoryHolding(real: string): string | undefined {
  for (let d = real; ; d = dirname(d)) {
    if (isGitStep(basename(d)) || isGitDirectory(d)) return d;
    if (dirname(d) === d) return undefined;
  }
}

/**
 * Throws (UserError located at `shown`, code `path-in-git-dir`, as a `--dir` there is refused)
 * when `path`, a file or directory aac would write (`aac migrate --out DIR`, `aac plan --out
 * FILE`, `aac emulator --state FILE`; absolute, existing or not), through its symlinks as far as it exists, is or lies in a
 * git directory (gitDirectoryHolding): nothing written there is part of the commit, and a file
 * written there may replace one of git's own (`.git/config`, `.git/HEAD`). `flag` names the
 * option (`--out`, `--state`), `hint` the fix. Called before anything is read or written.
 */
export function refuseWriteInGitDir(path: string, shown: string, cwd: string, { flag, hint }: { flag: string; hint: string }): void {
  const gitDir = gitDirectoryHolding(realAsFarAsItExists(path));
  if (gitDir === undefined) return;
  throw UserError.at({
    severity: 'error',
    code: 'path-in-git-dir',
    location: { file: shown },
    path: '',
    // A real path, shown from the working directory's own (macOS's /tmp is /private/tmp).
    message: `${flag} is in git's own files (in ${shownPath(realAsFarAsItExists(cwd), gitDir)}), where aac writes nothing: they are not part of any commit, and a file written there may replace one of git's own (.git/config, which may hold the checkout's credentials); nothing was written`,
    hint,
  });
}
