// Definition files a Windows checkout cannot hold (util/windows-names.ts: `a:b.yaml`, `CON.yaml`,
// a directory `x.`): they work where they are, Linux and macOS, where CI runs, and a clone on
// Windows lacks them, so a plan there misses their definitions (and --prune would delete them).
// A warning, as a case clash is (case-clash.ts), never an error. The files a definition names
// (an instructions_file, a `$ref` fragment) get the same warning at the field that names them.
import { windowsNameProblem } from '../util/windows-names.js';
import type { DiagnosticCode } from '../model/diagnostic-codes.js';

/** A path Windows cannot hold: the file's index, the path (`/`-separated) of its first step Windows refuses, whether that step is the file itself, and why. */
export interface WindowsPath {
  index: number;
  path: string;
  file: boolean;
  why: string;
  rename: string;
}

/**
 * The paths among `rels` (below the definitions directory, `/`-separated) that Windows cannot
 * hold, each named once: a directory Windows refuses at the first file below it, not at every one.
 */
export function windowsPaths(rels: readonly string[]): WindowsPath[] {
  const named = new Set<string>();
  const out: WindowsPath[] = [];
  rels.forEach((rel, index) => {
    const found = firstWindowsStep(rel);
    if (found && !named.has(found.path)) {
      named.add(found.path);
      out.push({ index, ...found });
    }
  });
  return out;
}

/**
 * The first step of `rel` (`/`-separated) Windows cannot hold: the path up to it, whether it is
 * the last step, and why; undefined when Windows holds every step. `.` and `..` (and the empty
 * steps of `a//b`) name no file, so they are passed over: a path written relative to a file
 * (`../prompts/CON.md`) is checked for the names it brings in.
 */
function firstWindowsStep(rel: string): Omit<WindowsPath, 'index'> | undefined {
  const steps = rel.split('/');
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    if (step === '' || step === '.' || step === '..') continue;
    const problem = windowsNameProblem(step);
    if (problem) return { path: steps.slice(0, i + 1).join('/'), file: i === steps.length - 1, ...problem };
  }
  return undefined;
}

/**
 * The warning on a field that names a file by a path Windows cannot hold (`instructions_file`,
 * a `$ref`): `written`, the path as the field writes it, relative to its file; `field`, the field's
 * name for the hint. Undefined when Windows holds it. Located by the caller, at the field's value.
 */
export function referencedWindowsPath(written: string, field: string): { code: DiagnosticCode; severity: 'warning'; message: string; hint: string } | undefined {
  const found = firstWindowsStep(written);
  if (!found) return undefined;
  const what = found.file ? 'file' : 'directory';
  return {
    code: 'windows-name',
    severity: 'warning',
    message: `${found.why} (the ${what} ${found.path} that ${field} names): this repository cannot be checked out there, and a clone there lacks ${found.file ? 'it' : 'the files below it'}`,
    hint: `rename the ${what} ${found.rename}, and ${field} with it`,
  };
}

/**
 * Whether `written` (a path a definition names) is an absolute Windows path: a drive's
 * (`C:\Users\me\x.md`, `C:/x.md`) or a share's (`\\server\share\x.md`). Where aac runs (Linux,
 * macOS) it would be read as a relative name holding `:` and `\`, and it names a file on one
 * machine only, outside the repository.
 */
export function isWindowsAbsolute(written: string): boolean {
  return /^[A-Za-z]:[\\/]/.test(written) || /^\\\\[^\\]/.test(written);
}

/** What an absolute Windows path in `field` is said to be, and the fix. */
export function windowsAbsoluteWords(field: string, written: string): { message: string; hint: string } {
  return {
    message: `${field} '${written}' is an absolute Windows path: it names a file on one machine, not in the repository`,
    hint: 'give the path relative to this file, inside the repository, with `/` (e.g. `prompts/x.md`)',
  };
}
