// Live text is data, never a workflow command: under GitHub Actions the plan is wrapped in
// `::stop-commands::<token>` … `::<token>::`, so a prompt line `::error …` stays text.
import { describe, expect, it } from 'vitest';
import { harness } from '../apply/helpers.js';
import { TEST_MARKER } from '../helpers/cli.js';

describe('workflow commands from data', () => {
  it.each(['text', 'markdown'])('plan --format %s pauses workflow commands around the plan, with a fresh token each run', async (format) => {
    const h = await harness({ bot: { model: 'm', instructions: 'Be kind.\n' } });
    try {
      h.emu.seed([{ model: 'm', instructions: 'Be kind.\n  ::add-mask::x\n::error title=pwned::owned\n', metadata: { [TEST_MARKER]: 'bot' } }]);
      const tokens: string[] = [];
      for (let run = 0; run < 2; run++) {
        const r = await h.cli(['plan', '--format', format], { env: { GITHUB_ACTIONS: 'true' } });
        expect(r.code).toBe(0);
        const lines = r.stdout.split('\n');
        const start = lines.findIndex((l) => /^::stop-commands::[0-9a-f]{32}$/.test(l));
        expect(start).toBeGreaterThanOrEqual(0);
        const token = lines[start]!.slice('::stop-commands::'.length);
        const end = lines.indexOf(`::${token}::`);
        const command = lines.findIndex((l) => l.trimStart().includes('::error title=pwned::owned'));
        expect(command).toBeGreaterThan(start);
        expect(end).toBeGreaterThan(command);
        tokens.push(token);
      }
      expect(tokens[0]).not.toBe(tokens[1]);
    } finally {
      await h.close();
    }
  });
});
