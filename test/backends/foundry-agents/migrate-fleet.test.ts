// The migration's input as it really comes: a Foundry classic fleet on the classic emulator,
// imported with `aac import`, loaded as definitions; every file converts to one the new API takes,
// except the deliberately lossy one, whose losses are named.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterEach, expect, test } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/index.js';
import { loadDefinitions } from '../../../src/desired/index.js';
import { migrateFleet } from '../../../src/backends/foundry-agents/migrate.js';
import type { AssistantSpec } from '../../../src/backends/assistants/assistant.js';
import { foundryAgentsValidators } from '../../../src/backends/foundry-agents/spec.js';
import { wireDefinition } from '../../../src/backends/foundry-agents/wire.js';
import { runCli } from '../../helpers/cli.js';
import { classicFleet, LOSSY } from './classic-fleet.js';

const fileSchema = new Ajv2020({ strict: false }).compile(JSON.parse(readFileSync(new URL('../../../schema/foundry-agent.schema.json', import.meta.url), 'utf8')));
let emu: RunningEmulator | undefined;
let dir: string | undefined;
afterEach(async () => {
  await emu?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('an imported classic fleet of 30 converts; the lossy one is listed by file and field', async () => {
  emu = await startEmulator({ provider: 'foundry' });
  emu.seed([...classicFleet(30), LOSSY]);
  dir = mkdtempSync(join(tmpdir(), 'aac-migrate-'));
  const env = { AZURE_AI_PROJECT_ENDPOINT: emu.url, AAC_FOUNDRY_TOKEN: 'entra-token' };
  const imported = await runCli(['import', '--provider', 'foundry', '--dir', join(dir, 'classic')], { cwd: dir, env });
  expect(imported.code, imported.stderr).toBe(0);
  const loaded = await loadDefinitions(join(dir, 'classic'), { cwd: dir, provider: 'foundry' });
  expect(loaded.diagnostics).toEqual([]);
  expect(loaded.definitions).toHaveLength(31);

  const result = migrateFleet(loaded.definitions.map((d) => ({ file: d.file, key: d.key, spec: d.spec as unknown as AssistantSpec })));
  expect(result.conflicts).toEqual([]);
  expect(result.losses.map((l) => [l.file, l.field])).toEqual([['classic/news-desk.yaml', 'tools[0]']]);
  const official = foundryAgentsValidators().operation('POST /agents')!.body!;
  for (const { agent, source } of result.agents) {
    expect(fileSchema(agent), `${source.file}: ${JSON.stringify(fileSchema.errors)}`).toBe(true);
    expect(official({ ...agent, definition: wireDefinition(agent.definition) }), source.file).toBe(true);
  }
  const names = result.agents.map((a) => a.agent.name);
  expect(names).toContain('cafe-bot');
  expect(names).toContain('support-agent-29');
  // Tool resources folded in: agent 1 has code_interpreter files; agent 3 a file_search store.
  const byName = Object.fromEntries(result.agents.map((a) => [a.agent.name, a.agent]));
  expect(byName['support-agent-1']!.definition.tools).toContainEqual({ type: 'code_interpreter', container: { type: 'auto', file_ids: ['assistant-file-1a', 'assistant-file-1b'] } });
  expect(byName['support-agent-3']!.definition.tools).toContainEqual({ type: 'file_search', vector_store_ids: ['vs_3'] });
  expect(byName['support-agent-4']!.definition.text).toEqual({ format: { type: 'json_schema', name: 'answer', description: 'One answer.', schema: { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] } } });
});
