// "Did you mean …?" for a path in a definition that names no file (`$ref: ../shared/tols.yaml`,
// `instructions_file: promts/faq.md`): the nearest spelling that does, found one step at a time, each
// missing step replaced by the entry of its directory closest to it (yaml/suggest.ts closest: a
// typo, never just any name). Only the directories the path walks through are listed, and none
// outside the repository.
import { readdirSync, statSync, type Dirent } from 'node:fs';
import { resolve } from 'node:path';
import { closest } from '../yaml/suggest.js';
import { isInside, resolveInside } from './file-access.js';
import { isGitStep } from './git-dir.js';
import type { RepoBoundary } from './repo-root.js';
import { codeSpan } from '../util/code-span.js';
import { yamlLine } from '../yaml/snippet.js';

/** The entries of `dir`, or none when it cannot be listed. */
function entries(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}

/**
 * `written` (a `/`-separated path relative to the directory `from`, absolute) respelled so that it
 * names a file inside `boundary` that may be read (file-access.ts resolveInside) and whose name
 * `fits` (a fragment: `.yaml`, `.yml` or `.json`), each step that does not exist replaced by the
 * closest entry of its directory (a directory for a step before the last, a file or a link for
 * the last; never a `.git`), `.` and `..` kept as written. Undefined when a missing step has no
 * close entry, when nothing was missing (the read failed for another reason), or when the path
 * leaves the repository. Called once the path as written was not found.
 */
export function nearestFile(written: string, from: string, boundary: RepoBoundary, fits: (name: string) => boolean = () => true): string | undefined {
  const steps = written.split('/');
  let dir = from;
  let changed = false;
  const out: string[] = [];
  for (const [i, step] of steps.entries()) {
    const last = i === steps.length - 1;
    if (step === '' || step === '.' || step === '..') {
      if (last) return undefined;
      out.push(step);
      dir = resolve(dir, step);
      continue;
    }
    if (!isInside(boundary.root, dir)) return undefined;
    const listed = entries(dir).filter((e) => !isGitStep(e.name));
    let name = listed.some((e) => e.name === step) ? step : undefined;
    if (name === undefined) {
      const candidates = listed.filter((e) => (last ? (e.isFile() || e.isSymbolicLink()) && fits(e.name) : e.isDirectory() || e.isSymbolicLink()));
      name = closest(step, candidates.map((e) => e.name));
      if (name === undefined) return undefined;
      changed = true;
    }
    out.push(name);
    dir = resolve(dir, name);
  }
  if (!changed || !isInside(boundary.root, dir)) return undefined;
  const found = resolveInside(dir, boundary);
  return 'real' in found && isFile(found.real) ? out.join('/') : undefined;
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * The hint for a path `field` gave that named no file, with `meant` (nearestFile's spelling, a
 * pointer kept after it) as the line to write: ``did you mean `$ref: ../shared/tools.yaml#/x`?``.
 */
export function nearestHint(field: string, meant: string): string {
  return `did you mean ${codeSpan(yamlLine(field, meant))}?`;
}
