// End to end: an Assistants fleet of 30 on the emulator → aac import → aac migrate --to
// openai-agents → aac apply on the Agents dialect → a clean plan; a lossy definition's fields are
// listed and nothing is written until the losses are accepted. And aac import from this backend.
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../src/emulator/index.js';
import { API_KEY, workspace, type Workspace } from '../../apply/helpers.js';
import { runCli, TEST_MARKER, END_TO_END } from '../../helpers/cli.js';

let open: Array<{ close(): unknown }> = [];
afterEach(async () => {
  for (const o of open.splice(0)) await o.close();
});

async function emulator(provider: string): Promise<RunningEmulator> {
  const emu = await startEmulator({ provider, apiKey: API_KEY });
  open.push(emu);
  return emu;
}

function ws(): Workspace {
  const w = workspace();
  open.push({ close: () => w.cleanup() });
  return w;
}

const env = (emu: RunningEmulator) => ({ OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: API_KEY });

test('30 assistants: import, migrate (losses listed, nothing written, then accepted), apply to agents, clean plan', END_TO_END, async () => {
  const assistants = await emulator('openai');
  const fleet = Array.from({ length: 30 }, (_, i) => ({
    model: 'gpt-5', name: `Bot ${i}`, instructions: i % 5 === 0 ? `Line one of bot ${i}.\n`.repeat(8) : `You are bot ${i}.`,
    metadata: { team: `t${i % 4}` },
    tools: [{ type: 'function', function: { name: 'lookup', description: 'Find one order.', parameters: { type: 'object', properties: { id: { type: 'string' } } } } }],
    ...(i % 3 === 0 ? { reasoning_effort: 'low' } : {}),
    ...(i % 7 === 0 ? { response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object', properties: { a: { type: 'string' } } } } } } : {}),
  }));
  // One lossy assistant: a code_interpreter tool and a temperature.
  fleet[29] = { ...fleet[29]!, tools: [...fleet[29]!.tools, { type: 'code_interpreter' } as never], temperature: 0.3 } as never;
  assistants.seed(fleet);
  const w = ws();
  const imported = await runCli(['import'], { cwd: w.root, env: env(assistants) });
  expect(imported.code, imported.stderr).toBe(0);
  expect(readdirSync(join(w.root, 'assistants')).filter((f) => f.endsWith('.yaml') && f !== 'aac.yaml')).toHaveLength(30);

  const refused = await runCli(['migrate', '--to', 'openai-agents', '--out', 'agents'], { cwd: w.root });
  expect(refused.code).toBe(1);
  expect(refused.stderr).toMatch(/assistants\/bot-29\.yaml:\d+:\d+: tools\[1\] — a saved agent has no code_interpreter tool/);
  expect(refused.stderr).toMatch(/assistants\/bot-29\.yaml:\d+:\d+: temperature — an agent has no temperature, nor any other sampling setting/);
  // The name the Assistants API required of each json_schema format (bots 0, 7, 14, 21, 28): an agent's has none.
  expect(refused.stderr.match(/response_format\.json_schema\.name — an agent's json_schema format has no name: dropped/g)).toHaveLength(5);
  expect(refused.stderr).toContain('7 fields have no counterpart in openai-agents; nothing was written');
  expect(existsSync(join(w.root, 'agents'))).toBe(false);

  const migrated = await runCli(['migrate', '--to', 'openai-agents', '--out', 'agents', '--accept-losses'], { cwd: w.root });
  expect(migrated.code, migrated.stderr).toBe(0);
  expect(migrated.stdout).toContain('Migrated 30 definitions to agents (openai-agents), 7 fields dropped as accepted.');
  expect(readFileSync(join(w.root, 'agents', 'aac.yaml'), 'utf8')).toBe('provider: openai-agents\nnamespace: test\n');
  const bot0 = readFileSync(join(w.root, 'agents', 'bot-0.yaml'), 'utf8');
  // Outside a repository that commits aac's schemas: no schema line (none would resolve on every clone).
  expect(bot0).not.toContain('$schema=');
  expect(bot0).toMatch(/instructions_file: prompts\/bot-0\.md/);
  expect(bot0).not.toMatch(/^id:/m);
  expect(bot0).toMatch(/- type: function\n\s+name: lookup\n\s+description: Find one order\./);

  // Written again over itself only with --force.
  const again = await runCli(['migrate', '--to', 'openai-agents', '--out', 'agents', '--accept-losses'], { cwd: w.root });
  expect(again.code).toBe(1);
  // Every file that exists, as a list: the first ten named, the rest counted; then the fix.
  expect(again.stderr).toMatch(/^Error: 36 files already exist; nothing was written:\n(?: {2}- agents\/[a-z0-9/-]+\.(?:yaml|md)\n){10} {2}- the 26 more likewise\n {2}use --force to overwrite, or choose another --out\n/m);

  const agents = await emulator('openai-agents');
  const validate = await runCli(['validate', '--dir', 'agents'], { cwd: w.root });
  expect(validate.code, validate.stdout + validate.stderr).toBe(0);
  const applied = await runCli(['apply', '--dir', 'agents', '--yes'], { cwd: w.root, env: env(agents) });
  expect(applied.code, applied.stderr + applied.stdout).toBe(0);
  expect(applied.stdout).toContain('30 created');
  expect(agents.resources()).toHaveLength(30);
  const live29 = agents.resources().find((a) => a.name === 'Bot 29')!;
  expect((live29.tools as unknown[]).length).toBe(1);
  const plan = await runCli(['plan', '--dir', 'agents', '--detailed-exitcode'], { cwd: w.root, env: env(agents) });
  expect(plan.code, plan.stdout).toBe(0);
});

test('aac import refuses an agent whose MCP server headers are named as credentials, never printing them; other headers are written', END_TO_END, async () => {
  const agents = await emulator('openai-agents');
  const mcp = (headers: Record<string, string>) => ({ type: 'mcp', server_label: 'crm', transport: { type: 'http', server_url: 'https://m.example.com', headers } });
  agents.seed([{ model: 'gpt-5', name: 'Crm', tools: [mcp({ Authorization: 'Bearer live-token-abcdef', 'X-Tenant': 't1' })] }]);
  const w = ws();
  const run = (argv: string[]) => runCli([...argv, '--provider', 'openai-agents', '--dir', 'agents'], { cwd: w.root, env: env(agents) });
  const refused = await run(['import']);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toMatch(/refusing to import: live data holds headers named as credentials[^\n]*; nothing was written:\n  - \S+ → agents\/crm\.yaml: tools\[0\]\.transport\.headers\.Authorization\n/);
  expect(refused.stderr).toContain('credential_id');
  expect(refused.stdout + refused.stderr).not.toContain('live-token');
  expect(existsSync(join(w.root, 'agents'))).toBe(false);

  agents.mutate(String(agents.resources()[0]!.id), { tools: [mcp({ 'X-Tenant': 't1' })] });
  const imported = await run(['import']);
  expect(imported.code, imported.stderr).toBe(0);
  expect(readFileSync(join(w.root, 'agents', 'crm.yaml'), 'utf8')).toContain('X-Tenant: t1');
});

test('aac import from the Agents API: adoption only, then a clean plan', END_TO_END, async () => {
  const agents = await emulator('openai-agents');
  agents.seed([
    { model: 'gpt-5', name: 'Support', instructions: 'Be brief.', metadata: { team: 'support' }, tools: [{ type: 'web_search', mode: 'cached' }, { type: 'function', name: 'f', description: '', parameters: { type: 'object', properties: {} } }] },
    { model: 'gpt-4.1', name: 'Plain', service_tier: 'flex' },
  ]);
  const w = ws();
  const run = (argv: string[]) => runCli([...argv, '--provider', 'openai-agents', '--dir', 'agents'], { cwd: w.root, env: env(agents) });
  const imported = await run(['import']);
  expect(imported.code, imported.stderr).toBe(0);
  const support = readFileSync(join(w.root, 'agents', 'support.yaml'), 'utf8');
  expect(support).not.toContain('$schema=');
  expect(support).toContain('mode: cached');
  expect(support).not.toContain('defer_loading');
  // A value the server would have resolved, set by hand, is written: the import governs it.
  expect(readFileSync(join(w.root, 'agents', 'plain.yaml'), 'utf8')).toContain('service_tier: flex');
  expect((await run(['validate'])).code).toBe(0);
  const applied = await run(['apply', '--yes']);
  expect(applied.code, applied.stderr).toBe(0);
  expect(applied.stdout).toContain('0 created, 2 modified');
  expect((await run(['plan', '--detailed-exitcode'])).code).toBe(0);
});

test("the migrated aac.yaml keeps the source's namespace and environments; its endpoint is named as not carried", END_TO_END, async () => {
  const w = ws();
  writeFileSync(join(w.root, 'assistants', 'aac.yaml'), 'endpoint: https://llm.example.com/v1\nnamespace: team-a\nenvironments:\n  staging: {}\n');
  w.write('faq', { model: 'gpt-5', name: 'FAQ', instructions: 'Answer from the FAQ.' });
  const migrated = await runCli(['migrate', '--to', 'openai-agents', '--out', 'agents'], { cwd: w.root, env: { AAC_NAMESPACE: undefined } });
  expect(migrated.code, migrated.stderr).toBe(0);
  expect(readFileSync(join(w.root, 'agents', 'aac.yaml'), 'utf8')).toBe('provider: openai-agents\nnamespace: team-a\nenvironments:\n  staging: {}\n');
  expect(migrated.stdout).toContain('assistants/aac.yaml — its endpoint https://llm.example.com/v1 is not carried over: add `endpoint:` to agents/aac.yaml if openai-agents is served there');
  // The plan it names next would go to the provider's default host, not the source's: the endpoint is the step before it.
  expect(migrated.stdout).toContain("\nNext: set `endpoint:` under environments.staging in agents/aac.yaml to the host that serves openai-agents (the source's, https://llm.example.com/v1, was not carried over; without one, the plan goes to https://api.openai.com/v1, the provider's default), then: aac plan --dir agents --env staging\n");
  const validated = await runCli(['validate', '--dir', 'agents'], { cwd: w.root, env: { AAC_NAMESPACE: undefined } });
  expect(validated.code, validated.stdout + validated.stderr).toBe(0);
});

test("an environment's own endpoint not carried comes before its plan in Next: and in JSON's next; one the source never gave is as before", END_TO_END, async () => {
  const w = ws();
  writeFileSync(join(w.root, 'assistants', 'aac.yaml'), 'namespace: team-a\nenvironments:\n  staging: { endpoint: "https://staging.example.com/v1" }\n  prod: { namespace: team-a-prod }\n');
  w.write('faq', { model: 'gpt-5', name: 'FAQ', instructions: 'Answer from the FAQ.' });
  const env = { AAC_NAMESPACE: undefined, OPENAI_API_KEY: undefined, OPENAI_BASE_URL: undefined };
  const migrated = await runCli(['migrate', '--to', 'openai-agents', '--out', 'agents'], { cwd: w.root, env });
  expect(migrated.code, migrated.stderr).toBe(0);
  expect(migrated.stdout).toContain([
    "Next: set `endpoint:` under environments.staging in agents/aac.yaml to the host that serves openai-agents (the source's, https://staging.example.com/v1, was not carried over; without one, the plan goes to https://api.openai.com/v1, the provider's default), then: aac plan --dir agents --env staging",
    '      aac plan --dir agents --env prod',
    '',
  ].join('\n'));
  rmSync(join(w.root, 'agents'), { recursive: true });
  const json = await runCli(['migrate', '--to', 'openai-agents', '--out', 'agents', '--format', 'json'], { cwd: w.root, env });
  // JSON's `next` is complete as the text's: the endpoint step before the plan that needs it.
  expect(JSON.parse(json.stdout).next).toEqual([
    "set `endpoint:` under environments.staging in agents/aac.yaml to the host that serves openai-agents (the source's, https://staging.example.com/v1, was not carried over; without one, the plan goes to https://api.openai.com/v1, the provider's default), then: aac plan --dir agents --env staging",
    'aac plan --dir agents --env prod',
  ]);
});

test('an effort on a model of no reasoning family: validate warns under the Assistants API and refuses it under openai-agents, migrate lists it, and what it writes applies', END_TO_END, async () => {
  const w = ws();
  w.write('bot', { model: 'gpt-4o', name: 'Bot', reasoning_effort: 'high' });
  const run = (argv: string[], e: Record<string, string> = {}) => runCli(argv, { cwd: w.root, env: { AAC_NAMESPACE: 'effort', ...e } });
  const assistants = await run(['validate']);
  expect(assistants.code, assistants.stderr).toBe(0);
  expect(assistants.stdout + assistants.stderr).toMatch(/assistants\/bot\.yaml:3:\d+: warning: reasoning_effort is set, but 'gpt-4o' is not a reasoning model \(gpt-4o models are reported to refuse an effort\): the host may refuse or ignore it/);

  const refused = await run(['migrate', '--to', 'openai-agents', '--out', 'agents']);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain("assistants/bot.yaml:3:1: reasoning_effort — 'gpt-4o' is not a reasoning model");
  expect(refused.stderr).toContain('1 field has no counterpart in openai-agents; nothing was written');
  const migrated = await run(['migrate', '--to', 'openai-agents', '--out', 'agents', '--accept-losses']);
  expect(migrated.code, migrated.stderr).toBe(0);
  expect(readFileSync(join(w.root, 'agents', 'bot.yaml'), 'utf8')).not.toContain('reasoning');
  const agents = await emulator('openai-agents');
  const applied = await run(['apply', '--dir', 'agents', '--yes'], env(agents));
  expect(applied.code, applied.stderr).toBe(0);

  // Written by hand, the same effort is an error of validate and plan under openai-agents, whose
  // API refuses it (as the emulator does): nothing is sent. On a model the table does not know, a warning.
  writeFileSync(join(w.root, 'agents', 'bot.yaml'), 'model: gpt-4o\nname: Bot\nreasoning: { effort: high }\n');
  const validated = await run(['validate', '--dir', 'agents']);
  expect(validated.code).toBe(1);
  expect(validated.stdout + validated.stderr).toMatch(/agents\/bot\.yaml:3:22: error: reasoning\.effort is set, but 'gpt-4o' is not a reasoning model \(gpt-4o models are reported to refuse an effort\): the API refuses/);
  const plan = await run(['plan', '--dir', 'agents'], env(agents));
  expect(plan.code).toBe(1);
  expect(plan.stdout + plan.stderr).toContain('error: reasoning.effort is set');
  writeFileSync(join(w.root, 'agents', 'bot.yaml'), 'model: my-deployment\nname: Bot\nreasoning: { effort: high }\n');
  const unknown = await run(['validate', '--dir', 'agents']);
  expect(unknown.code, unknown.stderr).toBe(0);
  // aac does not know the model: it says only that, not that the model does not reason.
  expect(unknown.stdout + unknown.stderr).toContain("agents/bot.yaml:3:22: warning: reasoning.effort is set, but 'my-deployment' is not among the reasoning model families aac knows (o1, o3, o4, gpt-5): the effort may be refused (the API refuses one the model does not support)");
  expect(unknown.stdout + unknown.stderr).toContain("hint: remove the effort (or write reasoning: null) unless 'my-deployment' is a reasoning model");
  expect(unknown.stdout + unknown.stderr).not.toContain('is not a reasoning model');
  // No source says which models take an effort: the emulator refuses it only where it was seen
  // refused (gpt-4o above), so a model it does not know is applied with its effort.
  const deployed = await run(['apply', '--dir', 'agents', '--yes'], env(agents));
  expect(deployed.code, deployed.stderr).toBe(0);
  expect(agents.resources().map((a) => (a as { reasoning?: unknown }).reasoning)).toContainEqual({ effort: 'high', summary: null });
});

test('moved_from and id pins, which name the old assistants, are said not to be carried', END_TO_END, async () => {
  const w = ws();
  writeFileSync(join(w.root, 'assistants', 'bot.yaml'), 'id: asst_abcdefghijklmnopqrstuvwx\nmoved_from: [old-bot]\nmodel: gpt-5\n');
  const migrated = await runCli(['migrate', '--to', 'openai-agents', '--out', 'agents'], { cwd: w.root });
  expect(migrated.code, migrated.stderr).toBe(0);
  expect(migrated.stdout).toContain('assistants/bot.yaml:2:1: moved_from — not carried: it names keys of the old assistants, and the migrated definition makes a new agent, marked with its key alone\n');
  expect(migrated.stdout).toContain('1 `id:` pin is not carried: each pins an assistant, and each migrated definition makes a new agent\n');
  expect(readFileSync(join(w.root, 'agents', 'bot.yaml'), 'utf8')).not.toMatch(/moved_from|asst_/);
});

test("a definition's losses are listed in the order of its file, whatever order the mapping finds them in", END_TO_END, async () => {
  // The mapping reaches `description` after the tools and sampling; the list follows the file.
  const w = ws();
  w.write('lossy', { description: 'Answers questions.', model: 'gpt-5', tools: [{ type: 'code_interpreter' }], temperature: 0.3, top_p: 0.9 });
  const refused = await runCli(['migrate', '--to', 'openai-agents', '--out', 'agents'], { cwd: w.root });
  expect(refused.code).toBe(1);
  const listed = [...refused.stderr.matchAll(/^assistants\/lossy\.yaml:(\d+):\d+: (\S+) —/gm)].map((m) => [Number(m[1]), m[2]]);
  expect(listed.map(([, field]) => field)).toEqual(['description', 'tools[0]', 'temperature', 'top_p']);
  expect(listed.map(([line]) => line)).toEqual([1, 4, 5, 6]);
});

test("a source on a default host that serves its API is not said to lack the endpoint variable; one on OpenAI's retired Assistants host is", END_TO_END, async () => {
  const w = ws();
  w.write('faq', { model: 'gpt-4o', name: 'FAQ', instructions: 'Answer from the FAQ.' });
  const env = { AAC_NAMESPACE: 'team-a', OPENAI_API_KEY: undefined, OPENAI_BASE_URL: undefined, PORTKEY_API_KEY: undefined, PORTKEY_VIRTUAL_KEY: undefined, PORTKEY_BASE_URL: undefined };
  // Portkey's default host serves the Assistants protocol: only the keys are lacking.
  writeFileSync(join(w.root, 'assistants', 'aac.yaml'), 'provider: portkey\n');
  const gateway = await runCli(['migrate', '--to', 'openai-agents', '--out', 'agents'], { cwd: w.root, env });
  expect(gateway.code, gateway.stderr).toBe(0);
  expect(gateway.stdout).toContain('The live assistants of assistants/ were not read (PORTKEY_API_KEY and PORTKEY_VIRTUAL_KEY are not set)');
  // OpenAI's own no longer does: the endpoint is lacking too.
  rmSync(join(w.root, 'agents'), { recursive: true });
  writeFileSync(join(w.root, 'assistants', 'aac.yaml'), 'provider: openai\n');
  const openai = await runCli(['migrate', '--to', 'openai-agents', '--out', 'agents'], { cwd: w.root, env });
  expect(openai.stdout).toContain('The live assistants of assistants/ were not read (OPENAI_BASE_URL (or an `endpoint:`) and OPENAI_API_KEY are not set)');
  // The check names --dir though it is the default, and the namespace AAC_NAMESPACE gave, as the
  // retirement's apply beside it does: a runbook runs it from elsewhere.
  expect(openai.stdout).toContain('check first that `aac plan --dir assistants --namespace team-a --detailed-exitcode` exits 0');
  expect(openai.stdout).toContain('`aac apply --prune --allow-empty --dir assistants --namespace team-a`');
  // The migrated agents, on OpenAI's own host, which serves the Agents API: only the key is lacking.
  const verified = await runCli(['migrate', '--verify', '--to', 'openai-agents', '--out', 'agents'], { cwd: w.root, env });
  expect(verified.stderr).toContain('the live agents of agents/ were not read (OPENAI_API_KEY is not set)');
});

test('--verify after the cut-over on the Agents API: the chain from the live assistants to the live agents, each break named', END_TO_END, async () => {
  // Each directory's host in its aac.yaml (the emulator serves each API at its own address): the
  // migrated aac.yaml carries no endpoint, one is added by hand, as after a real cut-over.
  const assistants = await emulator('openai');
  const agents = await emulator('openai-agents');
  const w = ws();
  writeFileSync(join(w.root, 'assistants', 'aac.yaml'), `endpoint: ${assistants.url}\n`);
  w.write('faq', { model: 'gpt-5', name: 'FAQ', instructions: 'Answer from the FAQ.', metadata: { team: 'support' } });
  w.write('triage', { model: 'gpt-4.1', name: 'Triage', instructions: 'Sort the tickets.', tools: [{ type: 'function', function: { name: 'route', description: 'Route one ticket.', parameters: { type: 'object', properties: { to: { type: 'string' } } } } }] });
  const run = (argv: string[]) => runCli(argv, { cwd: w.root, env: { OPENAI_API_KEY: API_KEY, OPENAI_BASE_URL: undefined } });
  const deployed = await run(['apply', '--yes']);
  expect(deployed.code, deployed.stderr).toBe(0);
  const migrated = await run(['migrate', '--to', 'openai-agents', '--out', 'agents']);
  expect(migrated.code, migrated.stderr).toBe(0);
  const config = join(w.root, 'agents', 'aac.yaml');
  writeFileSync(config, `${readFileSync(config, 'utf8')}endpoint: ${agents.url}\n`);
  const verify = () => run(['migrate', '--verify', '--to', 'openai-agents', '--out', 'agents']);

  // Not applied yet: every new agent is missing.
  const before = await verify();
  expect(before.code).toBe(1);
  expect(before.stderr).toContain('agents/faq.yaml — no live agent has this definition');
  expect((await run(['apply', '--yes', '--dir', 'agents'])).code).toBe(0);

  const ok = await verify();
  expect(ok.code, ok.stderr).toBe(0);
  expect(ok.stdout.split('\n')).toEqual([
    expect.stringMatching(/^agents\/ holds what migrate writes from assistants\/ \(\d+ files, its aac\.yaml aside\)$/),
    `The live assistants of assistants/ match the definitions (read at ${assistants.url})`,
    `The live agents of agents/ match the definitions (read at ${agents.url})`,
    'Verified: the live agents of agents/ carry what the live assistants of assistants/ do.',
    '',
  ]);

  // A new agent changed behind aac's back: a break of the last link, at its field; and one the
  // namespace manages that no definition has. Each named as the plan lists it: its key, the id beside.
  const faq = agents.resources().find((r) => r.name === 'FAQ')!;
  agents.mutate(String(faq.id), { instructions: 'Edited in the dashboard.' });
  const [gone] = agents.seed([{ model: 'gpt-5', name: 'Gone', metadata: { [TEST_MARKER]: 'gone' } }]);
  const broken = await verify();
  expect(broken.code).toBe(1);
  expect(broken.stderr).toMatch(new RegExp(`agents/faq\\.yaml:\\d+:\\d+: instructions — the live agent 'faq' \\(${String(faq.id)}\\) holds another value: changed outside aac since the last apply`));
  expect(broken.stderr).toContain(`agents/ — the live agent 'gone' (${String(gone!.id)}) is managed by this namespace, and no definition has its key: it is not migrated\n`);
  expect(broken.stderr).toContain('Error: not verified: 2 breaks in the chain from the live assistants of assistants/ to the live agents of agents/');
});
