// An aac.yaml one directory above the definitions directory, where a run of that directory reads
// none: the project's root beside `assistants/`, where Terraform's and most tools' config sits.
// It was never read and never named: the run planned against the default provider and endpoint,
// `aac validate` said the definitions were valid for a provider the file did not name, and the
// namespace refusal told to write a namespace: the file already held.
import { lstatSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Diagnostic } from '../model/diagnostic.js';
import { CONFIG_FILES } from '../desired/discover.js';
import { isInside } from '../desired/file-access.js';
import { repoRoot } from '../desired/repo-root.js';
import { codeSpan } from '../util/code-span.js';
import { pathWord } from '../util/shell-word.js';

const exists = (path: string): boolean => {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
};

/**
 * The aac.yaml (or aac.yml) in the parent of `dir` (the definitions directory, absolute, or
 * relative to the process's working directory), absolute, when `dir` holds none and that parent
 * lies inside its repository (outside git, the parent is the boundary itself: desired/repo-root.ts).
 * Undefined otherwise. Reads only the file system's entries, not the file.
 */
export function configAbove(dir: string): string | undefined {
  const abs = resolve(dir);
  if (CONFIG_FILES.some((name) => exists(join(abs, name)))) return undefined;
  const parent = dirname(abs);
  if (parent === abs) return undefined;
  // The file first: the boundary's walk up to the repository's root is made only for one found.
  const above = CONFIG_FILES.map((name) => join(parent, name)).find(exists);
  return above !== undefined && isInside(repoRoot(abs).root, parent) ? above : undefined;
}

/**
 * The hint for `above` (configAbove's answer, as shown) when the definitions directory `shownDir`
 * (as shown) has no aac.yaml: move it in, or run on the directory that holds it.
 */
export function configAboveHint(above: string, shownDir: string): string {
  const parent = dirname(above);
  return `if its settings are ${shownDir}/'s, move it there: ${codeSpan(`mv ${pathWord(above)} ${pathWord(join(shownDir, 'aac.yaml'))}`)}; if ${parent}/ is the definitions directory, pass --dir ${pathWord(parent)}`;
}

/**
 * The warning at `above` (configAbove's answer, shown by `shown`) for a run of the definitions
 * directory `dir` (absolute): its settings are not this run's. Code `misplaced-config`.
 */
export function configAboveWarning(above: string, dir: string, shown: (abs: string) => string): Diagnostic {
  const file = shown(above);
  const shownDir = shown(dir);
  return {
    severity: 'warning',
    code: 'misplaced-config',
    location: { file, line: 1, column: 1 },
    path: '',
    message: `${file} is not read: aac reads the project config at the top of the definitions directory (${shown(join(dir, CONFIG_FILES[0]!))}), not above it, so none of its settings (provider:, endpoint:, namespace:, environments:) applies to this run of ${shownDir}/`,
    hint: configAboveHint(file, shownDir),
  };
}
