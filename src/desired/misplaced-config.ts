// A file named like aac.yaml in an environment's overlay directory (where a Kustomize or
// Terragrunt user puts an environment's settings): skipped without a word, the environment ran
// with settings its author believed changed. (One in a folder of the definitions directory is a
// definitions directory of its own: definitions-dir.ts nestedDefinitionsDir.)
import type { Diagnostic } from '../model/diagnostic.js';
import { join } from 'node:path';
import { CONFIG_FILES } from './discover.js';

/**
 * The error at `file` (absolute), an aac.yaml aac does not read, in the overlay directory of
 * `environment`, beside the definitions directory `dir` (absolute). `shown`: how messages show a
 * path. Code `misplaced-config`.
 */
export function misplacedConfig(file: string, dir: string, shown: (abs: string) => string, environment: string): Diagnostic {
  const read = shown(join(dir, CONFIG_FILES[0]!));
  return {
    severity: 'error',
    code: 'misplaced-config',
    location: { file: shown(file) },
    path: '',
    message: `aac reads one aac.yaml, at the top of the definitions directory (${read}): one among an environment's overlays is not read`,
    hint: `put the environment's settings (namespace:, provider:, endpoint:, values:) under environments.${environment} in ${read}, and remove this file`,
  };
}
