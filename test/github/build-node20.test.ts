// The build (scripts/setup.mjs, which the GitHub Action runs on the user's runner) runs on every
// Node package.json's engines admits (`>=20`): no script passes readdirSync's `recursive` option,
// which Node 20.0 ignores (it lists the top folder alone, so a build would leave out every file in
// a subfolder, without an error); scripts/files-below.mjs walks the folders instead.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { filesBelow } from '../../scripts/files-below.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const scripts = join(root, 'scripts');
const engines = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { engines: { node: string } }).engines.node;

describe('the build scripts run on the oldest Node the engines admit', () => {
  it("no script lists a folder with readdirSync's recursive option (Node 20.1 on; engines say Node 20)", () => {
    expect(engines).toBe('>=20');
    const offenders = readdirSync(scripts).filter((f) => f.endsWith('.mjs')).flatMap((f) => {
      const text = readFileSync(join(scripts, f), 'utf8');
      return [...text.matchAll(/readdirSync\([^;]*?recursive\s*:\s*true/g)].map(() => f);
    });
    expect(offenders).toEqual([]);
  });

  it('filesBelow lists the files of every subfolder, as the recursive option does where Node has it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'aac-files-below-'));
    try {
      mkdirSync(join(dir, 'a', 'b', 'c'), { recursive: true });
      mkdirSync(join(dir, 'empty'));
      for (const f of ['top.ts', join('a', 'one.ts'), join('a', 'b', 'two.json'), join('a', 'b', 'c', 'three.cts')]) writeFileSync(join(dir, f), '');
      const listed = (filesBelow(dir) as string[]).sort();
      expect(listed).toEqual(['a/b/c/three.cts', 'a/b/two.json', 'a/one.ts', 'top.ts'].map((f) => join(...f.split('/'))).sort());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
