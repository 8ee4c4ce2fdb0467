// `aac import` never writes a definition that validate refuses: a live resource can hold what a
// definition may not (here the API's 16 metadata pairs, one of which aac keeps for its marker), and
// such a file would plan nothing at all. The CLI against each kind's emulator over loopback.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';

const KEY = 'test-key-for-import';
const SIXTEEN = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`k${i + 1}`, 'v']));
const FOUNDRY = (url: string) => ({ AAC_FOUNDRY_TOKEN: KEY, AZURE_AI_PROJECT_ENDPOINT: url });
const OPENAI = (url: string) => ({ OPENAI_API_KEY: KEY, OPENAI_BASE_URL: url });

const KINDS = [
  { provider: 'openai', env: OPENAI, full: { model: 'gpt-4o', name: 'Full', metadata: SIXTEEN }, fits: { model: 'gpt-4o', name: 'Fits', metadata: { team: 'a' } } },
  { provider: 'openai-agents', env: OPENAI, full: { model: 'gpt-5', name: 'Full', metadata: SIXTEEN }, fits: { model: 'gpt-5', name: 'Fits', metadata: { team: 'a' } } },
  {
    provider: 'foundry-agents', env: FOUNDRY,
    full: { name: 'full', metadata: SIXTEEN, definition: { kind: 'prompt', model: 'gpt-4o' } },
    fits: { name: 'fits', metadata: { team: 'a' }, definition: { kind: 'prompt', model: 'gpt-4o' } },
  },
] as const;

for (const { provider, env, full, fits } of KINDS) {
  test(`${provider}: a resource with 16 metadata pairs is refused, naming it, the file and the field; nothing is written`, async () => {
    const emu = await testEmulator({ provider, apiKey: KEY });
    const cwd = testDir('aac-import-valid-');
    const [fullId] = emu.seed([full as unknown as Record<string, unknown>]).map((r) => String(r.id));
    emu.seed([fits as unknown as Record<string, unknown>]);
    const aac = (...argv: string[]) => runCli([...argv, '--provider', provider, '--namespace', 'team-a'], { cwd, env: env(emu.url) });

    const refused = await aac('import');
    expect(refused.code, refused.stdout + refused.stderr).toBe(1);
    expect(refused.stderr).toContain('refusing to import');
    expect(refused.stderr).toMatch(new RegExp(`- ${fullId} → assistants/full\\.yaml:\\n +\\d+:\\d+: metadata has 16 pairs; at most 15`));
    expect(refused.stderr).toContain('nothing was written');
    expect(existsSync(join(cwd, 'assistants')) ? readdirSync(join(cwd, 'assistants')) : []).toEqual([]);

    // Left out, the rest imports, and the plan after it shows only the adoption.
    const [fitsId] = emu.resources().map((r) => String(r.id)).filter((id) => id !== fullId);
    expect((await aac('import', '--id', fitsId!)).code).toBe(0);
    const plan = await aac('plan', '--format', 'json');
    expect(plan.code, plan.stderr).toBe(0);
    expect(JSON.parse(plan.stdout).resource_changes.map((c: { adopt: boolean; changed_fields: string[] }) => [c.adopt, c.changed_fields])).toEqual([[true, []]]);
  });
}

test('openai-agents: a service tier only a response names (ultrafast) is the server\'s pick: left out, and the plan shows only the adoption', async () => {
  const emu = await testEmulator({ provider: 'openai-agents', apiKey: KEY });
  const cwd = testDir('aac-import-tier-');
  const [id] = emu.seed([{ model: 'gpt-5', name: 'Fast' }]).map((r) => String(r.id));
  emu.mutate(id!, { service_tier: 'ultrafast' });
  const aac = (...argv: string[]) => runCli([...argv, '--provider', 'openai-agents', '--namespace', 'team-a'], { cwd, env: OPENAI(emu.url) });
  const imported = await aac('import');
  expect(imported.code, imported.stdout + imported.stderr).toBe(0);
  expect(readFileSync(join(cwd, 'assistants', 'fast.yaml'), 'utf8')).not.toContain('service_tier');
  const plan = await aac('plan', '--format', 'json');
  expect(plan.code, plan.stderr).toBe(0);
  expect(JSON.parse(plan.stdout).resource_changes.map((c: { adopt: boolean; changed_fields: string[] }) => [c.adopt, c.changed_fields])).toEqual([[true, []]]);
});

test('openai-agents: an effort the server resolved for the model (medium) is its own pick: left out, and the plan shows only the adoption', async () => {
  const emu = await testEmulator({ provider: 'openai-agents', apiKey: KEY });
  const cwd = testDir('aac-import-effort-');
  emu.seed([{ model: 'gpt-5', name: 'Plain5' }, { model: 'gpt-5', name: 'Low5', reasoning: { effort: 'low' } }]);
  const aac = (...argv: string[]) => runCli([...argv, '--provider', 'openai-agents', '--namespace', 'team-a'], { cwd, env: OPENAI(emu.url) });
  const imported = await aac('import');
  expect(imported.code, imported.stdout + imported.stderr).toBe(0);
  expect(readFileSync(join(cwd, 'assistants', 'plain5.yaml'), 'utf8')).not.toContain('reasoning');
  expect(readFileSync(join(cwd, 'assistants', 'low5.yaml'), 'utf8')).toContain('effort: low');
  const plan = await aac('plan', '--format', 'json');
  expect(plan.code, plan.stderr).toBe(0);
  expect(JSON.parse(plan.stdout).resource_changes.map((c: { adopt: boolean; changed_fields: string[] }) => [c.adopt, c.changed_fields])).toEqual([[true, []], [true, []]]);
});
