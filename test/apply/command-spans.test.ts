// A command aac suggests, in backticks in its text and its markdown, stays one code span whatever
// the run's flags hold: a `--dir` with a backtick and a `|` in it is shown whole, in the log as in
// the job summary GitHub renders.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { harness, recordingProxy, type Harness } from './helpers.js';
import { renderGfm } from '../helpers/gfm.js';
import { testDir } from '../helpers/each-test.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** The text of every code span in rendered HTML, entities decoded. */
function spans(html: string): string[] {
  return [...html.matchAll(/<code>([\s\S]*?)<\/code>/g)].map((m) => m[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&'));
}

describe('a suggested command whose --dir holds a backtick and a pipe', () => {
  it('is one code span in the log and in the job summary, the directory quoted for the shell', async () => {
    h = await harness({ 'support/billing': { model: 'gpt-4o', name: 'Billing' }, 'support/triage': { model: 'gpt-4o', name: 'Triage' } });
    const dir = 'we`ird|dir';
    renameSync(join(h.ws.root, 'assistants'), join(h.ws.root, dir));
    // Billing's create is refused as invalid, so the run ends with its next steps.
    const proxy = await recordingProxy(h.emu.url, (req) => (req.method === 'POST' && (req.body as { name?: string } | undefined)?.name === 'Billing' ? { status: 400, message: 'temperature is not allowed here' } : undefined));
    try {
      const summaryFile = join(testDir('aac-summary-'), 'summary.md');
      writeFileSync(summaryFile, '');
      const r = await h.cli(['apply', '-lock=false', '--yes', '--namespace', 'test', '--dir', dir], { env: { OPENAI_BASE_URL: proxy.url, GITHUB_STEP_SUMMARY: summaryFile } });
      expect(r.code, r.stderr).toBe(1);
      const plan = "aac plan --dir 'we`ird|dir' --namespace test";
      const apply = "aac apply --yes --dir 'we`ird|dir' --namespace test";
      // The log: each command in a fence longer than its backtick, so where it ends is plain.
      expect(r.stdout).toContain(`Running \`\`${apply}\`\` again would be refused the same way until this is changed:`);
      expect(r.stdout).toContain(`Then run \`\`${plan}\`\` to see what is left, and \`\`${apply}\`\` again to finish.`);
      // The job summary as GitHub renders it: each command one code span, whole.
      const code = spans(renderGfm(readFileSync(summaryFile, 'utf8')));
      expect(code).toContain(plan);
      expect(code).toContain(apply);
    } finally {
      await proxy.close();
    }
  });
});
