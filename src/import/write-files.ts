// All-or-nothing writes: every file is first written beside its target under a temporary name,
// then each is renamed into place (atomic per file). A failure while staging removes the staged
// files; a failure while renaming puts back what was already replaced.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { UserError } from '../util/errors.js';
import type { FileWrite } from './generate.js';

function reason(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  return e.code ? `${e.code}: ${e.message.replace(/^[A-Z]+: /, '')}` : String(err);
}

export function writeAllOrNothing(writes: readonly FileWrite[], shown: (path: string) => string): void {
  const staged: Array<{ write: FileWrite; temp: string; previous: Buffer | null }> = [];
  try {
    for (const write of writes) {
      mkdirSync(dirname(write.path), { recursive: true });
      const temp = `${write.path}.aac-import-${process.pid}.tmp`;
      const previous = write.replaces ? readFileSync(write.path) : null;
      writeFileSync(temp, write.content, { flag: 'wx' });
      staged.push({ write, temp, previous });
    }
  } catch (err) {
    for (const s of staged) rmSync(s.temp, { force: true });
    const failed = writes[staged.length];
    throw new UserError(
      `could not write ${failed ? shown(failed.path) : 'the definitions'} (${reason(err)}); nothing was written`,
      'check that the definitions directory is writable, then run aac import again',
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
      'check that the definitions directory is writable, then run aac import again',
    );
  }
}
