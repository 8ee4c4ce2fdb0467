// The format of a key a definition gives (`key:`, or its file's path): stated once, in
// schema/key.schema.json (`$defs.key`), which every kind's schema `$ref`s and the schema check
// applies to `key:`. Read here for the key a file's path gives, and explained in words: the
// character or segment that breaks it. Keys already on the host (markers an earlier aac wrote)
// are never checked against it: they are matched, planned, pruned and targeted as they are.
import { readFileSync } from 'node:fs';
import { ESCAPE, WILDCARDS } from '../util/glob.js';
import { lazy } from '../util/lazy.js';
import { schemaFile } from '../util/package.js';
import { codePoint } from '../util/invisible.js';

/** `$defs.key.pattern` of schema/key.schema.json, compiled as ajv compiles it (the `u` flag). */
const keyFormat = lazy(() => {
  const schema = JSON.parse(readFileSync(schemaFile('key.schema.json'), 'utf8')) as { $defs: { key: { pattern: string } } };
  return new RegExp(schema.$defs.key.pattern, 'u');
});

/** What breaks a key: `holds` completes "it …", `without` completes "rename it without …". */
export interface KeyProblem {
  holds: string;
  without: string;
}

/**
 * Why `key` is not a key a definition may give (schema/key.schema.json, `$defs.key`), or undefined
 * when it is one: the first of an empty segment (a leading, trailing or double `/`), a character
 * the key may not hold (white space; `*`, `?`, which `--target` reads as wildcards, and `\`, its
 * escape: util/glob.ts), a `.` or `..` segment (a key names files: its overlay, the definition
 * import writes). Control and invisible characters are util/invisible.ts's, checked before.
 */
export function keyProblem(key: string): KeyProblem | undefined {
  if (keyFormat().test(key)) return undefined;
  if (key.startsWith('/')) return { holds: "starts with '/'", without: "the leading '/'" };
  if (key.endsWith('/')) return { holds: "ends with '/'", without: "the trailing '/'" };
  if (key.includes('//')) return { holds: "has an empty segment ('//')", without: "the double '/'" };
  for (const c of key) {
    if (/\s/u.test(c)) {
      const what = c === ' ' ? 'a space' : `the white space ${codePoint(c)}`;
      return { holds: `holds ${what}`, without: c === ' ' ? 'the space' : 'the white space' };
    }
    if (Object.hasOwn(WILDCARDS, c)) return { holds: `holds \`${c}\`, which --target reads as a wildcard for ${WILDCARDS[c]}`, without: `the \`${c}\`` };
    if (c === ESCAPE) return { holds: `holds \`${c}\`, which --target reads as an escape`, without: `the \`${c}\`` };
  }
  const step = key.split('/').find((s) => s === '.' || s === '..');
  if (step !== undefined) {
    return {
      holds: `has the segment \`${step}\`, which reads as a step of a path (a key names files too: its overlays, the definition aac import writes)`,
      without: `the \`${step}\` segment`,
    };
  }
  // Unreachable while the reasons above cover the pattern (a test holds them to it).
  return { holds: `does not match ${keyFormat().source}`, without: 'what the pattern refuses' };
}
