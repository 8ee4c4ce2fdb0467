// Issue 20's "Must show": one definition set, three environments, three emulators over HTTP.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/server.js';
import type { PlanDocument } from '../../src/plan/plan-file.js';
import { runCli } from '../helpers/cli.js';
import { writeFile } from './helpers.js';
import { testDir, testEmulator } from '../helpers/each-test.js';

const KEY = 'sk-test-environments-5ecret-000000000000';
const ENVS = ['dev', 'staging', 'prod'] as const;

let emus: Record<(typeof ENVS)[number], RunningEmulator>;
let cwd: string;

const write = (rel: string, text: string) => writeFile(cwd, rel, text);

const aacYaml = (stagingValues = '{ chat_model: gpt-4o, store: vs_stg }') => [
  'provider: openai',
  'namespace: support',
  'variables:',
  '  chat_model: { type: string }',
  '  store: { type: string }',
  '  temperature: { type: number, default: 0.3 }',
  'environments:',
  `  dev: { endpoint: "${emus.dev.url}", values: { chat_model: gpt-4o-mini, store: vs_dev } }`,
  `  staging: { endpoint: "${emus.staging.url}", values: ${stagingValues} }`,
  `  prod: { endpoint: "${emus.prod.url}", values: { chat_model: gpt-4o, store: vs_prod, temperature: 0.2 } }`,
  '',
].join('\n');

beforeEach(async () => {
  emus = Object.fromEntries(await Promise.all(ENVS.map(async (e) => [e, await testEmulator({ apiKey: KEY })]))) as typeof emus;
  cwd = testDir('aac-envs-');
  mkdirSync(join(cwd, '.git'));
  write('assistants/aac.yaml', aacYaml());
  write('assistants/support/billing.yaml', [
    'model: ${var.chat_model}',
    'name: Billing',
    'temperature: "${var.temperature}"',
    'tools: [{ type: file_search }]',
    'tool_resources: { file_search: { vector_store_ids: ["${var.store}"] } }',
    '',
  ].join('\n'));
  write('assistants/hr/benefits.yaml', 'model: ${var.chat_model}\nname: HR Benefits\n');
  write('assistants/overlays/prod/support/billing.yaml', 'description: Production billing\n');
});

// No AAC_NAMESPACE: each environment plans in aac.yaml's namespace, on its own emulator.
const run = (argv: string[]) => runCli(argv, { cwd, env: { OPENAI_API_KEY: KEY, AAC_NAMESPACE: undefined } });

async function planJson(env: string): Promise<PlanDocument> {
  const r = await run(['plan', '--env', env, '--format', 'json']);
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as PlanDocument;
}
const changes = (doc: PlanDocument) => doc.resource_changes.filter((c) => c.actions[0] !== 'no-op').map((c) => [c.key, c.actions[0], c.changed_fields]);

