// A path given where aac takes its definitions directory with --dir: kubectl's `apply -f FILE|DIR`,
// Terraform's `-chdir=DIR` and `terraform apply DIR` (≤0.14) habits. One wording for each place
// that meets one (a word left over, `-f`, a plan file that is a directory).
import { dirname } from 'node:path';
import { pathWord, targetArgument } from '../util/shell-word.js';
import type { FilePlace } from './file-place.js';
import { codeSpan } from '../util/code-span.js';

/** A file a definitions directory reads as a definition or as its aac.yaml. */
export const isYamlPath = (path: string): boolean => /\.ya?ml$/i.test(path);

/**
 * The `--dir` that `path` most likely meant: the directory itself, or for one YAML file
 * (`isFile`), the directory it is in, said to be read whole (aac plans every definition of a
 * directory; one file alone would read the others as deleted) — or, for a file in a folder of a
 * definitions directory (`place`, cli/file-place.ts), that directory, with the `--target` that
 * takes the file alone where the command has one (`targeting`: what it does to it, `plans` or
 * `applies`). A sentence ending in `?`.
 */
export function dirMeant(path: string, isFile: boolean, place?: FilePlace, targeting?: string): string {
  if (!isFile) return `did you mean ${codeSpan(`--dir ${pathWord(path)}`)}?`;
  if (place) {
    const alone = targeting === undefined ? '' : `, and ${codeSpan(targetArgument(place.key))} ${targeting} it alone`;
    return `aac reads every definition of a directory, not one file: did you mean ${codeSpan(`--dir ${pathWord(place.dir)}`)} (${path} is the definition ${place.key} of that directory${alone})?`;
  }
  return `aac reads every definition of a directory, not one file: did you mean ${codeSpan(`--dir ${pathWord(dirname(path))}`)} (the directory ${path} is in)?`;
}
