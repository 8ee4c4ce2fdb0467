// Live text is data, never a workflow command: under GitHub Actions the plan is wrapped in
// `::stop-commands::<token>` … `::<token>::`, so a prompt line `::error …` stays text; so are the
// diagnostics validate and plan print, which quote file names, while aac's own annotations stay
// outside the pause to be obeyed.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { harness } from '../apply/helpers.js';
import { TEST_MARKER } from '../helpers/cli.js';
import { obeyed } from './obeyed.js';

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
  it('validate and plan print diagnostics paused too: a file named like a command is data; aac\'s own annotations are obeyed', async () => {
    const h = await harness();
    try {
      writeFileSync(join(h.ws.root, 'assistants', '::warning::pwned.yaml'), 'model: m\ntemperatur: 1\n');
      for (const argv of [['validate'], ['plan']]) {
        // Run inside the directory, so the file's name starts the diagnostic's line, as a command would.
        const r = await h.cli([...argv, '--dir', '.'], { cwd: join(h.ws.root, 'assistants'), env: { GITHUB_ACTIONS: 'true' } });
        expect(r.code, argv.join(' ')).toBe(1);
        const all = `${r.stdout}\n${r.stderr}`;
        // The diagnostic's line is printed, inside a pause: never obeyed as `::warning::pwned…`.
        expect(all).toMatch(/^::warning::pwned\.yaml:2:1: error: unknown field 'temperatur'/m);
        const commands = [...obeyed(r.stdout), ...obeyed(r.stderr)];
        expect(commands.filter((c) => !/^::(error|warning) file=/.test(c)), argv.join(' ')).toEqual([]);
        // aac's own annotation of the error is obeyed, its file name escaped.
        expect(commands.some((c) => c.startsWith('::error file=') && c.includes('%3A%3Awarning%3A%3Apwned.yaml,line=2'))).toBe(true);
      }
      expect(h.emu.resources()).toEqual([]);
    } finally {
      await h.close();
    }
  });
});
