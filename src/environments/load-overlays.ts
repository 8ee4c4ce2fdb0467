// Reading an environment's overlay files: every *.yaml / *.yml below its overlay directory, by
// the rules definitions are read by (the file rule, `_` and `.aacignore`, located parse errors).
import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Diagnostic } from '../model/diagnostic.js';
import { CONFIG_FILES } from '../desired/discover.js';
import { IGNORE_FILE } from '../desired/ignore.js';
import { caseClashes } from '../desired/case-clash.js';
import { misplacedConfig } from '../desired/misplaced-config.js';
import { unreadFileWarnings } from '../desired/unread-files.js';
import { keyFromRelative, posixRelative, shownPath } from '../desired/paths.js';
import { parseCacheFor } from '../desired/parse-cache.js';
import { READ_EACH_TIME, type FileReads } from '../desired/shared-reads.js';
import type { RepoBoundary } from '../desired/repo-root.js';
import { readYamlSource } from '../yaml/source.js';
import { pathErrorWords, readErrorHint } from '../util/errno.js';
import type { Environment } from './config.js';
import { fileDoc } from './located.js';
import type { Overlay } from './overlays.js';

/** The overlay directory of `env` (absolute) below the definitions directory `dir`. */
export function overlayDir(dir: string, env: Environment): string {
  return join(dir, ...env.overlays.split('/'));
}

/**
 * The overlays of `env` below the definitions directory `dir` (none when its overlay directory
 * does not exist: an environment may have no differences). Unreadable files and directories and
 * parse errors are located diagnostics; only overlays that parsed as a mapping are returned.
 * `unusable`: what the overlays that could not be used would apply to — the key of each file
 * that could not be read or parsed, and `prefix/` for a directory that could not be listed (`''`
 * for the whole overlay directory) — whose definitions are then not valid in `env`. `reads`: how
 * the directory is walked and its files read (desired/shared-reads.ts).
 */
export async function loadOverlays(dir: string, env: Environment, boundary: RepoBoundary, cwd: string, reads: FileReads = READ_EACH_TIME): Promise<{ overlays: Overlay[]; diagnostics: Diagnostic[]; unusable: string[] }> {
  const root = overlayDir(dir, env);
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(root)).isDirectory();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { overlays: [], diagnostics: [], unusable: [] };
    // There but not reachable (a symlink loop, no permission): not "no differences", or the environment would get the base alone.
    const code = (err as NodeJS.ErrnoException).code;
    const hint = code === 'ELOOP' ? 'fix the symlink' : readErrorHint(err).replace('read the file', 'read the directory');
    return { overlays: [], diagnostics: [{ severity: 'error', code: 'unreadable', location: { file: shownPath(cwd, root) }, path: '', message: `cannot read the overlay directory of environment '${env.name}': ${pathErrorWords(err)}`, hint }], unusable: [''] };
  }
  if (!isDirectory) return { overlays: [], diagnostics: [], unusable: [] };
  const { files, unreadable, configs, unreadNames } = await reads.walk(root, boundary, (p) => shownPath(cwd, p));
  const diagnostics: Diagnostic[] = unreadable.map(({ dir: d, code, message, hint }) => ({
    severity: 'error', code, location: { file: shownPath(cwd, d) }, path: '', message, hint,
  }));
  // An overlay saved under a name the walk does not read, said as the definitions' are.
  diagnostics.push(...await unreadFileWarnings(unreadNames, files, { shown: (p) => shownPath(cwd, p), ignoreFile: join(root, IGNORE_FILE), overlays: true }));
  // An aac.yaml here is not read (an environment's settings are in the definitions directory's).
  const atTop = CONFIG_FILES.map((name) => join(root, name)).filter((p) => existsSync(p));
  diagnostics.push(...[...atTop, ...configs].map((file) => misplacedConfig(file, dir, (p) => shownPath(cwd, p), env.name)));
  // Two overlays whose paths differ only in case are one file in a clone on macOS or Windows.
  for (const { index, first, mine, theirs, file } of caseClashes(files.map((f) => f.rel))) {
    const shown = (p: string) => shownPath(cwd, p);
    const here = shown(files[index]!.path);
    const there = shown(files[first]!.path);
    diagnostics.push({
      severity: 'warning',
      code: 'case-clash',
      location: { file: here, line: 1, column: 1 },
      path: '',
      message: file
        ? `${here} and ${there} differ only in case: a clone on a case-insensitive file system (macOS, Windows) holds one file for both, so a plan there in environment '${env.name}' misses one of the two overlays`
        : `the directories ${shown(join(root, mine))} and ${shown(join(root, theirs))} (of ${there}) differ only in case: a clone on a case-insensitive file system (macOS, Windows) puts the overlays of both in one directory, so a plan there in environment '${env.name}' applies some to other keys`,
      hint: `rename one of the ${file ? 'files' : 'directories'} so that the two names differ in more than case`,
    });
  }
  const unusable = unreadable.map(({ dir: d }) => (posixRelative(root, d) === '' ? '' : `${posixRelative(root, d)}/`));
  const shownRoot = shownPath(cwd, root);
  const overlays: Overlay[] = [];
  const toRead = files.map(({ path, real }) => ({ path, file: shownPath(cwd, path), boundary, real }));
  await reads.read(toRead, (i, got) => {
    const { path, file } = toRead[i]!;
    const { rel } = files[i]!;
    if ('refused' in got) {
      const src = readYamlSource(file, Buffer.alloc(0));
      diagnostics.push(src.diag([], { code: got.refused.code, message: `cannot read the overlay: ${got.refused.reason}`, hint: got.refused.hint }));
      unusable.push(keyFromRelative(rel));
      return;
    }
    const { digest } = got;
    const src = reads.source(path, file, got, boundary);
    diagnostics.push(...src.diagnostics);
    if (src.value !== undefined && !src.diagnostics.some((d) => d.severity === 'error')) {
      overlays.push({ key: keyFromRelative(rel), doc: fileDoc(src.value, path, src), digest, dir: shownRoot });
    } else if (src.diagnostics.some((d) => d.severity === 'error')) {
      unusable.push(keyFromRelative(rel));
    }
  }, 'auto', await parseCacheFor(dir));
  overlays.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { overlays, diagnostics, unusable };
}
