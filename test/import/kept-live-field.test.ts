// A live file_search `ranking_options.hybrid_search` (set by another client; the Assistants API's
// schema has no such member, so a definition cannot write it) is never wiped by an update that
// sends the tools: plan says it is sent back as it is, and the live assistant keeps it after a
// one-field apply. The CLI against the emulator over loopback, from an import.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';

const KEY = 'test-key-for-import';
const HYBRID = { embedding_weight: 0.7, text_weight: 0.3 };

test('a one-field apply to a file_search tool keeps its live hybrid_search, and plan says it does', async () => {
  const emu = await testEmulator({ provider: 'openai', apiKey: KEY });
  const cwd = testDir('aac-kept-live-');
  const [id] = emu.seed([{
    model: 'gpt-4o',
    name: 'hybrid',
    tools: [{ type: 'file_search', file_search: { ranking_options: { ranker: 'auto', score_threshold: 0.2, hybrid_search: HYBRID } } }],
  }]).map((r) => String(r.id));
  const aac = (...argv: string[]) => runCli([...argv, '--namespace', 'team-a'], { cwd, env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: emu.url } });
  const liveRanking = () => {
    const live = emu.resources().find((r) => r.id === id) as { tools: Array<{ file_search: { ranking_options: Record<string, unknown> } }> };
    return live.tools[0]!.file_search.ranking_options;
  };

  const imported = await aac('import');
  expect(imported.code, imported.stderr).toBe(0);
  expect(imported.stdout).toContain('! the live tools[0].file_search.ranking_options.hybrid_search {"embedding_weight":0.7,"text_weight":0.3} is not written: a definition cannot hold it; every update keeps it as it is');
  expect(JSON.parse((await aac('import', '--dry-run', '--force', '--format', 'json')).stdout).imported[0].kept_live)
    .toEqual(['tools[0].file_search.ranking_options.hybrid_search {"embedding_weight":0.7,"text_weight":0.3}']);
  expect((await aac('apply', '--yes')).code).toBe(0);
  expect(liveRanking().hybrid_search).toEqual(HYBRID);

  const file = join(cwd, 'assistants', 'hybrid.yaml');
  writeFileSync(file, readFileSync(file, 'utf8').replace('score_threshold: 0.2', 'score_threshold: 0.25'));
  const plan = await aac('plan');
  expect(plan.code, plan.stderr).toBe(0);
  expect(plan.stderr).toMatch(/assistants\/hybrid\.yaml:\d+:\d+: warning: the live tools/);
  expect(plan.stderr).toContain('warning: the live tools[0].file_search.ranking_options.hybrid_search {"embedding_weight":0.7,"text_weight":0.3} is sent back as it is');

  const applied = await aac('apply', '--yes');
  expect(applied.code, applied.stderr).toBe(0);
  expect(liveRanking()).toMatchObject({ score_threshold: 0.25, hybrid_search: HYBRID });
  const after = await aac('plan', '--detailed-exitcode');
  expect(after.code, after.stdout).toBe(0);
});
