// `aac migrate` of a definitions directory with variables, environments and overlays: the variables
// and environments are carried to the new aac.yaml, each reference stays a reference (a default is
// never written in), each overlay is converted as its definition is, and what it cannot carry is
// listed, located in the overlay. What it writes is valid in every environment, or nothing is
// written. Then each environment applies to its own Agents emulator over loopback and plans clean.
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { beforeEach, expect, test } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { testDir, testEmulator } from '../../helpers/each-test.js';
import { writeFile } from '../../environments/helpers.js';

const KEY = 'sk-test-migrate-environments-000000';
let cwd: string;
const write = (rel: string, text: string) => writeFile(cwd, rel, text);
const read = (rel: string) => readFileSync(join(cwd, rel), 'utf8');
// migrate reads the source's live state where a key is given, and the environments' hosts here
// (example.com) serve nothing: it converts the files alone, without one.
const aac = (argv: string[], env: Record<string, string | undefined> = {}) => runCli([...argv, '--no-color'], { cwd, env: { OPENAI_API_KEY: argv[0] === 'migrate' ? undefined : KEY, OPENAI_BASE_URL: undefined, AAC_NAMESPACE: undefined, ...env } });

const AAC_YAML = (prodValues = '{ chat_model: gpt-4o, m: gpt-5 }') => [
  'namespace: support',
  'variables:',
  '  chat_model: { type: string }',
  '  m: { type: string, default: gpt-4o }',
  'environments:',
  '  dev: { endpoint: "https://dev.example.com/v1", values: { chat_model: gpt-4o-mini } }',
  `  prod: { endpoint: "https://prod.example.com/v1", namespace: support-prod, values: ${prodValues} }`,
  '',
].join('\n');

beforeEach(() => {
  cwd = testDir('aac-migrate-envs-');
  mkdirSync(join(cwd, '.git'));
  write('assistants/aac.yaml', AAC_YAML());
  write('assistants/support/billing.yaml', 'model: ${var.chat_model}\nname: Billing\ninstructions_file: ../prompts/billing.md\n');
  write('assistants/prompts/billing.md', 'You help with billing.\n');
  write('assistants/bot.yaml', 'model: ${var.m}\nname: Bot\n');
  write('assistants/overlays/prod/bot.yaml', 'metadata: { tier: platinum }\ntop_p: 0.5\n');
  write('assistants/overlays/prod/support/billing.yaml', 'instructions_file: ../../../prompts/billing-prod.md\n');
  write('assistants/prompts/billing-prod.md', 'You help platinum customers with billing.\n');
});

test('an overlay that swaps the base\'s inline instructions for a prompt file carries over as instructions: null beside the file', async () => {
  write('assistants/bot.yaml', 'model: gpt-4o\nname: Bot\ninstructions: Be helpful.\n');
  write('assistants/overlays/prod/bot.yaml', 'instructions: null\ninstructions_file: p.md\n');
  write('assistants/overlays/prod/p.md', 'Prod prompt\n');
  expect((await aac(['validate', '--dir', 'assistants'])).code).toBe(0);
  const migrated = await aac(['migrate', '--to', 'openai-agents', '--out', 'agents', '--accept-losses']);
  expect(migrated.code, migrated.stderr).toBe(0);
  expect(parse(read('agents/overlays/prod/bot.yaml'))).toEqual({ instructions_file: 'bot.md', instructions: null });
  expect(read('agents/overlays/prod/bot.md')).toBe('Prod prompt\n');
  expect(read('agents/bot.yaml')).toContain('instructions: Be helpful.');
  const validated = await aac(['validate', '--dir', 'agents']);
  expect(validated.code, validated.stdout + validated.stderr).toBe(0);
});

