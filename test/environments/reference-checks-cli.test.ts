// A field given as a `${var.…}` reference is checked, in every backend's schema, once each
// environment's value is in it: an error is located at the reference and names the environments
// whose value is refused (never the ones whose value is fine).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir } from '../helpers/each-test.js';
import { writeFile } from './helpers.js';

const config = (provider: string, n: number) => [
  `provider: ${provider}`,
  'namespace: t',
  'variables:',
  '  effort: { type: string }',
  '  n: { type: number }',
  'environments:',
  `  dev: { values: { effort: lots, n: ${n} } }`,
  '  prod: { namespace: t-prod, values: { effort: low, n: 1 } }',
  '',
].join('\n');

const cases = [
  {
    provider: 'foundry-agents',
    n: 99,
    file: 'name: bot\ndefinition:\n  kind: prompt\n  model: gpt-4o\n  temperature: "${var.n}"\n  reasoning: { effort: "${var.effort}" }\n',
    errors: ["bot.yaml:5:16: error: in environment 'dev': definition.temperature is 99", "bot.yaml:6:24: error: in environment 'dev': definition.reasoning.effort 'lots' is not allowed"],
  },
  {
    provider: 'openai',
    n: 99,
    file: 'model: gpt-4o\ntemperature: "${var.n}"\nreasoning_effort: "${var.effort}"\n',
    errors: ["bot.yaml:2:14: error: in environment 'dev': temperature is 99", "bot.yaml:3:19: error: in environment 'dev': reasoning_effort 'lots' is not allowed"],
  },
  {
    provider: 'openai-agents',
    n: 0,
    file: 'model: gpt-5\nmulti_agent: { enabled: true, max_concurrent_subagents: "${var.n}" }\nreasoning: { effort: "${var.effort}" }\n',
    errors: ["bot.yaml:2:57: error: in environment 'dev': multi_agent.max_concurrent_subagents is 0; it must be between 1", "bot.yaml:3:22: error: in environment 'dev': reasoning.effort 'lots' is not allowed"],
  },
];

for (const { provider, n, file, errors } of cases) {
  test(`${provider}: each referenced field is checked with each environment's value, at the reference`, async () => {
    const cwd = testDir('aac-reference-checks-');
    mkdirSync(join(cwd, '.git'));
    writeFile(cwd, 'assistants/aac.yaml', config(provider, n));
    writeFile(cwd, 'assistants/bot.yaml', file);
    const all = await runCli(['validate', '--no-color'], { cwd, env: { AAC_ENV: undefined } });
    expect(all.code).toBe(1);
    for (const e of errors) expect(all.stdout).toContain(`assistants/${e}`);
    expect(all.stdout).not.toContain("'prod'");
    // Prod's values are valid: as prod sees it, the definition is.
    const prod = await runCli(['validate', '--no-color', '--env', 'prod'], { cwd, env: { AAC_ENV: undefined } });
    expect(prod.code, prod.stdout).toBe(0);
  });
}
