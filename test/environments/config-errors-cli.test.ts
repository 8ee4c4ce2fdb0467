// A problem in one part of aac.yaml stops none of the checks that do not depend on it, and makes
// no false follow-on error: `aac validate` (and a plan, against the emulator) report exactly the
// real problems of aac.yaml, the definitions and every environment's overlays in one run.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { runCli } from '../helpers/cli.js';
import { writeFile } from './helpers.js';
import { testDir, testEmulator } from '../helpers/each-test.js';

const KEY = 'sk-test-config-errors-000000000000';
let emu: RunningEmulator;
let cwd: string;

const write = (rel: string, text: string) => writeFile(cwd, rel, text);
const aac = (...args: string[]) => runCli([...args, '--no-color'], { cwd, env: { OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: KEY } });

/** aac.yaml with environments, `temperature: hot` given for a number in dev (line 9, column 52). */
const AAC_YAML = (extra = '', variables = '  temperature: { type: number, default: 0.3 }\n') => [
  'provider: openai',
  'namespace: support',
  extra,
  'variables:',
  '  policies_store: { type: string }',
  variables.trimEnd(),
  'environments:',
  '  dev:',
  '    values: { policies_store: vs_dev, temperature: hot }',
  '  prod:',
  '    namespace: support-prod',
  '    values: { policies_store: vs_prod }',
  '',
].join('\n');

beforeEach(async () => {
  emu = await testEmulator({ apiKey: KEY });
  cwd = testDir('aac-config-errors-');
  mkdirSync(join(cwd, '.git'));
  write('assistants/support/billing.yaml', [
    'model: gpt-4o-mini',
    'name: Billing Support',
    'temperature: "${var.temperature}"',
    'tools: [{ type: file_search }]',
    'tool_resources:',
    '  file_search: { vector_store_ids: ["${var.policies_store}"] }',
    '',
  ].join('\n'));
  // A typo in the overlay's file name: its base is support/billing.
  write('assistants/overlays/prod/support/biling.yaml', 'metadata: { tier: platinum }\n');
});

