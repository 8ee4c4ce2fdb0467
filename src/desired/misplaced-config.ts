// A file named like aac.yaml where aac reads none: below the top of the definitions directory (a
// second team's corner, a copy left behind) or in an environment's overlay directory (where a
// Kustomize or Terragrunt user puts an environment's settings). Read as a definition it was a
// "missing model" error that never said what the file was taken for; beside overlays it was
// skipped without a word, so the environment ran with settings its author believed changed.
import { dirname, join } from 'node:path';
import type { Diagnostic } from '../model/diagnostic.js';
import { CONFIG_FILES } from './discover.js';

/**
 * The error at `file` (absolute), an aac.yaml aac does not read: in the overlay directory of
 * `environment` when given, else below the top of the definitions directory `dir` (absolute).
 * `shown`: how messages show a path. Code `misplaced-config`.
 */
export function misplacedConfig(file: string, dir: string, shown: (abs: string) => string, environment?: string): Diagnostic {
  const read = shown(join(dir, CONFIG_FILES[0]!));
  const own = shown(dirname(file));
  return {
    severity: 'error',
    code: 'misplaced-config',
    location: { file: shown(file) },
    path: '',
    message: environment === undefined
      ? `aac reads one aac.yaml, at the top of the definitions directory (${read}): this one is not read, and it is not a definition`
      : `aac reads one aac.yaml, at the top of the definitions directory (${read}): one among an environment's overlays is not read`,
    hint: environment === undefined
      ? `move its settings into ${read}; if ${own} is a definitions directory of its own, leave it out of this one (a name starting with '_', or a line in .aacignore) and run it with --dir ${own}`
      : `put the environment's settings (namespace:, provider:, endpoint:, values:) under environments.${environment} in ${read}, and remove this file`,
  };
}
