// Hostile files given to the compiled CLI: each one is refused with a located error, and the
// process finishes (it is killed at the deadline otherwise) and stays small. How fast is no
// question here: the deadline only stops a process that would never end.
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cleanupTrees, writeTree } from '../desired/helpers.js';
import { CHILDREN_TEST_MS, NEVER_ENDS_MS, runChild } from '../helpers/child-cli.js';

afterAll(cleanupTrees);

/** Far below what reading any of these files whole would take (600 MB, or /dev/zero without end). */
const MAX_RSS_MB = 250;
/**
 * 40,000 pairs parsed with their positions take ~235 MiB on Node 20 (the same before and after
 * the checks it feeds), and a loaded machine's collector left one run at 251: the bound keeps
 * that margin, still far below a parse that kept copies of the document.
 */
const MANY_KEYS_MAX_RSS_MB = 300;
const posix = process.platform !== 'win32';

describe('hostile files', () => {
  it.runIf(posix)('a FIFO, a symlink to /dev/zero and a 600 MB file: validate finishes, refuses each, stays under 250 MB', async () => {
    const root = writeTree({ '.git/HEAD': 'x', 'assistants/ok.yaml': 'model: m\n' });
    const dir = join(root, 'assistants');
    execFileSync('mkfifo', [join(dir, 'fifo.yaml')]);
    symlinkSync('/dev/zero', join(dir, 'zero.yaml'));
    writeFileSync(join(dir, 'huge.yaml'), '');
    truncateSync(join(dir, 'huge.yaml'), 600 * 1024 * 1024);
    const r = await runChild(['validate'], { cwd: root, deadlineMs: NEVER_ENDS_MS });
    expect(r.killed).toBe(false);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('assistants/fifo.yaml:1:1: error: cannot read the file: it is a FIFO, not a regular file');
    expect(r.stdout).toContain(`assistants/zero.yaml:1:1: error: cannot read the file: it leads to /dev/zero, outside the git repository ${root}`);
    expect(r.stdout).toContain('assistants/huge.yaml:1:1: error: cannot read the file: it is 629145600 bytes; at most 8388608 are read');
    expect(r.maxRssMb).toBeLessThan(MAX_RSS_MB);
  }, CHILDREN_TEST_MS);

  // Opened blocking, a FIFO holds a thread in open() where no signal reaches: the process would
  // never end (killed at the deadline here). Every path a user names is read by the same rule
  // (but --changed-files, which may be a pipe).
  it.runIf(posix)('a FIFO or a directory named on the command line is refused at once, whichever command reads it', async () => {
    const root = writeTree({ '.git/HEAD': 'x', 'assistants/ok.yaml': 'model: m\n' });
    execFileSync('mkfifo', [join(root, 'fifo')]);
    mkdirSync(join(root, 'dir'));
    const cases: Array<[string[], string]> = [
      [['show', 'fifo'], 'cannot read the plan file fifo: it is a FIFO, not a regular file'],
      [['show', 'dir'], 'cannot read the plan file dir: it is a directory, not a regular file'],
      [['apply', 'fifo'], 'cannot read the plan file fifo: it is a FIFO, not a regular file'],
      // --changed-files may be a pipe (changed-files.test.ts), never a directory.
      [['plan', '--changed-files', 'dir'], 'cannot read --changed-files dir: it is a directory, not a regular file'],
    ];
    // At once, so that the test waits for the slowest run alone (each reads its own path).
    const runs = await Promise.all(cases.map(([args]) => runChild(args, { cwd: root, deadlineMs: NEVER_ENDS_MS })));
    cases.forEach(([args, message], i) => {
      const r = runs[i]!;
      expect([args, r.killed, r.code, r.stderr]).toEqual([args, false, 1, expect.stringContaining(message)]);
    });
    execFileSync('mkfifo', [join(root, 'assistants', '.aacignore')]);
    const ignore = await runChild(['validate'], { cwd: root, deadlineMs: NEVER_ENDS_MS });
    expect([ignore.killed, ignore.code, ignore.stderr]).toEqual([false, 1, expect.stringContaining('.aacignore: it is a FIFO, not a regular file')]);
  }, CHILDREN_TEST_MS);

  // A JSON file is read to tell whether it is a definition saved under the wrong name: a FIFO or
  // a link to a device never ends, so only regular files are read, and none is named.
  it.runIf(posix)('a FIFO and a symlink to /dev/zero named .json: validate finishes without reading them, and names neither', async () => {
    const root = writeTree({ '.git/HEAD': 'x', 'assistants/ok.yaml': 'model: m\n', 'assistants/saved.json': '{"model": "m"}\n' });
    const dir = join(root, 'assistants');
    execFileSync('mkfifo', [join(dir, 'fifo.json')]);
    symlinkSync('/dev/zero', join(dir, 'zero.json'));
    const r = await runChild(['validate'], { cwd: root, deadlineMs: NEVER_ENDS_MS });
    expect(r.killed).toBe(false);
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toContain('assistants/saved.json: warning: assistants/saved.json is not read: it reads as a definition');
    expect(r.stdout).not.toContain('fifo.json');
    expect(r.stdout).not.toContain('zero.json');
  }, CHILDREN_TEST_MS);

  // That the check is linear is file-rule.test.ts's to show (with keys enough to tell it from the
  // quadratic one on any machine); here the deadline only stops a process that would not end.
  it('40,000 keys in one mapping with a repeated one: finishes, with the located error', async () => {
    const keys = Array.from({ length: 40_000 }, (_, i) => `  k${i}: v`).join('\n');
    const root = writeTree({ 'assistants/a.yaml': `model: m\nx-many:\n${keys}\n  k9: again\n` });
    const r = await runChild(['validate'], { cwd: root, deadlineMs: NEVER_ENDS_MS });
    expect(r.killed).toBe(false);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("assistants/a.yaml:40003:3: error: the key 'k9' appears more than once in the same mapping");
    expect(r.maxRssMb).toBeLessThan(MANY_KEYS_MAX_RSS_MB);
  }, CHILDREN_TEST_MS);
});
