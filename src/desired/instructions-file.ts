// `instructions_file:` read relative to its YAML file, refused when it (or a symlink it goes
// through) leads outside the repository.
import { dirname, relative, resolve } from 'node:path';
import type { Diagnostic } from '../model/diagnostic.js';
import { isInside, readBounded } from './file-access.js';
import { describeBoundary, type RepoBoundary } from './repo-root.js';
import { slashHint, slashSpelling } from './slash-paths.js';
import { nearestFile, nearestHint } from './nearest-file.js';
import { isWindowsAbsolute, windowsAbsoluteWords } from './windows-paths.js';
import { codePoints } from '../util/characters.js';
import { lineAndColumn } from '../util/json-syntax.js';
import type { YamlSource } from '../yaml/source.js';
import { MERGE_CONFLICT, MERGE_CONFLICT_HINT, mergeConflict } from '../util/merge-conflict.js';
import { decodeText, invalidUtf8Offset, notUtf8, unicodeEncoding } from '../util/text.js';
import { codeSpan } from '../util/code-span.js';
import type { DiagnosticCode } from '../model/diagnostic-codes.js';
import { NAME_MAX, overlongName } from '../util/errno.js';
import { cutPath } from './paths.js';

/** A file much larger than `max` characters (at most 4 bytes each in UTF-8) is refused before it is read. */
const maxBytes = (max: number) => 4 * max + 4096;

export interface InstructionsFile {
  /** Absolute path. */
  path: string;
  bytes: Buffer;
  text: string;
}

/**
 * Where the bytes stop being UTF-8 text, said as a definition's are (yaml/source.ts checkBytes):
 * the first NUL byte (a binary file) or byte that is not UTF-8, with its line, column and offset
 * in the file; undefined for text.
 */
function notText(bytes: Buffer): { what: string; hint: string } | undefined {
  const nul = bytes.indexOf(0);
  const invalid = invalidUtf8Offset(nul < 0 ? bytes : bytes.subarray(0, nul));
  const offset = invalid >= 0 ? invalid : nul;
  if (offset < 0) return undefined;
  const before = bytes.subarray(0, offset).toString('utf8');
  const { line, column } = lineAndColumn(before, before.length);
  const where = `at line ${line}, column ${column} of the file (offset ${offset})`;
  return offset === nul
    ? { what: `it is a binary file: a NUL byte ${where}`, hint: 'point instructions_file at a text file of the instructions' }
    : { what: `the byte 0x${bytes[offset]!.toString(16).padStart(2, '0')} ${where} is not UTF-8`, hint: 'save the file as UTF-8 text' };
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
  const at = (code: DiagnosticCode, message: string, hint: string) => src.diag(['instructions_file'], { code, message, hint }, 'value');
  // A name can be hundreds of characters long (cutPath).
  const shown = cutPath(given);
  // No file system holds such a name: said as itself, not as the "no such file" or ENAMETOOLONG a read would give.
  const overlong = overlongName(given);
  if (overlong) {
    return at(
      'invalid-file-name',
      `instructions_file '${shown}' has a name of ${overlong.bytes} bytes, longer than the ${NAME_MAX} a file system takes`,
      `shorten that name to at most ${NAME_MAX} bytes, and rename the file to match`,
    );
  }
  if (isWindowsAbsolute(given)) {
    const { message, hint } = windowsAbsoluteWords('instructions_file', given);
    return at('path-outside-repository', message, hint);
  }
  const target = resolve(dirname(yamlPath), given);
  if (!isInside(boundary.root, target)) {
    return at('path-outside-repository', `instructions_file '${shown}' is outside ${describeBoundary(boundary)}`, 'keep prompt files inside the repository, e.g. prompts/ beside assistants/');
  }
  const got = readBounded(target, boundary, maxBytes(max), `the API allows at most ${max} characters of instructions: shorten the file`);
  if ('code' in got) {
    const where = got.code === 'file-not-found' ? ` (looked for ${cutPath(relative(cwd, target) || target)}; the path is relative to this YAML file)` : '';
    const meant = got.code === 'file-not-found' ? slashSpelling(given, dirname(yamlPath), boundary) : undefined;
    const near = got.code === 'file-not-found' && meant === undefined ? nearestFile(given, dirname(yamlPath), boundary) : undefined;
    const hint = meant !== undefined ? slashHint(meant)
      : near !== undefined ? nearestHint('instructions_file', near)
      : got.code === 'not-a-file' ? `${got.hint}: point instructions_file at a prompt file` : got.hint;
    return at(got.code, `cannot read instructions_file '${shown}': ${got.reason}${where}`, hint);
  }
  const { bytes } = got;
  const encoding = unicodeEncoding(bytes);
  if (encoding) {
    const { what, hint } = notUtf8(encoding);
    return at('not-utf8', `instructions_file '${shown}' is ${what}`, hint);
  }
  const bad = notText(bytes);
  if (bad) return at('not-utf8', `instructions_file '${shown}' is not UTF-8 text: ${bad.what}`, bad.hint);
  const text = decodeText(bytes);
  const conflict = mergeConflict(text);
  if (conflict) {
    return at(MERGE_CONFLICT, `instructions_file '${shown}' has an unresolved merge conflict at ${cutPath(relative(cwd, target) || target)}:${conflict.line} (${codeSpan(conflict.marker)}): both sides would be sent as the instructions`, MERGE_CONFLICT_HINT);
  }
  // UTF-16 units are never fewer than characters: only a text over the limit in units is counted.
  const length = text.length > max ? codePoints(text) : 0;
  if (length > max) {
    return at('max-length', `instructions read from '${shown}' are ${length} characters; the API allows at most ${max}`, 'shorten the instructions file');
  }
  return { path: target, bytes, text };
}
