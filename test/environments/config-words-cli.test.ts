// aac.yaml's schema errors in aac's words, with the fix: an empty `environments:` (it was the
// validator's "must NOT have fewer than 1 properties", no hint), an endpoint with an upper-case
// scheme (a valid URL: schemes are case-insensitive) accepted, and one with a space before it told
// so (both were "not an http:// or https:// URL", on a line that shows one).
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, expect, test } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir } from '../helpers/each-test.js';
import { EXTENSION_PREFIX } from '../../src/model/definition.js';

let cwd: string;
const validate = (config: string) => {
  writeFileSync(join(cwd, 'defs/aac.yaml'), config);
  return runCli(['validate', '--dir', 'defs', '--no-color'], { cwd });
};

beforeEach(() => {
  cwd = testDir('aac-config-words-');
  mkdirSync(join(cwd, '.git'));
  mkdirSync(join(cwd, 'defs'));
  writeFileSync(join(cwd, 'defs/a.yaml'), 'model: gpt-4o\nname: a\n');
});

test('environments: {} is empty, with the fix', async () => {
  const r = await validate('environments: {}\n');
  expect(r.stdout).toContain('defs/aac.yaml:1:15: error: environments is empty: it needs at least 1 entry [environments]\n  hint: add an entry under environments, or remove the line\n');
  expect(r.code).toBe(1);
});

test('an endpoint with an upper-case scheme is a valid URL; one after a space is told so', async () => {
  const upper = await validate('endpoint: "HTTP://127.0.0.1:9/v1"\n');
  expect(upper.stdout + upper.stderr).toContain('1 definition valid.');
  expect(upper.code).toBe(0);
  const spaced = await validate('endpoint: " http://127.0.0.1:9/v1"\n');
  expect(spaced.stdout).toContain('defs/aac.yaml:1:11: error: endpoint is not valid: it starts with white space [endpoint]\n  hint: remove the white space before the value of endpoint\n');
  expect(spaced.code).toBe(1);
  const other = await validate('endpoint: "ftp://x"\n');
  expect(other.stdout).toContain('defs/aac.yaml:1:11: error: endpoint must be an http:// or https:// URL, not ftp:// [endpoint]');
});

// A setting written at the wrong level is told where it belongs, both ways and for every setting the
// schema has: a top-level one under `options:` (or an environment), an `options:` one at the top.
test('a setting written a level too deep or too high is told where it is written', async () => {
  const schema = JSON.parse(readFileSync(new URL('../../schema/aac.schema.json', import.meta.url), 'utf8')) as { properties: Record<string, { properties?: Record<string, unknown> }> };
  const top = Object.keys(schema.properties).filter((k) => k !== '$schema' && k !== 'options');
  const options = Object.keys(schema.properties.options!.properties!);
  expect(top).toContain('retain_versions');
  for (const key of top) {
    const r = await validate(`options:\n  ${key}: 1\n`);
    expect(r.stdout, key).toContain(`defs/aac.yaml:2:3: error: unknown field '${key}' in options [options.${key}]\n  hint: '${key}' is written at the top level of aac.yaml, not under \`options:\`: move it there\n`);
    expect(r.code).toBe(1);
  }
  for (const key of options) {
    const r = await validate(`${key}: 1\n`);
    expect(r.stdout, key).toContain(`defs/aac.yaml:1:1: error: unknown field '${key}' in aac.yaml [${key}]\n  hint: did you mean 'options.${key}'? it is written under \`options:\`\n`);
  }
  // A setting not per environment: said at the environment.
  const env = await validate('environments:\n  dev:\n    variables: {}\n');
  expect(env.stdout).toContain("defs/aac.yaml:3:5: error: unknown field 'variables' in environments.dev [environments.dev.variables]\n  hint: 'variables' is written at the top level of aac.yaml, not under `environments.dev:`: move it there\n");
  // retain_versions is per environment, and refused there as at the top level where the environment's provider has no versions.
  const retained = await validate('environments:\n  dev:\n    provider: foundry-agents\n    retain_versions: 2\n  prod:\n    retain_versions: 2\n');
  expect(retained.stdout).toContain('defs/aac.yaml:6:5: error: retain_versions keeps the newest versions of versioned agents; the assistants of the provider openai have no versions [environments.prod.retain_versions]\n');
  expect(retained.stdout).not.toContain('environments.dev.retain_versions');
});

