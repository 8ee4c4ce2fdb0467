// The rename hint's YAML, followed literally, must read back as the key it names: a key with a
// comma, brackets or a leading `@` (all allowed in file names) is quoted where the plain form
// would be two keys, a list, or no YAML at all; the plan then moves the assistant, not recreates it.
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runCli } from '../helpers/cli.js';
import { makeProject } from '../plan/project.js';

const KEY = 'sk-test-hint-yaml-0000000000000000';
let emulators: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(emulators.map((e) => e.close()));
  emulators = [];
});

const HINT = /add `(moved_from: .*?)` \(the plan then moves it\), or keep the old key with `(key: .*?)`/;

describe('the rename hint prints YAML that reads back as the old key', () => {
  it.each([['a,b'], ['[x]'], ['@octocat'], ['fix-#12']])('%s: following either form of the hint, the plan moves it', async (old) => {
    const emu = await startEmulator({ apiKey: KEY });
    emulators.push(emu);
    const env = { OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: KEY };
    const cwd = makeProject({ [old]: { model: 'gpt-4o', name: 'Renamed', instructions: 'Be brief.' } });
    expect((await runCli(['apply', '--yes'], { cwd, env })).code).toBe(0);
    const file = join(cwd, 'assistants/renamed.yaml');
    renameSync(join(cwd, `assistants/${old}.yaml`), file);
    const body = readFileSync(file, 'utf8');
    const plan = await runCli(['plan'], { cwd, env });
    const [, movedFrom, key] = HINT.exec(plan.stdout) ?? [];
    expect(movedFrom, plan.stdout).toBeDefined();
    for (const line of [movedFrom!, key!]) {
      writeFileSync(file, `${line}\n${body}`);
      const valid = await runCli(['validate'], { cwd, env });
      expect(valid.code, `${line}: ${valid.stderr}`).toBe(0);
      const json = JSON.parse((await runCli(['plan', '--prune', '--format', 'json'], { cwd, env })).stdout);
      expect(json.summary, line).toMatchObject({ create: 0, delete: 0 });
      expect((await runCli(['plan', '--prune'], { cwd, env })).stdout, line).not.toMatch(HINT);
    }
  });
});
