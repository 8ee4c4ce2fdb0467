// When the lock's create is refused for what refuses every request of the run (the credentials:
// 401 or 403), apply says so with the listing's own fix, not that -lock=false applies without a
// lock (it would fail at the listing the same way). A refusal of the lock object alone keeps that
// hint. Over HTTP against the emulator (and a proxy that answers for it).
import { afterEach, expect, it } from 'vitest';
import { apiEnv, harness, recordingProxy, type Harness } from '../apply/helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

it('a wrong key: the credentials error with its fix, as the listing gives it, and no -lock=false', async () => {
  h = await harness({ a1: { model: 'gpt-4o', name: 'A1' } });
  const listing = await h.cli(['plan'], { env: { OPENAI_API_KEY: 'sk-another-key-000000000000' } });
  const applied = await h.cli(['apply', '--yes'], { env: { OPENAI_API_KEY: 'sk-another-key-000000000000' } });
  expect(applied.code).toBe(1);
  expect(applied.stderr).toContain('refused the credentials');
  expect(applied.stderr).toContain('check OPENAI_API_KEY');
  expect(applied.stderr).not.toContain('-lock=false');
  // The same words as the listing's 401, for the same fault; apply's say too that it changed nothing.
  expect(applied.stderr).toContain('; nothing was changed\n');
  expect(applied.stderr.replace("creating assistant 'aac lock'", 'X').replace('; nothing was changed\n', '\n')).toBe(listing.stderr.replace('listing assistants', 'X'));
  expect(h.emu.resources()).toEqual([]);
});

it('403 on the lock: the credentials taken but not allowed it, never "refused"; 400 on the lock alone: -lock=false is offered', async () => {
  h = await harness({ a1: { model: 'gpt-4o', name: 'A1' } });
  for (const [status, offered] of [[403, false], [400, true]] as const) {
    const proxy = await recordingProxy(h.emu.url, (req) => (req.method === 'POST' ? { status, message: 'no' } : undefined));
    try {
      const applied = await h.cli(['apply', '--yes'], { env: apiEnv(proxy.url) });
      expect(applied.code).toBe(1);
      expect(applied.stderr.includes('-lock=false applies without one'), applied.stderr).toBe(offered);
      if (!offered) {
        // Said as the run's lock, what it is and that writing needs write access, then the host's own error, its status kept.
        expect(applied.stderr).toBe(
          `Error: could not take the lock on the namespace 'test', so nothing was changed: the lock is an assistant that aac creates for the length of the run and deletes as it ends (see "The lock" in the README), which needs credentials with write access, as the run's own changes do, -lock=false or not; openai accepted the credentials but did not allow creating assistant 'aac lock' (403): no\n  give these credentials the permission for it (a key or role allowed to do it), or use credentials that have it: check OPENAI_API_KEY (and OPENAI_ORG_ID / OPENAI_PROJECT_ID if set)\n`,
        );
        expect(applied.stderr).not.toContain('refused the credentials');
      }
    } finally {
      await proxy.close();
    }
  }
});
