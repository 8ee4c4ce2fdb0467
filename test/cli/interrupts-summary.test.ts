// An apply in a GitHub job that a second signal quits while it removes its lock still leaves what
// the run would have left had it ended then: its report (or its failure) in the job summary, and
// its failed writes as annotations, as an apply that finishes or is stopped earlier does. Before,
// the quit left the summary unwritten. Through the compiled CLI, with real signals, in text format.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { apiEnv } from '../apply/helpers.js';
import { cleanupTrees, writeTree } from '../desired/helpers.js';
import { quitAgain, runChild } from '../helpers/child-cli.js';
import { runCli } from '../helpers/cli.js';
import { lockDeleteHeld } from '../lock/helpers.js';

afterAll(cleanupTrees);

// The lock's delete is held by the emulator until the test ends: the first SIGINT comes once it
// arrives (the writes are done, the report decided), the second quits the run.
describe('a GitHub job summary, when a signal quits apply while it releases its lock', () => {
  it('its report, with the lock it may leave as a warning; its failed write as an annotation', async () => {
    // b's model is one the host does not serve: its create fails, a's is made.
    const { emu, arm, deleting, open } = await lockDeleteHeld({ strict: true, models: ['m'] });
    try {
      const root = writeTree({ 'assistants/a.yaml': 'model: m\n', 'assistants/b.yaml': 'model: nope\n' });
      const summary = join(root, 'summary.md');
      writeFileSync(summary, '');
      arm();
      const r = await runChild(['apply', '--yes'], { cwd: root, env: { ...apiEnv(emu.url), GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: summary }, deadlineMs: 120_000, signal: { name: 'SIGINT', when: deleting, again: quitAgain('SIGINT') } });
      expect(r.killed).toBe(false);
      expect(r.code, r.stderr).toBe(130);
      expect(r.stderr).toContain('aac: interrupted (SIGINT)\n');
      expect(r.stderr).toMatch(/^::error file=assistants\/b\.yaml,line=1,col=1,title=aac apply-failed::create of 'b' failed: /m);
      const written = readFileSync(summary, 'utf8');
      expect(written).toMatch(/^### aac apply\n\n\*\*Apply failed: 1 created, 0 modified, 0 deleted, 1 failed\.\*\*\n\n\*\*⚠️ Warning:\*\* `+the lock \S+ on the namespace '[^']+' may be left behind: its delete was sent and not answered; /);
      expect(written).toMatch(/\| `\+` \| `b` \| {2}\| \*\*failed\*\*: /);
      // Written once.
      expect(written.match(/### aac apply/g)).toHaveLength(1);
    } finally {
      open();
      await emu.close();
    }
  }, 150_000);

  it('a refused apply: its refusal, as a run no signal stops writes it', async () => {
    const { emu, arm, deleting, open } = await lockDeleteHeld();
    try {
      const root = writeTree({ 'assistants/a.yaml': 'model: m\n' });
      const summary = join(root, 'summary.md');
      const env = { ...apiEnv(emu.url), GITHUB_STEP_SUMMARY: summary };
      // A saved plan the live state moved past: refused under the lock, before any write.
      expect((await runCli(['plan', '--out', 'p.json'], { cwd: root, env })).code).toBe(0);
      expect((await runCli(['apply', '--yes'], { cwd: root, env })).code).toBe(0);
      writeFileSync(summary, '');
      const refused = await runCli(['apply', 'p.json'], { cwd: root, env });
      expect(refused.code, refused.stderr).toBe(1);
      const expected = readFileSync(summary, 'utf8');
      expect(expected).toContain('**⛔ Refused (`plan-applied`)**');
      writeFileSync(summary, '');
      arm();
      const r = await runChild(['apply', 'p.json'], { cwd: root, env, deadlineMs: 120_000, signal: { name: 'SIGINT', when: deleting, again: quitAgain('SIGINT') } });
      expect(r.killed).toBe(false);
      expect(r.code, r.stderr).toBe(130);
      expect(readFileSync(summary, 'utf8')).toBe(expected);
    } finally {
      open();
      await emu.close();
    }
  }, 150_000);
});
