// `instructions_file:` read relative to its YAML file, refused when it (or a symlink it goes
// through) leads outside the repository.
import { lstatSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import type { Diagnostic } from '../model/diagnostic.js';
import { codePoints } from './schema.js';
import { invalidUtf8Offset, type YamlSource } from './source.js';

/** The API's limit on instructions, in characters. */
const INSTRUCTIONS_MAX = 256_000;
/** A file much larger than that is refused before it is read. */
const MAX_BYTES = 4 * INSTRUCTIONS_MAX + 4096;

export interface InstructionsFile {
  /** Absolute path. */
  path: string;
  bytes: Buffer;
  text: string;
}

function inside(root: string, p: string): boolean {
  const rel = relative(root, p);
  return rel === '' || (!rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel));
}

export function readInstructionsFile(
  src: YamlSource,
  yamlPath: string,
  given: string,
  boundary: { root: string; kind: 'git' | 'parent' },
  cwd: string,
): InstructionsFile | Diagnostic {
  const at = (code: string, message: string, hint: string) => src.diag(['instructions_file'], { code, message, hint }, 'value');
  const where = boundary.kind === 'git' ? `the git repository ${boundary.root}` : `${boundary.root} (the definitions directory's parent; not a git repository)`;
  const target = resolve(dirname(yamlPath), given);
  if (!inside(boundary.root, target)) {
    return at('path-outside-repository', `instructions_file '${given}' is outside ${where}`, 'keep prompt files inside the repository, e.g. prompts/ beside assistants/');
  }
  let info;
  try {
    info = lstatSync(target);
  } catch {
    return at('file-not-found', `instructions_file '${given}' does not exist (looked for ${relative(cwd, target) || target})`, 'the path is relative to this YAML file; check the spelling');
  }
  let real: string;
  try {
    real = realpathSync(target);
    const realRoot = realpathSync(boundary.root);
    if (!inside(realRoot, real)) {
      return at('path-outside-repository', `instructions_file '${given}' is a symlink to ${real}, outside ${where}`, 'copy the file into the repository instead of linking to it');
    }
    info = info.isSymbolicLink() ? statSync(real) : info;
  } catch {
    return at('file-not-found', `instructions_file '${given}' is a broken symlink`, 'point it at an existing file inside the repository');
  }
  if (!info.isFile()) return at('not-a-file', `instructions_file '${given}' is not a regular file`, 'point it at a text file, e.g. prompts/assistant.md');
  if (info.size > MAX_BYTES) {
    return at('max-length', `instructions_file '${given}' is ${info.size} bytes; instructions may be at most ${INSTRUCTIONS_MAX} characters`, 'shorten the instructions');
  }
  let bytes: Buffer;
  try {
    bytes = readFileSync(real);
  } catch (err) {
    return at('unreadable', `cannot read instructions_file '${given}': ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`, 'check the file permissions');
  }
  if (bytes.includes(0) || invalidUtf8Offset(bytes) >= 0) {
    return at('not-utf8', `instructions_file '${given}' is not UTF-8 text`, 'save the file as UTF-8 text');
  }
  const text = bytes.toString('utf8');
  // UTF-16 units are never fewer than characters: only a text over the limit in units is counted.
  const length = text.length > INSTRUCTIONS_MAX ? codePoints(text) : 0;
  if (length > INSTRUCTIONS_MAX) {
    return at('max-length', `instructions read from '${given}' are ${length} characters; the API allows at most ${INSTRUCTIONS_MAX}`, 'shorten the instructions file');
  }
  return { path: target, bytes, text };
}
