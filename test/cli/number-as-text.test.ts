// A number written as text where a number is wanted is told the number, and a field counted in
// milliseconds says so: `timeout_ms: "30s"` (or `30s`, `"30000"`) → `timeout_ms: 30000`, in aac.yaml,
// a definition, and the emulator's --latency alike.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { cleanupTrees, writeTree } from '../desired/helpers.js';

afterAll(cleanupTrees);

const AGENT = 'name: helper\ndefinition:\n  kind: prompt\n  model: gpt-4o\n';

describe('a number written as text', () => {
  it.each([['"30s"', 'write it in milliseconds'], ['30s', 'write it in milliseconds'], ['0.5m', 'write it in milliseconds'], ['"30000"', 'write it without quotes']])(
    'timeout_ms: %s is told it counts milliseconds, and the number',
    async (written, how) => {
      const root = writeTree({ 'agents/aac.yaml': `provider: foundry-agents\noptions:\n  timeout_ms: ${written}\n`, 'agents/helper.yaml': AGENT });
      const r = await runCli(['validate', '--dir', 'agents', '--no-color'], { cwd: root });
      expect(r.code).toBe(1);
      expect(r.stdout).toContain(
        'agents/aac.yaml:3:15: error: options.timeout_ms must be an integer (milliseconds), not a string [options.timeout_ms]\n' +
          `  hint: ${how}, as a number: \`timeout_ms: 30000\`\n`,
      );
      // What the hint writes is valid.
      writeFileSync(join(root, 'agents/aac.yaml'), 'provider: foundry-agents\noptions:\n  timeout_ms: 30000\n');
      expect((await runCli(['validate', '--dir', 'agents'], { cwd: root })).code).toBe(0);
    },
  );

  it('is told the number where it means none, or one out of range, with the unit and no number', async () => {
    for (const written of ['soon', '30m']) {
      const root = writeTree({ 'agents/aac.yaml': `provider: foundry-agents\noptions:\n  timeout_ms: ${written}\n`, 'agents/helper.yaml': AGENT });
      const r = await runCli(['validate', '--dir', 'agents', '--no-color'], { cwd: root });
      expect(r.stdout).toContain('error: options.timeout_ms must be an integer (milliseconds), not a string [options.timeout_ms]\n  hint: set options.timeout_ms to an integer\n');
    }
  });

  it('in a quoted count or a definition\'s number, is told to drop the quotes', async () => {
    const root = writeTree({
      'agents/aac.yaml': 'provider: foundry-agents\noptions:\n  concurrency: "4"\n',
      'agents/helper.yaml': `${AGENT}  temperature: "0.3"\n`,
    });
    const r = await runCli(['validate', '--dir', 'agents', '--no-color'], { cwd: root });
    expect(r.stdout).toContain('error: options.concurrency must be an integer, not a string [options.concurrency]\n  hint: write it without quotes, as a number: `concurrency: 4`\n');
    expect(r.stdout).toContain("error: definition.temperature must be a number, not the string '0.3' [definition.temperature]\n  hint: write it without quotes, as a number: `temperature: 0.3`\n");
  });

  it('the emulator\'s --latency, counted in milliseconds, is told the number a duration means', async () => {
    const r = await runCli(['emulator', '--latency', '2s']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("--latency must be an integer (milliseconds) from 0 to 600000, not '2s'\n  write it in milliseconds: --latency 2000\n");
  });
});
