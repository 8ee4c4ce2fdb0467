// The one rule for every file aac writes (a saved plan, import's and migrate's definitions and
// aac.yaml, the emulator's --state): the path must be absent or a regular file. It is checked with
// lstat, so a symbolic link is refused rather than followed (replacing it would leave its target
// untouched; writing through it would write wherever it leads), and a directory, FIFO, socket or
// device is refused rather than replaced by a file. A file is written beside its target under a
// temporary name created exclusively (never another process's file, never through a link planted
// there), then renamed over it, so a reader sees the old file or the new one, never half of one.
import { randomBytes } from 'node:crypto';
import { lstatSync, mkdirSync, readFileSync, readlinkSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UserError } from './errors.js';
import { fileKind } from './file-kind.js';

export interface FileWrite {
  /** Absolute path. */
  path: string;
  content: string;
  /** The file exists and is replaced (only with --force). */
  replaces: boolean;
}

/** Why a write to `path` would go wrong, or undefined when `path` is absent or a regular file. */
function refusal(path: string, shown: string): UserError | undefined {
  let stats;
  try {
    stats = lstatSync(path);
  } catch {
    // Absent: created. A directory on the way that is missing or no directory, or one that may not
    // be read: the write itself fails and says so.
    return undefined;
  }
  if (stats.isFile()) return undefined;
  if (stats.isSymbolicLink()) {
    const target = readlinkSync(path);
    return new UserError(
      `cannot write ${shown}: it is a symbolic link to ${target}; aac does not write through symbolic links, so nothing was written`,
      `pass the real path instead (${resolve(dirname(path), target)})`,
    );
  }
  return new UserError(
    `cannot write ${shown}: it is ${fileKind(stats)}, not a regular file; nothing was written`,
    'aac writes only regular files: give the path of a new file, or of a regular file to replace',
  );
}

/**
 * Refuses (UserError, exit 1) unless `path` is absent or a regular file: a symbolic link (named
 * with its target and the real path to pass), a directory, FIFO, socket or device. `shown`: the
 * path as the user wrote it, for the message. Called before any work whose result would be lost.
 */
export function checkWriteTarget(path: string, shown: string): void {
  const refused = refusal(path, shown);
  if (refused) throw refused;
}

/** Writes `content` to a new file beside `path`, created exclusively; returns its path. Throws the fs error. */
function stage(path: string, content: string, mode: number | undefined): string {
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(temp, content, { flag: 'wx', ...(mode !== undefined ? { mode } : {}) });
  } catch (err) {
    // 'wx' never opened someone else's file; what it created half-written is removed.
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') rmSync(temp, { force: true });
    throw err;
  }
  return temp;
}

function reason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e.code ? `${e.code}: ${e.message.replace(/^[A-Z]+: /, '')}` : String(err);
}

/**
 * Writes one file by the rule above: `path` (absolute) absent or a regular file, else a UserError
 * naming `shown` and what the path is; written as `mode` when it is created (e.g. 0o600 for a
 * saved plan; default 0o666 less the umask). Any fs failure is a UserError naming `what`
 * (e.g. 'the plan') and `shown`; nothing is left behind.
 */
export function writeFileAtomically(path: string, content: string, opts: { shown: string; what: string; mode?: number }): void {
  checkWriteTarget(path, opts.shown);
  let temp: string | undefined;
  try {
    temp = stage(path, content, opts.mode);
    // Checked again just before the rename: what appeared at the path meanwhile is not replaced.
    checkWriteTarget(path, opts.shown);
    renameSync(temp, path);
  } catch (err) {
    if (temp !== undefined) rmSync(temp, { force: true });
    if (err instanceof UserError) throw err;
    throw new UserError(`cannot write ${opts.what} to ${opts.shown} (${reason(err)}); nothing was written`, 'check that the directory exists and is writable');
  }
}

/**
 * All-or-nothing writes of several files (absolute paths), by the rule above: every target is
 * checked first, then every file is staged beside its target, then each is renamed into place
 * (atomic per file). A refused target or a failure while staging writes nothing; a failure while
 * renaming puts back what was already replaced. Errors are UserErrors naming the file by `shown`.
 */
export function writeAllOrNothing(writes: readonly FileWrite[], shown: (path: string) => string): void {
  for (const write of writes) checkWriteTarget(write.path, shown(write.path));
  const staged: Array<{ write: FileWrite; temp: string; previous: Buffer | null }> = [];
  try {
    for (const write of writes) {
      mkdirSync(dirname(write.path), { recursive: true });
      const previous = write.replaces ? readFileSync(write.path) : null;
      staged.push({ write, temp: stage(write.path, write.content, undefined), previous });
    }
  } catch (err) {
    for (const s of staged) rmSync(s.temp, { force: true });
    const failed = writes[staged.length];
    throw new UserError(
      `could not write ${failed ? shown(failed.path) : 'the definitions'} (${reason(err)}); nothing was written`,
      'check that the directory is writable, then run the command again',
    );
  }
  const done: typeof staged = [];
  try {
    for (const s of staged) {
      renameSync(s.temp, s.write.path);
      done.push(s);
    }
  } catch (err) {
    for (const s of done) {
      if (s.previous) writeFileSync(s.write.path, s.previous);
      else rmSync(s.write.path, { force: true });
    }
    for (const s of staged) rmSync(s.temp, { force: true });
    throw new UserError(
      `could not move ${shown(staged[done.length]!.write.path)} into place (${reason(err)}); the files were restored`,
      'check that the directory is writable, then run the command again',
    );
  }
}