/** `file:line:col code message` of each diagnostic of `validate --format json`. */
async function problems(...args: string[]): Promise<{ code: number; lines: string[]; hints: string[] }> {
  const r = await aac('validate', '--format', 'json', ...args);
  const doc = JSON.parse(r.stdout) as { diagnostics: Array<{ file: string; line: number; column: number; code: string; message: string; hint: string }> };
  return { code: r.code, lines: doc.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`), hints: doc.diagnostics.map((d) => d.hint) };
}

const TYPE_ERROR = "assistants/aac.yaml:9:52 invalid-type variable 'temperature' is declared as number, but this value is a string";
const OVERLAY_TYPO = /^assistants\/overlays\/prod\/support\/biling\.yaml:1:1 \S+ in environment 'prod': overlay for 'support\/biling', but no base definition has that key$/;

describe('an error in aac.yaml hides no other and adds no false one', () => {
  it('a value of the wrong type and an overlay typo: exactly those two, in one run', async () => {
    write('assistants/aac.yaml', AAC_YAML());
    const text = await aac('validate');
    expect(text.code).toBe(1);
    expect(text.stdout).not.toMatch(/has no value|declare environments/);
    const { code, lines, hints } = await problems();
    expect(code).toBe(1);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe(TYPE_ERROR);
    expect(lines[1]).toMatch(OVERLAY_TYPO);
    expect(hints[1]).toContain("did you mean 'support/billing'?");
  });

  it('a plan in the environment with the typo reports both and writes nothing', async () => {
    write('assistants/aac.yaml', AAC_YAML());
    const plan = await aac('plan', '--env', 'prod');
    expect(plan.code).toBe(1);
    expect(plan.stdout + plan.stderr).toContain("variable 'temperature' is declared as number");
    expect(plan.stdout + plan.stderr).toContain("overlay for 'support/biling', but no base definition has that key");
    expect(plan.stdout + plan.stderr).not.toMatch(/has no value|declare environments/);
    expect(emu.resources()).toEqual([]);
  });

  it("a misspelt field of aac.yaml is named as aac.yaml's, and the environments are still checked", async () => {
    write('assistants/aac.yaml', AAC_YAML('namespce: billing'));
    write('assistants/support/extra.yaml', 'model: gpt-4o\nnmae: Extra\n');
    const { code, lines, hints } = await problems();
    expect(code).toBe(1);
    expect(lines).toEqual([
      "assistants/aac.yaml:3:1 unknown-field unknown field 'namespce' in aac.yaml",
      TYPE_ERROR,
      // A definition's own keep their wording.
      "assistants/support/extra.yaml:2:1 unknown-field unknown field 'nmae' in the definition",
      expect.stringMatching(OVERLAY_TYPO),
    ]);
    expect(hints[0]).toBe("did you mean 'namespace'?");
  });

  it('a declaration of the wrong type or with a default of the wrong type: its references are not reported again', async () => {
    write('assistants/aac.yaml', AAC_YAML('', '  temperature: { type: number, default: warm }\n  note: { type: strng, default: hello }\n'));
    write('assistants/support/noted.yaml', 'model: gpt-4o\ndescription: "${var.note}"\ntemperature: "${var.temperature}"\n');
    const { code, lines } = await problems();
    expect(code).toBe(1);
    expect(lines).toEqual([
      "assistants/aac.yaml:6:41 invalid-type variable 'temperature' is declared as number, but this value is a string",
      "assistants/aac.yaml:7:17 invalid-value variables.note.type 'strng' is not allowed; expected one of: string, number, integer, boolean",
      TYPE_ERROR.replace(':9:', ':10:'),
      expect.stringMatching(OVERLAY_TYPO),
    ]);
  });

  it('a declaration without a type is told the four types there are', async () => {
    write('assistants/aac.yaml', AAC_YAML('', '  temperature: { default: 0.3 }\n'));
    const r = await aac('validate', '--dir', 'assistants');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("assistants/aac.yaml:6:3: error: variables.temperature is missing the required field 'type' [variables.temperature]\n  hint: add `type:` (one of: string, number, integer, boolean)\n");
  });

  it('an --env where aac.yaml declares no environments is said beside its errors with no line or column: it came from the command line', async () => {
    write('assistants/aac.yaml', 'provider: openai\nnamespce: x\n');
    const r = await aac('validate', '--format', 'json', '--env', 'staging');
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).diagnostics).toContainEqual(expect.objectContaining({ code: 'unknown-environment', file: 'assistants/aac.yaml', line: null, column: null, message: '--env staging: aac.yaml declares no environments' }));
    const text = await aac('validate', '--env', 'staging');
    expect(text.stdout + text.stderr).toMatch(/^assistants\/aac\.yaml: error: --env staging: aac\.yaml declares no environments/m);
  });

  it('an --env that aac.yaml does not declare is said beside aac.yaml\'s errors, in validate and plan', async () => {
    write('assistants/aac.yaml', AAC_YAML('namespce: x'));
    const { code, lines, hints } = await problems('--env', 'staging');
    expect(code).toBe(1);
    // At the `environments:` key it is not among, not at the top of the file.
    expect(lines).toContain("assistants/aac.yaml:7:1 unknown-environment --env staging: no such environment (aac.yaml declares dev, prod)");
    expect(lines).toContain("assistants/aac.yaml:3:1 unknown-field unknown field 'namespce' in aac.yaml");
    expect(hints).toContain('pick one of dev, prod');
    const plan = await aac('plan', '--env', 'prd');
    expect(plan.code).toBe(1);
    expect(plan.stdout + plan.stderr).toContain('--env prd: no such environment (aac.yaml declares dev, prod)');
    expect(plan.stdout + plan.stderr).toContain("did you mean 'prod'?");
    expect(plan.stdout + plan.stderr).toContain("unknown field 'namespce'");
  });

  it('several declared environments at once (--env dev,prod, AAC_ENV="dev prod") are told a run plans one, with a run for each; no request is sent', async () => {
    write('assistants/aac.yaml', 'namespace: support\nenvironments:\n  dev: {}\n  prod: { namespace: support-prod }\n');
    write('assistants/bot.yaml', 'model: gpt-4o\n');
    const before = emu.stats().total;
    for (const [argv, env, said] of [
      [['plan', '--env', 'dev,prod'], {}, 'Error: --env dev,prod: a run plans one environment, and this names 2\n  run once for each: `--env dev` and `--env prod`\n'],
      [['plan', '--env', 'dev prod'], {}, 'Error: --env dev prod: a run plans one environment, and this names 2\n  run once for each: `--env dev` and `--env prod`\n'],
      [['plan'], { AAC_ENV: 'prod, dev' }, 'Error: AAC_ENV prod, dev: a run plans one environment, and this names 2\n  run once for each: `AAC_ENV=prod` and `AAC_ENV=dev`\n'],
    ] as const) {
      const r = await runCli([...argv, '--no-color'], { cwd, env: { OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: KEY, ...env } });
      expect([r.code, r.stderr]).toEqual([1, said]);
    }
    // A list with a name aac.yaml does not declare stays that error, with its typo's hint.
    expect((await aac('plan', '--env', 'dev,prd')).stderr).toContain('--env dev,prd: no such environment (aac.yaml declares dev, prod)');
    expect(emu.stats().total).toBe(before);
  });
});
