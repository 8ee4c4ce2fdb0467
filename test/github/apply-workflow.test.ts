// The reusable apply workflow's own shell steps against the emulator: it applies with --yes,
// prunes only when asked, and a failed apply leaves its log in the job summary, without the key.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { MARKER_KEY } from '../../src/model/assistant.js';
import { jobSteps, Runner, secretExpressions, toolsOnPath } from './workflow-runner.js';

const step = jobSteps('aac-apply.yml', 'apply');

const KEY = 'sk-test-apply-5ecret-3333333333333333';

let bin: string;
beforeAll(() => {
  bin = toolsOnPath();
});

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.close();
});

async function applyJob(over: Record<string, string>) {
  const ws = mkdtempSync(join(tmpdir(), 'aac-repo-'));
  mkdirSync(join(ws, 'assistants'));
  writeFileSync(join(ws, 'assistants', 'support.yaml'), 'model: gpt-4o-mini\nname: Support\n');
  const runner = new Runner(ws, {
    'inputs.dir': 'assistants',
    'inputs.working-directory': '.',
    'inputs.provider': '',
    'inputs.endpoint': emu!.url,
    'inputs.prune': 'false',
    ...secretExpressions({ OPENAI_API_KEY: KEY }),
    ...over,
  });
  runner.addPath(bin);
  const validate = await runner.run(step('Validate'));
  expect(validate.code, validate.stdout + validate.stderr).toBe(0);
  const apply = await runner.run(step('Apply'));
  return { apply, summary: readFileSync(runner.summary, 'utf8') };
}

describe('aac-apply.yml, step by step', () => {
  it('applies with --yes, and deletes an orphan only with prune', async () => {
    emu = await startEmulator({ apiKey: KEY });
    emu.seed([{ model: 'gpt-4o-mini', name: 'Old', metadata: { [MARKER_KEY]: 'old' } }]);

    const kept = await applyJob({});
    expect(kept.apply.code, kept.apply.stdout).toBe(0);
    expect(emu.assistants().map((a) => a.name).sort()).toEqual(['Old', 'Support']);
    expect(kept.summary).not.toContain('aac apply failed');

    const pruned = await applyJob({ 'inputs.prune': 'true' });
    expect(pruned.apply.code, pruned.apply.stdout).toBe(0);
    expect(emu.assistants().map((a) => a.name)).toEqual(['Support']);
  });

  it('fails with the log in the job summary when the API refuses, and never shows the key', async () => {
    emu = await startEmulator({ apiKey: KEY });
    const wrong = 'sk-test-wrong-5ecret-4444444444444444';
    const { apply, summary } = await applyJob({ 'secrets.OPENAI_API_KEY': wrong });
    expect(apply.code).toBe(1);
    expect(summary).toContain('### ❌ aac apply failed: `assistants`');
    expect(summary).toMatch(/Error: /);
    expect(summary + apply.stdout + apply.stderr).not.toContain(wrong);
    expect(emu.assistants()).toEqual([]);
  });
});
