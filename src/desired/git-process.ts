// How aac runs git (git-listing.ts, git-ignored.ts): in the definitions' repository whatever the
// shell's variables point at, for a bounded time, its failures said in a few words.
import { errnoWords } from '../util/errno.js';

/**
 * How long git may take to answer: it is asked for a warning and a check only, and a git that
 * hangs (a lock, a slow network file system) must not hold the run.
 */
export const GIT_TIMEOUT_MS = 10_000;

/**
 * The variables that point git at a repository other than the one its working directory is in
 * (git(1), ENVIRONMENT): set in a git hook, they would make it answer for the hook's repository.
 */
const REPOSITORY_VARIABLES = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_COMMON_DIR', 'GIT_OBJECT_DIRECTORY', 'GIT_PREFIX'];

/** `env` (the run's environment) without the variables that would point git at another repository: what every git aac runs is given. */
export function gitEnvironment(env: Readonly<Record<string, string | undefined>>): Record<string, string | undefined> {
  return Object.fromEntries(Object.entries(env).filter(([name]) => !REPOSITORY_VARIABLES.includes(name)));
}

/** Why a git process failed, in a few words for a debug line: not installed, no answer, or the first line git wrote. */
export function gitFailure(err: unknown): string {
  const e = err as NodeJS.ErrnoException & { stderr?: Buffer; killed?: boolean };
  if (e.code === 'ENOENT') return 'git is not installed, or not on PATH';
  if (e.killed) return `no answer in ${GIT_TIMEOUT_MS / 1000} s`;
  const said = e.stderr?.toString('utf8').trim().split('\n')[0];
  return said || (typeof e.code === 'string' ? errnoWords(err) : String(e.message));
}
