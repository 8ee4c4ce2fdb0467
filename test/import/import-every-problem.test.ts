// `aac import` refuses once, listing every problem of every resource it would write: a configured
// credential in live data, a credential by its place (a credential-named header, a URL's
// password), and what validate refuses. A run that named one kind at a time made the person fix
// and run again for each. The CLI against the foundry-agents emulator over loopback.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';

const TOKEN = 'test-token-for-every-problem-0123';
const HEADER_SECRET = 'header-secret-value-4711';
const URL_PASSWORD = 'url-password-value-4712';
const SIXTEEN = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`k${i + 1}`, 'v']));

test('foundry-agents: a token in instructions, a credential header and URL, and 16 metadata pairs are refused in one run; nothing is written', async () => {
  const emu = await testEmulator({ provider: 'foundry-agents', apiKey: TOKEN });
  const cwd = testDir('aac-import-every-');
  const [crm, full] = emu.seed([
    {
      name: 'crm',
      definition: {
        kind: 'prompt', model: 'gpt-4o', instructions: `Call with ${TOKEN}.`,
        tools: [{ type: 'mcp', server_label: 'crm', server_url: `https://svc:${URL_PASSWORD}@mcp.example.com/v1`, headers: { Authorization: `Bearer ${HEADER_SECRET}` } }],
      },
    },
    { name: 'full', metadata: SIXTEEN, definition: { kind: 'prompt', model: 'gpt-4o' } },
  ]).map((r) => String(r.id));
  const env = { AAC_FOUNDRY_TOKEN: TOKEN, AZURE_AI_PROJECT_ENDPOINT: emu.url };

  for (const extra of [[], ['--dry-run'], ['--format', 'json']]) {
    const r = await runCli(['import', '--provider', 'foundry-agents', '--namespace', 'team-a', ...extra], { cwd, env });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const out = r.stdout + r.stderr;
    // One refusal, each check's problems under it.
    expect(out).toContain('refusing to import; nothing was written:');
    expect(out).toMatch(new RegExp(`\\n  live data holds the value of a configured credential[^\\n]*:\\n +- ${crm} → [^\\n]*: definition\\.instructions`));
    expect(out).toMatch(new RegExp(`\\n  live data holds headers named as credentials[^\\n]*:\\n +- ${crm} → [^\\n]*: definition\\.tools\\[0\\]\\.server_url, definition\\.tools\\[0\\]\\.headers\\.Authorization`));
    expect(out).toMatch(new RegExp(`\\n  the definitions it would write hold what aac cannot plan with:\\n +- ${full} → [^\\n]*full\\.yaml:\\n +\\d+:\\d+: metadata has 16 pairs; at most 15`));
    // A credential by its place is named once, as live data, not again as an invalid definition.
    expect(out).not.toMatch(/holds a credential \(by its name or place/);
    for (const secret of [TOKEN, HEADER_SECRET, URL_PASSWORD]) expect(out).not.toContain(secret);
  }
  expect(existsSync(join(cwd, 'assistants')) ? readdirSync(join(cwd, 'assistants')) : []).toEqual([]);
  expect(existsSync(join(cwd, 'aac.yaml'))).toBe(false);
});
