// A URL the host calls (an MCP server's) carries a credential in more places than `?key=`/`?sig=`:
// Azure Functions takes its function key as `?code=` (an MCP server hosted there is called at
// `…/runtime/webhooks/mcp/sse?code=<key>`), basic schemes put it in `?auth=` or `?pwd=`, and OAuth's
// implicit grant returns its token in the fragment (`#access_token=…`, RFC 6749 §4.2.2). Each is
// refused in a definition at its path, naming the part and never the value, and one added to a live
// agent behind aac's back is [redacted] in the plan and the saved plan, the server still named.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { API_KEY } from '../apply/helpers.js';
import { runCli } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';

const SECRET = 'fnkey0123456789abcdefQRST';

const BACKENDS = [
  {
    provider: 'openai-agents',
    env: (url: string) => ({ OPENAI_BASE_URL: url, OPENAI_API_KEY: API_KEY }),
    definition: (serverUrl: string) => `model: gpt-5\nname: Crm\ntools:\n  - type: mcp\n    server_label: crm\n    transport: {type: http, server_url: "${serverUrl}"}\n`,
    url: 'tools[0].transport.server_url',
  },
  {
    provider: 'foundry-agents',
    env: (url: string) => ({ AZURE_AI_PROJECT_ENDPOINT: url, AAC_FOUNDRY_TOKEN: API_KEY }),
    definition: (serverUrl: string) => `name: crm\ndefinition:\n  kind: prompt\n  model: gpt-4o\n  tools:\n    - {type: mcp, server_label: crm, server_url: "${serverUrl}"}\n`,
    url: 'definition.tools[0].server_url',
  },
];

const URLS = [
  { url: `https://fn.azurewebsites.net/runtime/webhooks/mcp/sse?code=${SECRET}`, part: "its query parameter 'code'" },
  { url: `https://mcp.example.com/sse?region=eu&auth=${SECRET}`, part: "its query parameter 'auth'" },
  { url: `https://mcp.example.com/sse?user=bot&pwd=${SECRET}`, part: "its query parameter 'pwd'" },
  { url: `https://mcp.example.com/sse#access_token=${SECRET}&expires_in=3600`, part: "its fragment parameter 'access_token'" },
  { url: `https://mcp.example.com/sse;api-key=${SECRET}`, part: "its path parameter 'api-key'" },
];

describe.each(BACKENDS)('$provider', (backend) => {
  test.each(URLS)('a server URL with $part is refused at its path, never printed', async ({ url, part }) => {
    const emu = await testEmulator({ provider: backend.provider, apiKey: API_KEY });
    const dir = testDir('aac-url-parts-');
    mkdirSync(join(dir, 'agents'));
    writeFileSync(join(dir, 'agents', 'crm.yaml'), backend.definition(url));
    const r = await runCli(['plan', '--provider', backend.provider, '--dir', 'agents'], { cwd: dir, env: backend.env(emu.url) });
    const out = r.stdout + r.stderr;
    expect(r.code, out).toBe(1);
    expect(out).toContain(`${backend.url} carries a credential in the URL (${part})`);
    expect(out).toContain(part);
    expect(out).not.toContain(SECRET);
    expect(emu.resources()).toEqual([]);
  });
});

test('a live OpenAI agent\'s MCP URL given ?code= and #access_token= behind aac\'s back is [redacted] in the plan and the saved plan', async () => {
  const emu = await testEmulator({ provider: 'openai-agents', apiKey: API_KEY });
  const dir = testDir('aac-url-parts-');
  mkdirSync(join(dir, 'agents'));
  writeFileSync(join(dir, 'agents', 'crm.yaml'), BACKENDS[0]!.definition('https://fn.azurewebsites.net/runtime/webhooks/mcp/sse'));
  const aac = (...args: string[]) => runCli([...args, '--provider', 'openai-agents', '--dir', 'agents'], { cwd: dir, env: BACKENDS[0]!.env(emu.url) });
  expect((await aac('apply', '--yes')).code).toBe(0);
  const agent = emu.resources()[0]!;
  const tool = (agent.tools as Array<Record<string, any>>)[0]!;
  const live = `https://fn.azurewebsites.net/runtime/webhooks/mcp/sse?code=${SECRET}#access_token=${SECRET}x`;
  emu.mutate(String(agent.id), { tools: [{ ...tool, transport: { ...tool.transport, server_url: live } }] });
  const plan = await aac('plan', '--detailed-exitcode', '--out', 'plan.json');
  expect(plan.code, plan.stderr).toBe(2);
  expect(plan.stdout).toContain('fn.azurewebsites.net/runtime/webhooks/mcp/sse?code=[redacted]#access_token=[redacted]');
  expect(plan.stdout + plan.stderr).not.toContain(SECRET);
  expect(readFileSync(join(dir, 'plan.json'), 'utf8')).not.toContain(SECRET);
});
