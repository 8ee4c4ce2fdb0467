// A create that meets a concurrent apply's copy of its key: this run's copy is deleted after the
// actions (apply/settle.ts), and the log, which said `created <id>` as the create finished, says
// so right after that delete, not only in the closing report: a run that dies before its end
// never leaves a log naming a deleted copy as created without a word.
import { describe, expect, it } from 'vitest';
import { TEST_MARKER } from '../helpers/cli.js';
import { harness, recordingProxy } from './helpers.js';

describe("a create whose key a concurrent apply created too", () => {
  it("on a log (no terminal), the create's line is followed at once by its revision: this run's copy deleted, the other kept", async () => {
    const h = await harness({ a: { model: 'gpt-4o' } });
    // While this run's create is on its way, another apply's copy of 'a', older, appears.
    const proxy = await recordingProxy(h.emu.url, (req) => {
      if (req.method === 'POST' && req.path.endsWith('/assistants')) h.emu.seed([{ model: 'gpt-4o', created_at: Math.floor(Date.now() / 1000) - 60, metadata: { [TEST_MARKER]: 'a' } }]);
      return undefined;
    });
    try {
      const r = await h.cli(['apply', '-lock=false', '--yes'], { env: { OPENAI_BASE_URL: proxy.url } });
      expect(r.code, r.stderr).toBe(0);
      const [kept, mine] = [...h.emu.resources().map((a) => a.id as string), ...proxy.requests.filter((q) => q.method === 'DELETE').map((q) => q.path.split('/').pop()!)];
      expect(h.emu.resources()).toHaveLength(1);
      const lines = r.stdout.split('\n');
      const created = lines.indexOf(`+ a: created ${mine!}`);
      expect(created, r.stdout).toBeGreaterThan(-1);
      expect(lines.slice(created + 1, created + 3)).toEqual([
        `+ a: created by a concurrent apply: ${kept!}`,
        `    warning: another apply created 'a' at the same time; its copy ${kept!} is older and kept, this run's ${mine!} was deleted`,
      ]);
      expect(lines[created + 4]).toBe('Apply complete: 0 created, 0 modified, 0 deleted, 1 created by a concurrent apply.');
    } finally {
      await proxy.close();
      await h.close();
    }
  });
});
