// A header carries a credential by more than the names `Authorization`/`X-API-Key`: some servers
// take `Authentication:` or `Auth:`, and a value written as an HTTP authentication scheme and its
// credentials (`Bearer <token>`, `Basic <base64>`: RFC 9110 §11.4) is one whatever its header's
// name (`X-Upstream: Bearer …`, a gateway forwarding it). Each is refused in a definition's MCP
// headers at its path, never printed, and one added behind aac's back is [redacted] in the plan
// and the saved plan; a header whose value is words (`X-Mode: Bearer only`) is written as it is.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { API_KEY } from '../apply/helpers.js';
import { runCli } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';
import { MCP_HEADER_BACKENDS } from './mcp-header-backends.js';

const SECRET = 'hdrtok0123456789abcdefQRST';

describe.each(MCP_HEADER_BACKENDS)('$provider', (backend) => {
  test('Authentication, Auth and a Bearer or Basic value under any name are refused at their paths, never printed', async () => {
    const emu = await testEmulator({ provider: backend.provider, apiKey: API_KEY });
    const dir = testDir('aac-header-shapes-');
    mkdirSync(join(dir, 'agents'));
    const headers = `X-Mode: "Bearer only", Authentication: "${SECRET}", Auth: "${SECRET}", X-Upstream: "Bearer ${SECRET}", X-Forward: "basic ${Buffer.from(`u:${SECRET}`).toString('base64')}"`;
    writeFileSync(join(dir, 'agents', 'crm.yaml'), backend.definition(headers));
    const r = await runCli(['plan', '--provider', backend.provider, '--dir', 'agents'], { cwd: dir, env: backend.env(emu.url) });
    const out = r.stdout + r.stderr;
    expect(r.code, out).toBe(1);
    for (const name of ['Authentication', 'Auth']) expect(out).toContain(`${backend.headers}.${name} holds a credential (by its name`);
    for (const name of ['X-Upstream', 'X-Forward']) expect(out).toContain(`${backend.headers}["${name}"] holds a credential (an authentication scheme and its token`);
    expect(out).not.toContain('X-Mode');
    expect(out).not.toContain(SECRET);
    expect(out).not.toContain(Buffer.from(`u:${SECRET}`).toString('base64'));
    expect(emu.resources()).toEqual([]);
  });
});

test('a live Bearer value under a header of any name, added to an OpenAI agent behind aac\'s back, is [redacted] in the plan and the saved plan', async () => {
  const emu = await testEmulator({ provider: 'openai-agents', apiKey: API_KEY });
  const dir = testDir('aac-header-shapes-');
  mkdirSync(join(dir, 'agents'));
  writeFileSync(join(dir, 'agents', 'crm.yaml'), MCP_HEADER_BACKENDS[0]!.definition('X-Mode: "Bearer only"'));
  const aac = (...args: string[]) => runCli([...args, '--provider', 'openai-agents', '--dir', 'agents'], { cwd: dir, env: MCP_HEADER_BACKENDS[0]!.env(emu.url) });
  expect((await aac('apply', '--yes')).code).toBe(0);
  const agent = emu.resources()[0]!;
  const tool = (agent.tools as Array<Record<string, any>>)[0]!;
  emu.mutate(String(agent.id), { tools: [{ ...tool, transport: { ...tool.transport, headers: { ...tool.transport.headers, 'X-Upstream': `Bearer ${SECRET}` } } }] });
  const plan = await aac('plan', '--detailed-exitcode', '--out', 'plan.json');
  expect(plan.code, plan.stderr).toBe(2);
  expect(plan.stdout).toMatch(/X-Upstream = "\[redacted\]"/);
  expect(plan.stdout + plan.stderr).not.toContain(SECRET);
  expect(readFileSync(join(dir, 'plan.json'), 'utf8')).not.toContain(SECRET);
});
