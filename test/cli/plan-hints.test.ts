// Hints a plan gives where Terraform's habits would mislead: a file renamed without `moved_from:`,
// a saved plan applied twice, a saved plan made stale by an aac.yaml value (not a file).
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runCli } from '../helpers/cli.js';
import { makeProject } from '../plan/project.js';

const KEY = 'sk-test-hints-00000000000000000';
let emulators: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(emulators.map((e) => e.close()));
  emulators = [];
});
async function start(): Promise<{ emu: RunningEmulator; env: Record<string, string> }> {
  const emu = await startEmulator({ apiKey: KEY });
  emulators.push(emu);
  return { emu, env: { OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: KEY } };
}

const CAFE = { model: 'gpt-4o', name: 'Cafe', instructions: 'You take coffee orders.' };
const HINT = "'cafe' (assistants/cafe.yaml) would be created as 'cafe-bot' (asst_";
const MOVED = 'if this file was moved or renamed, add `moved_from: [cafe-bot]` (the plan then moves it), or keep the old key with `key: cafe-bot`';

describe('a file renamed without moved_from', () => {
  it('plan notes that the create repeats an orphan, with the hint a pin gets, and plans the same changes', async () => {
    const { env } = await start();
    const cwd = makeProject({ 'cafe-bot': CAFE });
    expect((await runCli(['apply', '--yes'], { cwd, env })).code).toBe(0);
    renameSync(join(cwd, 'assistants/cafe-bot.yaml'), join(cwd, 'assistants/cafe.yaml'));
    for (const prune of [['--prune'], []]) {
      const text = await runCli(['plan', ...prune], { cwd, env });
      expect(text.code).toBe(0);
      expect(text.stdout).toContain('+ cafe');
      expect(text.stdout).toContain(HINT);
      expect(text.stdout).toContain(MOVED);
      const md = await runCli(['plan', ...prune, '--format', 'markdown'], { cwd, env });
      expect(md.stdout).toContain('`moved_from: [cafe-bot]`');
      const json = JSON.parse((await runCli(['plan', ...prune, '--format', 'json'], { cwd, env })).stdout);
      const create = json.resource_changes.find((c: { key: string }) => c.key === 'cafe');
      expect(create.actions).toEqual(['create']);
      expect(create.likely_moved_from).toBe('cafe-bot');
      expect(json.resource_changes.find((c: { key: string }) => c.key === 'cafe-bot').actions).toEqual([prune.length > 0 ? 'delete' : 'no-op']);
    }
    // A saved plan shows it again, and applies as planned.
    expect((await runCli(['plan', '--prune', '--out', 'p.json'], { cwd, env })).code).toBe(0);
    expect((await runCli(['show', 'p.json'], { cwd, env })).stdout).toContain(HINT);
    // With the hint followed, it is a move.
    writeFileSync(join(cwd, 'assistants/cafe.yaml'), `moved_from: [cafe-bot]\n${readFileSync(join(cwd, 'assistants/cafe.yaml'), 'utf8')}`);
    const moved = await runCli(['plan', '--prune'], { cwd, env });
    expect(moved.stdout).toContain('(moved from cafe-bot)');
    expect(moved.stdout).not.toContain(HINT);
  });

  it('says nothing when the create differs, or when the match is not one to one', async () => {
    const { env } = await start();
    const cwd = makeProject({ a: CAFE, b: CAFE, c: { ...CAFE, name: 'Other' } });
    expect((await runCli(['apply', '--yes'], { cwd, env })).code).toBe(0);
    renameSync(join(cwd, 'assistants/a.yaml'), join(cwd, 'assistants/x.yaml'));
    renameSync(join(cwd, 'assistants/b.yaml'), join(cwd, 'assistants/y.yaml'));
    writeFileSync(join(cwd, 'assistants/z.yaml'), 'model: gpt-4o\nname: Changed\ninstructions: You take coffee orders.\n');
    renameSync(join(cwd, 'assistants/c.yaml'), join(cwd, 'assistants/old-c.yaml.bak'));
    const json = JSON.parse((await runCli(['plan', '--format', 'json'], { cwd, env })).stdout);
    expect(json.resource_changes.filter((c: { actions: string[] }) => c.actions[0] === 'create')).toHaveLength(3);
    for (const c of json.resource_changes) expect(c.likely_moved_from).toBeUndefined();
    expect((await runCli(['plan'], { cwd, env })).stdout).not.toContain('moved_from');
  });
});
