// realPaths answers as realOrResolved does, one path at a time, for every kind of path a run
// compares: plain files, file and directory links (relative and absolute, in and out of a
// directory), a workspace reached through a link, a deleted file, a directory that cannot be listed.
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { realOrResolved, realPaths } from '../../src/util/real-path.js';
import { testDir } from '../helpers/each-test.js';

it.runIf(process.platform !== 'win32')('realPaths gives realOrResolved\'s answer for each path, from a real and a linked working directory', () => {
  const root = testDir('aac-real-paths-');
  const ws = join(root, 'ws');
  for (const d of ['defs/team', 'shared', 'locked']) mkdirSync(join(ws, d), { recursive: true });
  for (const f of ['defs/a.yaml', 'defs/team/b.yaml', 'shared/c.yaml', 'shared/p.md', 'locked/d.yaml']) writeFileSync(join(ws, f), 'x\n');
  symlinkSync('../shared/c.yaml', join(ws, 'defs/c.yaml'));
  symlinkSync(join(ws, 'shared/p.md'), join(ws, 'defs/team/p.md'));
  symlinkSync('../shared', join(ws, 'defs/linked'));
  symlinkSync('a.yaml', join(ws, 'defs/alias.yaml'));
  symlinkSync('gone.yaml', join(ws, 'defs/broken.yaml'));
  symlinkSync(ws, join(root, 'link'));
  // Searchable, not listable: its files resolve, its listing fails.
  chmodSync(join(ws, 'locked'), 0o311);
  const paths = [
    'defs/a.yaml', 'defs/team/b.yaml', 'defs/c.yaml', 'defs/team/p.md', 'defs/linked/c.yaml', 'defs/linked/p.md', 'defs/alias.yaml',
    'defs/broken.yaml', 'defs/deleted.yaml', 'nowhere/x.yaml', 'locked/d.yaml', 'defs/team/../a.yaml', 'defs', '.', '/',
  ];
  try {
    for (const cwd of [ws, join(root, 'link')]) {
      const real = realPaths(cwd);
      // Each twice: the second from what the first listed.
      for (const p of [...paths, ...paths, ...paths.map((q) => join(cwd, q))]) expect(real(p), `${p} from ${cwd}`).toBe(realOrResolved(cwd, p));
    }
  } finally {
    chmodSync(join(ws, 'locked'), 0o755);
  }
});
