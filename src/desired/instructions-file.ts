// `instructions_file:` read relative to its YAML file, refused when it (or a symlink it goes
// through) leads outside the repository.
import { dirname, relative, resolve } from 'node:path';
import type { Diagnostic } from '../model/diagnostic.js';
import { isInside, readBounded } from './file-access.js';
import { describeBoundary, type RepoBoundary } from './repo-root.js';
import { codePoints } from '../util/characters.js';
import { invalidUtf8Offset, type YamlSource } from '../yaml/source.js';
import { decodeText, notUtf8, unicodeEncoding } from '../yaml/text.js';

/** A file much larger than `max` characters (at most 4 bytes each in UTF-8) is refused before it is read. */
const maxBytes = (max: number) => 4 * max + 4096;

export interface InstructionsFile {
  /** Absolute path. */
  path: string;
  bytes: Buffer;
  text: string;
}

export function readInstructionsFile(
  src: YamlSource,
  yamlPath: string,
  given: string,
  boundary: RepoBoundary,
  cwd: string,
  /** The kind's limit on instructions, in characters. */
  max: number,
): InstructionsFile | Diagnostic {
  const at = (code: string, message: string, hint: string) => src.diag(['instructions_file'], { code, message, hint }, 'value');
  const target = resolve(dirname(yamlPath), given);
  if (!isInside(boundary.root, target)) {
    return at('path-outside-repository', `instructions_file '${given}' is outside ${describeBoundary(boundary)}`, 'keep prompt files inside the repository, e.g. prompts/ beside assistants/');
  }
  const got = readBounded(target, boundary, maxBytes(max), `the API allows at most ${max} characters of instructions: shorten the file`);
  if ('code' in got) {
    const where = got.code === 'file-not-found' ? ` (looked for ${relative(cwd, target) || target}; the path is relative to this YAML file)` : '';
    const hint = got.code === 'not-a-file' ? `${got.hint}: point instructions_file at a prompt file` : got.hint;
    return at(got.code, `cannot read instructions_file '${given}': ${got.reason}${where}`, hint);
  }
  const { bytes } = got;
  const encoding = unicodeEncoding(bytes);
  if (encoding) {
    const { what, hint } = notUtf8(encoding);
    return at('not-utf8', `instructions_file '${given}' is ${what}`, hint);
  }
  if (bytes.includes(0) || invalidUtf8Offset(bytes) >= 0) {
    return at('not-utf8', `instructions_file '${given}' is not UTF-8 text`, 'save the file as UTF-8 text');
  }
  const text = decodeText(bytes);
  // UTF-16 units are never fewer than characters: only a text over the limit in units is counted.
  const length = text.length > max ? codePoints(text) : 0;
  if (length > max) {
    return at('max-length', `instructions read from '${given}' are ${length} characters; the API allows at most ${max}`, 'shorten the instructions file');
  }
  return { path: target, bytes, text };
}
