// The one rule for every file aac writes (a saved plan, import's and migrate's definitions and
// aac.yaml, the emulator's --state): the path must be absent or a regular file. It is checked with
// lstat, so a symbolic link is refused rather than followed (replacing it would leave its target
// untouched; writing through it would write wherever it leads), and a directory, FIFO, socket or
// device is refused rather than replaced by a file. A file is written beside its target under a
// temporary name created exclusively (never another process's file, never through a link planted
// there), then renamed over it, so a reader sees the old file or the new one, never half of one.
import { errnoWords } from './errno.js';
import { randomBytes } from 'node:crypto';
import { accessSync, constants, lstatSync, mkdirSync, readFileSync, readlinkSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { UserError } from './errors.js';
import { fileKind } from './file-kind.js';

export interface FileWrite {
  /** Absolute path. */
  path: string;
  content: string;
  /** The file exists and is replaced (only with --force). */
  replaces: boolean;
}

/**
 * Why a write to `path` would go wrong, or undefined when it is a regular file, or absent in a
 * writable directory (with `create`, one that can be made: see directoryRefusal).
 */
function refusal(path: string, shown: string, create = false): UserError | undefined {
  let stats;
  try {
    stats = lstatSync(path);
  } catch {
    // Absent: created, in a directory that must be there to take it.
    return directoryRefusal(dirname(path), shown, create);
  }
  if (stats.isFile()) return undefined;
  if (stats.isSymbolicLink()) {
    const target = readlinkSync(path);
    return new UserError(
      `cannot write ${shown}: it is a symbolic link to ${target}; aac does not write through symbolic links, so nothing was written`,
      // Never the link's target as the path to pass: whoever follows the hint would replace that file.
      'give a path that is not a symbolic link (a new file, or a regular file to replace); only if you mean to replace the file the link points at, pass its own path',
    );
  }
  return new UserError(
    `cannot write ${shown}: it is ${fileKind(stats)}, not a regular file; nothing was written`,
    'aac writes only regular files: give the path of a new file, or of a regular file to replace',
  );
}

/**
 * Why files could not be written into `dir` (absolute): it, or with `create` the nearest of it and
 * its parents that exists (the rest are made), is missing, no directory, or not writable by this
 * process. Undefined when they can. `shown`: what the user named, for the message.
 */
function directoryRefusal(dir: string, shown: string, create: boolean): UserError | undefined {
  let at = dir;
  for (;;) {
    try {
      if (!statSync(at).isDirectory()) {
        return new UserError(`cannot write ${shown}: ${at} is not a directory; nothing was written`, 'give a path in an existing, writable directory');
      }
      break;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      const parent = dirname(at);
      // ENOTDIR: a file on the way, named once the walk up reaches it; ENOENT: made only with `create`.
      if (parent !== at && (code === 'ENOTDIR' || (code === 'ENOENT' && create))) {
        at = parent;
        continue;
      }
      if (code === 'ENOENT') return new UserError(`cannot write ${shown}: the directory ${at} does not exist; nothing was written`, 'create it first, or give a path in an existing directory');
      return new UserError(`cannot write ${shown}: the directory ${at} cannot be reached (${errnoWords(err)}); nothing was written`, 'give a path in a directory you may write to');
    }
  }
  try {
    accessSync(at, constants.W_OK | constants.X_OK);
    return undefined;
  } catch {
    return new UserError(`cannot write ${shown}: the directory ${at} is not writable; nothing was written`, 'give a path in a directory you may write to');
  }
}

/**
 * Refuses (UserError, exit 1) unless `path` is absent in an existing, writable directory, or a
 * regular file: a symbolic link (named with its target and the real path to pass), a directory,
 * FIFO, socket or device; a missing directory, one that is not, or one that may not be written.
 * `shown`: the path as the user wrote it, for the message. Called before any work whose result
 * would be lost.
 */
export function checkWriteTarget(path: string, shown: string): void {
  const refused = refusal(path, shown);
  if (refused) throw refused;
}

/**
 * Refuses (UserError, exit 1) a directory files cannot be written into, made as needed
 * (`aac migrate --out DIR`): the nearest of `dir` (absolute) and its parents that exists must be a
 * directory this process may write to. Called before any work whose result would be lost.
 */
export function checkWriteDirectory(dir: string, shown: string): void {
  const refused = directoryRefusal(dir, shown, true);
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
  for (const write of writes) {
    const refused = refusal(write.path, shown(write.path), true);
    if (refused) throw refused;
  }
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