describe('environments end to end', () => {
  it('each environment converges; a base change shows in all three, a prod override only in prod', async () => {
    expect((await run(['validate'])).code).toBe(0);
    for (const env of ENVS) {
      const applied = await run(['apply', '--env', env, '--yes']);
      expect(applied.stderr).toBe('');
      expect(applied.code).toBe(0);
      expect((await run(['plan', '--env', env, '--detailed-exitcode'])).code).toBe(0);
    }
    const billing = (env: (typeof ENVS)[number]) => emus[env].resources().find((a) => a.name === 'Billing')!;
    expect([billing('dev').model, billing('dev').temperature, billing('dev').description]).toEqual(['gpt-4o-mini', 0.3, null]);
    expect([billing('prod').model, billing('prod').temperature, billing('prod').description]).toEqual(['gpt-4o', 0.2, 'Production billing']);
    expect(billing('staging').tool_resources).toEqual({ file_search: { vector_store_ids: ['vs_stg'] } });

    write('assistants/hr/benefits.yaml', 'model: ${var.chat_model}\nname: HR Benefits Helper\n');
    for (const env of ENVS) expect(changes(await planJson(env))).toEqual([['hr/benefits', 'update', ['name']]]);

    write('assistants/hr/benefits.yaml', 'model: ${var.chat_model}\nname: HR Benefits\n');
    write('assistants/overlays/prod/support/billing.yaml', 'description: Production billing\ntemperature: 0.1\n');
    expect(changes(await planJson('dev'))).toEqual([]);
    expect(changes(await planJson('staging'))).toEqual([]);
    const prod = await planJson('prod');
    expect(changes(prod)).toEqual([['support/billing', 'update', ['temperature']]]);
    expect(prod.target).toMatchObject({ environment: 'prod', endpoint: emus.prod.url });
  });

  it('a value missing for one environment is a located validate error naming it', async () => {
    write('assistants/aac.yaml', aacYaml('{ store: vs_stg }'));
    const r = await run(['validate']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("assistants/support/billing.yaml:1:8: error: in environment 'staging': ${var.chat_model} has no value [model]");
    expect(r.stdout).toContain("assistants/hr/benefits.yaml:1:8: error: in environment 'staging': ${var.chat_model} has no value [model]");
    expect(r.stdout).toContain('hint: add chat_model under environments.staging.values (assistants/aac.yaml:');
    expect((await run(['validate', '--env', 'dev'])).code).toBe(0);
  });

  it('an unknown variable and an overlay without a base are located errors; plan shows no plan', async () => {
    write('assistants/hr/benefits.yaml', 'model: ${var.chat_modle}\nname: HR Benefits\n');
    write('assistants/overlays/prod/support/biling.yaml', 'temperature: 0.1\n');
    const r = await run(['validate']);
    expect(r.code).toBe(1);
    // The same in every environment: said once, without naming them.
    expect(r.stdout).toContain("assistants/hr/benefits.yaml:1:8: error: unknown variable 'chat_modle' in ${var.chat_modle} [model]\n  hint: did you mean ${var.chat_model}?");
    expect(r.stdout).toContain("assistants/overlays/prod/support/biling.yaml:1:1: error: in environment 'prod': overlay for 'support/biling', but no base definition has that key");
    expect(r.stdout).toContain("hint: did you mean 'support/billing'?");
    const plan = await run(['plan', '--env', 'prod']);
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain('assistants/overlays/prod/support/biling.yaml:1:1: error: overlay for');
    expect(plan.stdout).toBe('');
  });

  it("an undeclared variable's hint declares it with the type its field needs", async () => {
    write('assistants/hr/benefits.yaml', 'model: ${var.chat_model}\nname: HR Benefits\ntemperature: "${var.warmth}"\n');
    const r = await run(['validate']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("assistants/hr/benefits.yaml:3:14: error: unknown variable 'warmth' in ${var.warmth} [temperature]\n  hint: declare it in aac.yaml: variables: { warmth: { type: number } }");
  });

  it('a saved plan for staging is refused with --env prod, and nothing is written', async () => {
    const out = join(cwd, 'staging.plan.json');
    expect((await run(['plan', '--env', 'staging', '--out', out])).code).toBe(0);
    expect(JSON.parse(readFileSync(out, 'utf8')).target.environment).toBe('staging');
    const r = await run(['apply', out, '--env', 'prod']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("the plan was made for environment 'staging', not 'prod'");
    expect(emus.prod.resources()).toEqual([]);
    expect(emus.staging.resources()).toEqual([]);
    expect((await run(['apply', out, '--env', 'staging'])).code).toBe(0);
    expect(emus.staging.resources()).toHaveLength(2);
  });

  it('promotion: after a dev apply, the prod plan shows exactly that change, and is clean once applied', async () => {
    for (const env of ENVS) expect((await run(['apply', '--env', env, '--yes'])).code).toBe(0);
    write('assistants/support/billing.yaml', readFileSync(join(cwd, 'assistants/support/billing.yaml'), 'utf8').replace('name: Billing', 'name: Billing Support'));
    expect((await run(['apply', '--env', 'dev', '--yes'])).code).toBe(0);
    expect(changes(await planJson('dev'))).toEqual([]);
    const text = await run(['plan', '--env', 'prod']);
    expect(text.stdout).toContain('environment prod');
    expect(changes(await planJson('prod'))).toEqual([['support/billing', 'update', ['name']]]);
    expect((await run(['apply', '--env', 'prod', '--yes'])).code).toBe(0);
    expect((await run(['plan', '--env', 'prod', '--detailed-exitcode'])).code).toBe(0);
  });
});
