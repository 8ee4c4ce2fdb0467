// `aac import` refuses once, listing every problem of every resource it would write: a configured
// credential in live data, a credential by its place (a credential-named header, a URL's
// password), and what validate refuses. A run that named one kind at a time made the person fix
// and run again for each. The CLI against the foundry-agents emulator over loopback.
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
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

test('assistants: an --id and a --name that match nothing, an --id not overwritten and a credential in live data are refused in one run; nothing is written', async () => {
  const key = 'sk-test-every-problem-key-0123456789';
  const emu = await testEmulator({ apiKey: key });
  const cwd = testDir('aac-import-every-ids-');
  const [leaky, faq] = emu.seed([
    { created_at: 1_700_000_000, model: 'gpt-4o', name: 'Leaky', instructions: `Use ${key}.` },
    { created_at: 1_700_000_001, model: 'gpt-4o', name: 'FAQ' },
  ]).map((r) => String(r.id));
  mkdirSync(join(cwd, 'assistants'));
  writeFileSync(join(cwd, 'assistants', 'aac.yaml'), 'namespace: team-a\n');
  writeFileSync(join(cwd, 'assistants', 'faq.yaml'), `id: ${faq}\nmodel: gpt-4o\nname: FAQ\n`);
  const env = { OPENAI_API_KEY: key, OPENAI_BASE_URL: emu.url };

  for (const extra of [[], ['--dry-run']]) {
    const r = await runCli(['import', '--id', leaky!, '--id', faq!, '--id', 'asst_nope', '--name', 'nomatch*', ...extra], { cwd, env });
    expect(r.code, r.stdout + r.stderr).toBe(1);
    const out = r.stdout + r.stderr;
    expect(out).toContain('refusing to import; nothing was written:');
    expect(out).toContain("\n  no live assistant has the id 'asst_nope' (there are ");
    expect(out).toContain("\n  --name 'nomatch*' matches no live assistant (there are ");
    expect(out).toMatch(new RegExp(`\\n  live data holds the value of a configured credential[^\\n]*:\\n +- ${leaky} → [^\\n]*: instructions`));
    expect(out).toContain(`\n  1 assistant named with --id would not be imported:\n    - ${faq}: already defined in assistants/faq.yaml (id pinned;`);
    expect(out).toContain('--force writes its definition from the live assistant');
    expect(out).not.toContain(key);
  }
  expect(readdirSync(join(cwd, 'assistants')).sort()).toEqual(['aac.yaml', 'faq.yaml']);
});
