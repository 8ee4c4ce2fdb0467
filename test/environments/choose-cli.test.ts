// Choosing an environment through the real CLI: `--env` / AAC_ENV pick the endpoint and namespace
// aac.yaml gives it, every plan view and the saved plan name it, and a plan is applied and shown
// only in its own environment. Two emulators over loopback HTTP.
import { readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/server.js';
import type { PlanDocument } from '../../src/plan/plan-file.js';
import { runCli } from '../helpers/cli.js';
import { writeFile } from './helpers.js';
import { testDir, testEmulator } from '../helpers/each-test.js';

const KEY = 'sk-test-choose-environment-000000000000';
let dev: RunningEmulator;
let prod: RunningEmulator;
let cwd: string;

const write = (rel: string, text: string) => writeFile(cwd, rel, text);

beforeEach(async () => {
  [dev, prod] = await Promise.all([testEmulator({ apiKey: KEY }), testEmulator({ apiKey: KEY })]);
  cwd = testDir('aac-env-choose-');
  write('assistants/aac.yaml', [
    'namespace: support',
    'environments:',
    `  dev: { endpoint: "${dev.url}" }`,
    `  prod: { endpoint: "${prod.url}", namespace: support-prod }`,
    '',
  ].join('\n'));
  write('assistants/faq.yaml', 'model: gpt-4o\nname: FAQ\n');
});

// No AAC_NAMESPACE: the namespace is aac.yaml's, or the environment's.
const run = (argv: string[], env: Record<string, string | undefined> = {}) => runCli(argv, { cwd, env: { OPENAI_API_KEY: KEY, AAC_NAMESPACE: undefined, ...env } });

describe('--env and AAC_ENV', () => {
  it('plan and apply in the chosen environment only, with its endpoint and namespace', async () => {
    const applied = await run(['apply', '--env', 'prod', '--yes']);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(applied.stdout).toContain(`aac will perform the following actions in environment prod, namespace 'support-prod', on openai (${prod.url}):`);
    expect(prod.resources().map((a) => [a.name, a.metadata])).toEqual([['FAQ', { 'aac@support-prod': 'faq' }]]);
    expect(dev.resources()).toEqual([]);

    const clean = await run(['plan', '--detailed-exitcode'], { AAC_ENV: 'prod' });
    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain("No changes in environment prod, namespace 'support-prod'. 1 assistant matches its definition.");
    // The flag wins over AAC_ENV.
    const devPlan = await run(['plan', '--env', 'dev', '--format', 'json'], { AAC_ENV: 'prod' });
    const doc = JSON.parse(devPlan.stdout) as PlanDocument;
    expect(doc.format_version).toBe('1.21');
    expect(doc.target).toEqual({ backend: 'assistants', provider: 'openai', endpoint: dev.url, namespace: 'support', environment: 'dev' });
    expect(doc.summary.create).toBe(1);
    const md = await run(['plan', '--env', 'dev', '--format', 'markdown']);
    expect(md.stdout).toContain(`Target: environment \`dev\`, namespace \`support\`, \`openai\` at \`${dev.url}\``);
  });

  it('a plan saved in one environment is applied and shown only in it; without --env the plan names its own', async () => {
    const out = join(cwd, 'dev.plan.json');
    expect((await run(['plan', '--env', 'dev', '--out', out])).code).toBe(0);
    expect((JSON.parse(readFileSync(out, 'utf8')) as PlanDocument).target.environment).toBe('dev');

    for (const refused of [await run(['apply', out, '--env', 'prod']), await run(['apply', out], { AAC_ENV: 'prod' }), await run(['show', out, '--env', 'prod'])]) {
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain("the plan was made for environment 'dev', not 'prod'");
      expect(refused.stdout).toBe('');
    }
    expect([dev.resources(), prod.resources()]).toEqual([[], []]);
    // AAC_ENV, exported for another project, is not on the command line: it is named, and so is the
    // way past it. The flag's refusal says the flag alone.
    expect((await run(['apply', out], { AAC_ENV: 'prod' })).stderr).toBe(
      "Error: the plan was made for environment 'dev', not 'prod', which AAC_ENV names (set in the environment); nothing was changed\n" +
        `  use it in its own environment (--env dev, which wins over AAC_ENV; or unset AAC_ENV for this directory: exported for another project, it is read by every run), or make a plan for prod: aac plan --out prod.plan.json --env prod\n`,
    );
    expect((await run(['show', out], { AAC_ENV: 'prod' })).stderr).toContain("Error: the plan was made for environment 'dev', not 'prod', which AAC_ENV names (set in the environment)\n");
    expect((await run(['apply', out, '--env', 'prod'])).stderr).toBe(
      "Error: the plan was made for environment 'dev', not 'prod'; nothing was changed\n  use it in its own environment (--env dev), or make a plan for prod: aac plan --out prod.plan.json --env prod\n",
    );
    expect([dev.resources(), prod.resources()]).toEqual([[], []]);
    expect((await run(['show', out, '--env', 'dev'])).stdout).toContain("in environment dev, namespace 'support', on openai");

    const applied = await run(['apply', out]);
    expect(applied.stderr).toBe('');
    expect(applied.code).toBe(0);
    expect(dev.resources().map((a) => a.name)).toEqual(['FAQ']);
    expect(prod.resources()).toEqual([]);
  });

  it('a plan made without environments is refused in one', async () => {
    const out = join(cwd, 'plain.plan.json');
    write('assistants/aac.yaml', `namespace: support\nendpoint: "${dev.url}"\n`);
    expect((await run(['plan', '--out', out])).code).toBe(0);
    expect((JSON.parse(readFileSync(out, 'utf8')) as PlanDocument).target.environment).toBeNull();
    write('assistants/aac.yaml', `namespace: support\nenvironments:\n  dev: { endpoint: "${dev.url}" }\n`);
    const refused = await run(['apply', out, '--env', 'dev']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("the plan was made without an environment, not for 'dev'");
  });

  it('names what is wrong with a choice: none made, an unknown name, environments not declared', async () => {
    const none = await run(['plan']);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('aac.yaml declares environments (dev, prod): choose one for plan with --env NAME or AAC_ENV');
    expect(none.stderr).toContain('e.g. aac plan --env dev');
    // The example repeats a --dir that is not the default, so it runs as written.
    renameSync(join(cwd, 'assistants'), join(cwd, 'envs'));
    expect((await run(['plan', '--dir', 'envs'])).stderr).toContain('e.g. aac plan --dir envs --env dev');
    renameSync(join(cwd, 'envs'), join(cwd, 'assistants'));
    const typo = await run(['apply', '--env', 'prd', '--yes']);
    expect(typo.code).toBe(1);
    expect(typo.stderr).toContain('--env prd: no such environment (aac.yaml declares dev, prod)');
    expect(typo.stderr).toContain("did you mean 'prod'?");
    const fromVariable = await run(['import', '--dry-run'], { AAC_ENV: 'qa' });
    expect(fromVariable.stderr).toContain('AAC_ENV qa: no such environment');
    expect([dev.stats().total, prod.stats().total]).toEqual([0, 0]);

    write('assistants/aac.yaml', 'namespace: support\n');
    const undeclared = await run(['validate', '--env', 'dev']);
    expect(undeclared.code).toBe(1);
    expect(undeclared.stderr).toContain('--env dev: aac.yaml declares no environments');
    // Without environments nothing changes: no flag, no requirement.
    expect((await run(['validate'])).code).toBe(0);
  });
});

describe('an environment named where the definitions directory does not exist', () => {
  // Run from inside the definitions directory, or with a mistyped --dir: the directory is the
  // mistake, and its refusal (with `--dir .` or the folder that holds the definitions) is what is
  // said, never that an aac.yaml "declares no environments" while the one in view declares it.
  it('is refused for the directory, with its hints, by every command that takes --env', async () => {
    const inside = join(cwd, 'assistants');
    const fromInside = (argv: string[], env: Record<string, string> = {}) => runCli(argv, { cwd: inside, env: { OPENAI_API_KEY: KEY, AAC_NAMESPACE: undefined, ...env } });
    for (const r of [await fromInside(['plan', '--env', 'prod']), await fromInside(['apply', '--yes'], { AAC_ENV: 'prod' }), await fromInside(['validate', '--env', 'prod'])]) {
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("Error: the definitions directory 'assistants' does not exist");
      expect(r.stderr).toContain('if it is the definitions directory, pass --dir .');
      expect(r.stderr).not.toContain('declares no environments');
    }
    for (const argv of [['plan', '--dir', 'asistants', '--env', 'prod'], ['force-unlock', 'abc', '--dir', 'asistants', '--env', 'prod'], ['import', '--dir', 'asistants', '--env', 'prod', '--dry-run']]) {
      const r = await run(argv);
      expect(r.code, argv.join(' ')).toBe(1);
      expect(r.stderr, argv.join(' ')).toContain("Error: the definitions directory 'asistants' does not exist");
    }
    expect([dev.stats().total, prod.stats().total]).toEqual([0, 0]);
  });
});