test('variables, environments and overlays carry over; an overlay\'s loss is listed where it stands; each environment plans clean', async () => {
  const refused = await aac(['migrate', '--to', 'openai-agents', '--out', 'agents']);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain("assistants/overlays/prod/bot.yaml:2:1: top_p — an agent has no top_p, nor any other sampling setting (the Agents API's CreateAgentParams has none): dropped\n");
  expect(refused.stderr).toContain('1 field has no counterpart in openai-agents; nothing was written');
  expect(existsSync(join(cwd, 'agents'))).toBe(false);

  const migrated = await aac(['migrate', '--to', 'openai-agents', '--out', 'agents', '--accept-losses']);
  expect(migrated.code, migrated.stderr).toBe(0);
  expect(migrated.stdout).toContain('Migrated 2 definitions and 2 environment overlays to agents (openai-agents), 1 field dropped as accepted.');
  expect(migrated.stdout).toContain("assistants/aac.yaml — the endpoint https://prod.example.com/v1 of environment 'prod' is not carried over");
  expect(parse(read('agents/aac.yaml'))).toEqual({
    provider: 'openai-agents',
    namespace: 'support',
    variables: { chat_model: { type: 'string' }, m: { type: 'string', default: 'gpt-4o' } },
    environments: { dev: { values: { chat_model: 'gpt-4o-mini' } }, prod: { namespace: 'support-prod', values: { chat_model: 'gpt-4o', m: 'gpt-5' } } },
  });
  // The references as written: neither the default nor one environment's value is written in.
  expect(parse(read('agents/bot.yaml'))).toEqual({ model: '${var.m}', name: 'Bot' });
  expect(parse(read('agents/support/billing.yaml'))).toEqual({ model: '${var.chat_model}', name: 'Billing', instructions_file: '../prompts/support/billing.md' });
  expect(parse(read('agents/overlays/prod/bot.yaml'))).toEqual({ metadata: { tier: 'platinum' } });
  expect(parse(read('agents/overlays/prod/support/billing.yaml'))).toEqual({ instructions_file: 'billing.md' });
  expect(read('agents/overlays/prod/support/billing.md')).toBe('You help platinum customers with billing.\n');
  expect(existsSync(join(cwd, 'agents/overlays/dev'))).toBe(false);

  // A plan is made for one environment: one each, after the endpoint the source gave it (not
  // carried) is set. The new aac.yaml goes first through the GitHub workflows, which plan a pull
  // request where the base branch's aac.yaml says.
  const first = (env: string) => `set \`endpoint:\` under environments\\.${env} in agents\\/aac\\.yaml to the host that serves openai-agents \\(the source's, https:\\/\\/${env}\\.example\\.com\\/v1, was not carried over; without one, the plan goes to https:\\/\\/api\\.openai\\.com\\/v1, the provider's default\\), then: `;
  expect(migrated.stdout).toMatch(new RegExp(`\\nNext: ${first('dev')}aac plan --dir agents --env dev\\n {6}${first('prod')}aac plan --dir agents --env prod\\nThrough`));
  expect(migrated.stdout).toMatch(/then: aac plan --dir agents --env prod\nThrough the GitHub workflows, merge agents\/aac\.yaml first, in a pull request of its own \(a pull request is planned where the base branch's aac\.yaml says, and the base has none in agents\/ yet\), then the definitions \(README: Migrating from assistants\)\.\nThe assistants defined in assistants\/ stay live and managed from there\. .* run one apply in each environment \(remove the environments' overlays with them, keeping assistants\/aac\.yaml\), which lists each delete before it asks:\n {6}aac apply --prune --allow-empty --dir assistants --env dev\n {6}aac apply --prune --allow-empty --dir assistants --env prod\nTo retire one environment while the others still serve, keep assistants\/ as it is and run that environment's apply from a directory holding only a copy of assistants\/aac\.yaml \(README: Retiring an environment\)\.\n$/);
  const validate = await aac(['validate', '--dir', 'agents']);
  expect(validate.stdout).toContain('2 definitions valid in every environment (dev, prod).');
  expect(validate.code).toBe(0);

  const emus = { dev: await testEmulator({ provider: 'openai-agents', apiKey: KEY }), prod: await testEmulator({ provider: 'openai-agents', apiKey: KEY }) };
  for (const env of ['dev', 'prod'] as const) {
    const applied = await aac(['apply', '--dir', 'agents', '--env', env, '--yes'], { OPENAI_BASE_URL: emus[env].url });
    expect(applied.code, applied.stderr + applied.stdout).toBe(0);
    expect((await aac(['plan', '--dir', 'agents', '--env', env, '--detailed-exitcode'], { OPENAI_BASE_URL: emus[env].url })).code).toBe(0);
  }
  const agent = (env: 'dev' | 'prod', name: string) => emus[env].resources().find((a) => a.name === name)!;
  expect([agent('dev', 'Bot').model, agent('dev', 'Billing').model, agent('dev', 'Billing').instructions]).toEqual(['gpt-4o', 'gpt-4o-mini', 'You help with billing.\n']);
  expect([agent('prod', 'Bot').model, agent('prod', 'Bot').metadata]).toEqual(['gpt-5', { tier: 'platinum', 'aac@support-prod': 'bot' }]);
  expect(agent('prod', 'Billing').instructions).toBe('You help platinum customers with billing.\n');
});

test('a lost mapping an overlay writes part of is listed at the base\'s key and at the overlay\'s line, in text and json; prod applies without it', async () => {
  write('assistants/bot.yaml', 'model: ${var.m}\nname: Bot\ntools: [{ type: file_search }]\ntool_resources:\n  file_search:\n    vector_store_ids: [vs_base]\n');
  // The overlay writes the mapping's key too, but only as the way to its list: its list is its line.
  write('assistants/overlays/prod/bot.yaml', 'metadata: { tier: platinum }\ntool_resources:\n  file_search:\n    vector_store_ids: [vs_prod]\n');
  const why = 'an agent holds no files or vector stores: left out';
  const refused = await aac(['migrate', '--to', 'openai-agents', '--out', 'agents']);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain(`assistants/bot.yaml:4:1: tool_resources — ${why}\n`);
  expect(refused.stderr).toContain(`assistants/overlays/prod/bot.yaml:4:5: tool_resources.file_search.vector_store_ids — ${why}\n`);
  expect(existsSync(join(cwd, 'agents'))).toBe(false);

  const r = await aac(['migrate', '--to', 'openai-agents', '--out', 'agents', '--accept-losses', '--format', 'json']);
  expect(r.code, r.stderr).toBe(0);
  const doc = JSON.parse(r.stdout) as { losses: Array<Record<string, unknown>> };
  expect(doc.losses).toEqual([
    { file: 'assistants/bot.yaml', line: 3, column: 9, path: 'tools[0]', environment: null, why: expect.stringContaining('no file_search tool') as unknown },
    { file: 'assistants/bot.yaml', line: 4, column: 1, path: 'tool_resources', environment: null, why },
    { file: 'assistants/overlays/prod/bot.yaml', line: 4, column: 5, path: 'tool_resources.file_search.vector_store_ids', environment: null, why },
  ]);
  expect(parse(read('agents/overlays/prod/bot.yaml'))).toEqual({ metadata: { tier: 'platinum' } });
  const emu = await testEmulator({ provider: 'openai-agents', apiKey: KEY });
  const applied = await aac(['apply', '--dir', 'agents', '--env', 'prod', '--yes'], { OPENAI_BASE_URL: emu.url });
  expect(applied.code, applied.stderr + applied.stdout).toBe(0);
  expect((await aac(['plan', '--dir', 'agents', '--env', 'prod', '--detailed-exitcode'], { OPENAI_BASE_URL: emu.url })).code).toBe(0);
  expect(emu.resources().find((a) => a.name === 'Bot')!.metadata).toEqual({ tier: 'platinum', 'aac@support-prod': 'bot' });
});

test('a definition the new directory would refuse in one environment is named with it, and nothing is written', async () => {
  write('assistants/aac.yaml', AAC_YAML('{ m: gpt-5 }'));
  const r = await aac(['migrate', '--to', 'openai-agents', '--out', 'agents', '--accept-losses']);
  expect(r.code).toBe(1);
  // Prod's billing is its overlay merged onto the new base: the error stands in the base.
  // The error stands in the base, at a reference: it is located where the source wrote it.
  expect(r.stderr).toContain("- assistants/overlays/prod/support/billing.yaml → agents/overlays/prod/support/billing.yaml (in environment 'prod'):\n      assistants/support/billing.yaml:1:8: ${var.chat_model} has no value [model]");
  expect(r.stderr).not.toContain("(in environment 'dev')");
  expect(existsSync(join(cwd, 'agents'))).toBe(false);
});

test('a value a reference gives that the new API refuses in one environment is that environment\'s loss, located at the reference in the source', async () => {
  write('assistants/aac.yaml', AAC_YAML().replace('variables:\n', 'variables:\n  effort: { type: string, default: low }\n').replace('values: { chat_model: gpt-4o-mini }', 'values: { chat_model: gpt-4o-mini, effort: max }'));
  write('assistants/bot.yaml', 'model: ${var.m}\nname: Bot\nreasoning_effort: "${var.effort}"\n');
  // Assistants take `max`; Foundry's effort does not: dev's loss, which dev's overlay drops, as a literal `max` would be.
  const refused = await aac(['migrate', '--to', 'foundry-agents', '--out', 'agents']);
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain("assistants/bot.yaml:3:1: in environment 'dev': reasoning_effort — 'max' is not a reasoning effort of the new API (none, minimal, low, medium, high, xhigh) (for this environment alone: its overlay says definition.reasoning: null)");
  expect(refused.stderr).not.toContain("in environment 'prod'");
  expect(existsSync(join(cwd, 'agents'))).toBe(false);
  const r = await aac(['migrate', '--to', 'foundry-agents', '--out', 'agents', '--accept-losses']);
  expect(r.code, r.stderr).toBe(0);
  expect(parse(read('agents/bot.yaml'))).toMatchObject({ definition: { model: '${var.m}', reasoning: { effort: '${var.effort}' } } });
  expect(parse(read('agents/overlays/dev/bot.yaml'))).toEqual({ definition: { reasoning: null } });
  const validate = await aac(['validate', '--dir', 'agents']);
  expect(validate.code, validate.stdout).toBe(0);
});

test('an effort on a model a reference makes a non-reasoning one in one environment is that environment\'s loss: dropped in its overlay with --accept-losses, and every environment applies', async () => {
  // dev takes m's default, gpt-4o (of a family reported to refuse an effort); prod's gpt-5 reasons.
  write('assistants/bot.yaml', 'model: ${var.m}\nname: Bot\nreasoning_effort: medium\n');
  write('assistants/overlays/prod/bot.yaml', 'metadata: { tier: platinum }\n');
  const refused = await aac(['migrate', '--to', 'openai-agents', '--out', 'agents']);
  expect(refused.code, refused.stdout).toBe(1);
  expect(refused.stderr).toContain("assistants/bot.yaml:3:1: in environment 'dev': reasoning_effort — 'gpt-4o' is not a reasoning model");
  expect(refused.stderr).toContain(': dropped (for this environment alone: its overlay says reasoning: null)\n');
  expect(refused.stderr).not.toContain("in environment 'prod'");
  expect(refused.stderr).toContain('1 field has no counterpart in openai-agents; nothing was written');
  expect(existsSync(join(cwd, 'agents'))).toBe(false);

  const migrated = await aac(['migrate', '--to', 'openai-agents', '--out', 'agents', '--accept-losses']);
  expect(migrated.code, migrated.stderr).toBe(0);
  expect(parse(read('agents/bot.yaml'))).toEqual({ model: '${var.m}', name: 'Bot', reasoning: { effort: 'medium' } });
  expect(parse(read('agents/overlays/dev/bot.yaml'))).toEqual({ reasoning: null });
  expect(parse(read('agents/overlays/prod/bot.yaml'))).toEqual({ metadata: { tier: 'platinum' } });
  const validate = await aac(['validate', '--dir', 'agents']);
  expect(validate.code, validate.stdout).toBe(0);
  expect(validate.stdout).not.toContain('reasoning');

  const emus = { dev: await testEmulator({ provider: 'openai-agents', apiKey: KEY }), prod: await testEmulator({ provider: 'openai-agents', apiKey: KEY }) };
  for (const env of ['dev', 'prod'] as const) {
    const applied = await aac(['apply', '--dir', 'agents', '--env', env, '--yes'], { OPENAI_BASE_URL: emus[env].url });
    expect(applied.code, applied.stderr + applied.stdout).toBe(0);
  }
  const bot = (env: 'dev' | 'prod') => emus[env].resources().find((a) => a.name === 'Bot')!;
  expect([bot('dev').model, bot('dev').reasoning?.effort ?? null]).toEqual(['gpt-4o', null]);
  expect([bot('prod').model, bot('prod').reasoning?.effort]).toEqual(['gpt-5', 'medium']);
});

test('an error the new directory would have in every environment is listed once, naming them', async () => {
  const wide = 'k'.repeat(300);
  write('assistants/wide.yaml', `model: gpt-4o\nname: Wide\ntools:\n  - type: function\n    function: { name: f, parameters: { type: object, ${wide}: true } }\n`);
  const r = await aac(['migrate', '--to', 'openai-agents', '--out', 'agents', '--accept-losses']);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain("  - assistants/wide.yaml → agents/wide.yaml (in environments 'dev' and 'prod'):\n");
  expect(r.stderr.match(/in tools\[0\]\.parameters is 300 characters/g)).toHaveLength(1);
  expect(r.stderr).not.toContain("(in environment 'dev')");
  expect(existsSync(join(cwd, 'agents'))).toBe(false);
});

test('an aac.yaml already in --out is replaced only with --force when there are environments to carry', async () => {
  write('agents/aac.yaml', 'provider: openai-agents\n');
  const r = await aac(['migrate', '--to', 'openai-agents', '--out', 'agents', '--accept-losses']);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('agents/aac.yaml already exists; nothing was written');
  expect((await aac(['migrate', '--to', 'openai-agents', '--out', 'agents', '--accept-losses', '--force'])).code).toBe(0);
  expect(parse(read('agents/aac.yaml'))).toMatchObject({ variables: { m: { default: 'gpt-4o' } } });
});

test('a reference the mapping would not keep as written (a name slugged for foundry-agents) is refused, --accept-losses or not', async () => {
  write('assistants/aac.yaml', AAC_YAML().replace('variables:\n', 'variables:\n  bot_name: { type: string, default: Support Bot }\n'));
  write('assistants/bot.yaml', 'model: ${var.m}\nname: ${var.bot_name}\n');
  const r = await aac(['migrate', '--to', 'foundry-agents', '--out', 'agents', '--accept-losses']);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain('assistants/bot.yaml:2:1: name — holds a ${var.…} reference, which the mapping to foundry-agents does not keep as written: write the value itself here');
  expect(existsSync(join(cwd, 'agents'))).toBe(false);
  // A reference the mapping moves (into definition.model) is kept.
  write('assistants/bot.yaml', 'model: ${var.m}\nname: Bot\n');
  const ok = await aac(['migrate', '--to', 'foundry-agents', '--out', 'agents', '--accept-losses']);
  expect(ok.code, ok.stderr).toBe(0);
  expect(parse(read('agents/bot.yaml'))).toMatchObject({ definition: { model: '${var.m}' } });
  expect((await aac(['validate', '--dir', 'agents'])).code).toBe(0);
});

test('x-… fields carry over as they are, an overlay\'s in the new overlay; the anchors they held are written out where they were merged', async () => {
  write('assistants/bot.yaml', 'x-owner: &owner { team: support, oncall: "#bots" }\nmodel: ${var.m}\nname: Bot\nmetadata: { <<: *owner, tier: gold }\n');
  write('assistants/overlays/prod/bot.yaml', 'x-note: prod pages the on-call\n');
  const migrated = await aac(['migrate', '--to', 'foundry-agents', '--out', 'agents', '--accept-losses']);
  expect(migrated.code, migrated.stderr).toBe(0);
  expect(parse(read('agents/bot.yaml'))).toEqual({ 'x-owner': { team: 'support', oncall: '#bots' }, name: 'bot', metadata: { team: 'support', oncall: '#bots', tier: 'gold' }, definition: { kind: 'prompt', model: '${var.m}' } });
  expect(parse(read('agents/overlays/prod/bot.yaml'))).toEqual({ 'x-note': 'prod pages the on-call' });
  const validated = await aac(['validate', '--dir', 'agents']);
  expect(validated.code, validated.stdout + validated.stderr).toBe(0);
});

test("an effort the Agents API refuses for an environment's model (from a variable) is that environment's validate and plan error; on a model aac does not know, a warning", async () => {
  write('agents/aac.yaml', 'provider: openai-agents\nnamespace: support\nvariables:\n  m: { type: string, default: gpt-4o }\nenvironments:\n  dev: {}\n  prod: { namespace: support-prod, values: { m: o3-mini } }\n  lab: { namespace: support-lab, values: { m: my-deployment } }\n');
  write('agents/bot.yaml', 'model: ${var.m}\nname: Bot\nreasoning: { effort: medium }\n');
  const validated = await aac(['validate', '--dir', 'agents']);
  expect(validated.code).toBe(1);
  const out = validated.stdout + validated.stderr;
  expect(out).toContain("agents/bot.yaml:3:22: error: in environment 'dev': reasoning.effort is set, but 'gpt-4o' is not a reasoning model");
  expect(out).toContain('hint: remove the effort (or write reasoning: null), or choose a reasoning model');
  expect(out).toContain("agents/bot.yaml:3:22: warning: in environment 'lab': reasoning.effort is set, but 'my-deployment' is not among the reasoning model families aac knows");
  expect(out).not.toContain("in environment 'prod'");
  const emu = await testEmulator({ provider: 'openai-agents', apiKey: KEY });
  const plan = await aac(['plan', '--dir', 'agents', '--env', 'dev'], { OPENAI_BASE_URL: emu.url });
  expect(plan.code).toBe(1);
  expect(plan.stdout + plan.stderr).toContain("agents/bot.yaml:3:22: error: reasoning.effort is set, but 'gpt-4o' is not a reasoning model");
  expect(emu.resources()).toEqual([]);
  expect((await aac(['plan', '--dir', 'agents', '--env', 'prod'], { OPENAI_BASE_URL: emu.url })).code).toBe(0);
});
