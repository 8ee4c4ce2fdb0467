// Headers that carry a key by a name ending in `-Key` — Azure API Management's
// `Ocp-Apim-Subscription-Key`, Azure Functions' `x-functions-key`, the MCP servers a Foundry agent
// most often calls — are credentials by their place, as `X-API-Key` is: validate refuses one
// written into an MCP tool's headers, never printing it, and a live one added behind aac's back is
// [redacted] in the plan and the saved plan. aac's own --debug lines already redact the first.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { API_KEY } from '../apply/helpers.js';
import { runCli } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';
import { MCP_HEADER_BACKENDS } from './mcp-header-backends.js';

const SECRET = 'apim-subscription-0123456789abcdef';

describe.each(MCP_HEADER_BACKENDS)('$provider', (backend) => {
  test('Ocp-Apim-Subscription-Key and x-functions-key written into an MCP tool are refused at their paths, never printed', async () => {
    const emu = await testEmulator({ provider: backend.provider, apiKey: API_KEY });
    const dir = testDir('aac-key-headers-');
    mkdirSync(join(dir, 'agents'));
    writeFileSync(join(dir, 'agents', 'crm.yaml'), backend.definition(`X-Tenant: t1, Ocp-Apim-Subscription-Key: "${SECRET}", x-functions-key: "${SECRET}"`));
    const r = await runCli(['plan', '--provider', backend.provider, '--dir', 'agents'], { cwd: dir, env: backend.env(emu.url) });
    expect(r.code).toBe(1);
    const out = r.stdout + r.stderr;
    expect(out).toContain(`${backend.headers}["Ocp-Apim-Subscription-Key"] holds a credential`);
    expect(out).toContain(`${backend.headers}["x-functions-key"] holds a credential`);
    expect(out).not.toContain('X-Tenant');
    expect(out).not.toContain(SECRET);
    expect(emu.resources()).toEqual([]);
  });
});

test('a live Ocp-Apim-Subscription-Key added to an OpenAI agent behind aac\'s back is [redacted] in the plan and the saved plan', async () => {
  const emu = await testEmulator({ provider: 'openai-agents', apiKey: API_KEY });
  const dir = testDir('aac-key-headers-');
  mkdirSync(join(dir, 'agents'));
  writeFileSync(join(dir, 'agents', 'crm.yaml'), MCP_HEADER_BACKENDS[0]!.definition('X-Tenant: t1'));
  const aac = (...args: string[]) => runCli([...args, '--provider', 'openai-agents', '--dir', 'agents'], { cwd: dir, env: MCP_HEADER_BACKENDS[0]!.env(emu.url) });
  expect((await aac('apply', '--yes')).code).toBe(0);
  const agent = emu.resources()[0]!;
  const tool = (agent.tools as Array<Record<string, any>>)[0]!;
  emu.mutate(String(agent.id), { tools: [{ ...tool, transport: { ...tool.transport, headers: { ...tool.transport.headers, 'Ocp-Apim-Subscription-Key': SECRET } } }] });
  const plan = await aac('plan', '--detailed-exitcode', '--out', 'plan.json');
  expect(plan.code, plan.stderr).toBe(2);
  expect(plan.stdout).toMatch(/Ocp-Apim-Subscription-Key = "\[redacted\]"/);
  expect(plan.stdout + plan.stderr).not.toContain(SECRET);
  expect(readFileSync(join(dir, 'plan.json'), 'utf8')).not.toContain(SECRET);
});