// A name the file spells wrongly is still checked and counted: the closing line escapes it as the
// error does, so a right-to-left override never reverses the rest of the terminal's line.
test("validate's closing line escapes an environment name as its error does", async () => {
  const one = await validate('environments:\n  "dev\\u202e": {}\n');
  expect(one.stdout).toContain("error: 'dev\\u202e' is not an environment name");
  expect(one.stdout).toContain("valid in environment 'dev\\u202e', but defs/aac.yaml has 1 error; fix the errors above.\n");
  const two = await validate('environments:\n  "dev\\u202e": {}\n  "prod\\u200b": {}\n');
  expect(two.stdout).toContain('valid in every environment (dev\\u202e, prod\\u200b), but defs/aac.yaml has 3 errors; fix the errors above.\n');
  expect(one.stdout + two.stdout).not.toMatch(/[\u202e\u200b]/);
});

// `Prod` and `prod` are two environments on Linux and one overlay directory on macOS and Windows.
test('environment names that differ only in case are an error at the later one, with the fix', async () => {
  const r = await validate('environments:\n  prod: {namespace: a}\n  staging: {namespace: b}\n  Prod: {namespace: c}\n');
  expect(r.stdout).toContain("defs/aac.yaml:4:3: error: environments 'prod' and 'Prod' differ only in case: aac names files after an environment (its overlay directory overlays/Prod/ unless it names one, the Prod.plan.json it suggests), and a case-insensitive file system (macOS, Windows) holds one for both [environments.Prod]\n  hint: rename 'Prod' so that it differs from 'prod' in more than case (or merge the two)\n");
  expect(r.stdout.match(/differ only in case/g)).toHaveLength(1);
  expect(r.code).toBe(1);
  const plan = await runCli(['plan', '--dir', 'defs', '--env', 'prod'], { cwd, env: { OPENAI_API_KEY: 'x', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' } });
  expect(plan.code).toBe(1);
  expect(plan.stderr).toContain("environments 'prod' and 'Prod' differ only in case");
  // Names that differ in more than case are two environments.
  expect((await validate('environments:\n  prod: {namespace: a}\n  prod-2: {namespace: c}\n')).code).toBe(0);
});

// Docker Compose's habit: shared settings under an `x-…` field, anchored, merged where they are used.
test('x-… top-level fields hold anchors, as in a definition; every kind and aac.yaml read them alike', async () => {
  const r = await validate('namespace: n\nx-common: &common\n  endpoint: https://a.example.com/v1\nenvironments:\n  dev: { <<: *common, namespace: n-dev }\n  prod: { <<: *common, namespace: n-prod }\n');
  expect([r.code, r.stdout], r.stderr).toEqual([0, expect.stringContaining('valid in every environment (dev, prod)')]);
  // One rule for every schema: the kinds' and aac.yaml's `^x-` entry is the same.
  const pattern = (file: string) => (JSON.parse(readFileSync(new URL(`../../schema/${file}`, import.meta.url), 'utf8')) as { patternProperties?: unknown }).patternProperties;
  for (const file of ['assistant.schema.json', 'openai-agent.schema.json', 'foundry-agent.schema.json']) expect(pattern(file), file).toEqual(pattern('aac.schema.json'));
  expect(Object.keys(pattern('aac.schema.json') as object)).toEqual([`^${EXTENSION_PREFIX}`]);
  // Another top-level field not allowed reads as the others do: [retain-versions], not [["retain-versions"]].
  const odd = await validate('retain-versions: 1\n');
  expect(odd.stdout).toContain("defs/aac.yaml:1:1: error: unknown field 'retain-versions' in aac.yaml [retain-versions]\n");
});
