// Messages are built from names (a provider, a directory, an action) as well as from words. A name
// takes no article chosen in advance ("a openai endpoint") and no possessive ("foundry-agents's"):
// every message in src/ that puts `a`/`an` before an interpolation, or `'s` after one, is held
// here to the few whose value is a noun of ours (a kind's nouns, an action's word).
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { expect, test } from 'vitest';

const SRC = join(import.meta.dirname, '..', '..', 'src');

/** Every .ts file below `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** Interpolations that are nouns of ours, which may take `'s`: `${kind.nouns.one}'s address`, `the ${change.action}'s response`. */
const NOUN = /(?:nouns\.(?:one|many)|\.action)$/;

test('no article chosen before, and no possessive after, an interpolated name', () => {
  const found: string[] = [];
  for (const file of sources(SRC)) {
    readFileSync(file, 'utf8').split('\n').forEach((line, i) => {
      if (/^\s*(\/\/|\*|\/\*)/.test(line)) return;
      const at = `${relative(SRC, file)}:${i + 1}`;
      for (const m of line.matchAll(/\b(?:a|an) ['"`]?\$\{([^}]+)\}/g)) found.push(`${at}: article before \${${m[1]}}`);
      for (const m of line.matchAll(/\$\{([^}]+)\}'s\b/g)) if (!NOUN.test(m[1]!)) found.push(`${at}: possessive on \${${m[1]}}`);
    });
  }
  expect(found).toEqual([]);
});
