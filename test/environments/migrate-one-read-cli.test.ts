// `aac migrate` where the key is given reads the source's definitions as written (to convert them)
// and as each environment's plan reads them (to check the live state for drift): every definition
// file, overlay and `$ref` fragment is read from the disk once in the run, whichever load asks
// first, and never again where a load locates a field in it (a loss said at its line), which a
// file parsed cleanly has no index of positions for. Counted in-process at the loader's one reader
// of definition and overlay files, and at the bounded read every file is read with.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test, vi } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';
import { writeFile } from './helpers.js';

/** Each file (absolute path) given to the reader of definition and overlay files, in order, every time. */
const reads: string[] = [];
vi.mock('../../src/desired/read-files.js', async (original) => {
  const real = await original<typeof import('../../src/desired/read-files.js')>();
  return {
    ...real,
    readDefinitionFiles: ((files, ...rest) => {
      reads.push(...files.map((f) => f.path));
      return real.readDefinitionFiles(files, ...rest);
    }) satisfies typeof real.readDefinitionFiles,
  };
});
/** Each file read whole with a bound: a fragment, a definition or overlay file (and again, each time a load locates a field in it, unless the run's reads are shared). */
const bounded: string[] = [];
vi.mock('../../src/desired/file-access.js', async (original) => {
  const real = await original<typeof import('../../src/desired/file-access.js')>();
  return {
    ...real,
    readBounded: ((path, ...rest) => {
      bounded.push(path);
      return real.readBounded(path, ...rest);
    }) satisfies typeof real.readBounded,
  };
});

const KEY = 'sk-test-migrate-one-read-000000';

test('with the key given, each definition file, overlay and fragment is read once: as written, for each environment\'s plan, and to locate a loss in each environment', async () => {
  const [dev, prod] = [await testEmulator({ apiKey: KEY }), await testEmulator({ apiKey: KEY })];
  const cwd = testDir('aac-migrate-one-read-');
  mkdirSync(join(cwd, '.git'));
  writeFile(cwd, 'src/aac.yaml', [
    'namespace: support',
    'variables:',
    '  m: { type: string, default: gpt-4o }',
    'environments:',
    `  dev: { endpoint: "${dev.url}" }`,
    `  prod: { endpoint: "${prod.url}", values: { m: gpt-4o-mini } }`,
    '',
  ].join('\n'));
  // A field an agent cannot carry: each environment's conversion says the loss at its line.
  writeFile(cwd, 'src/billing.yaml', 'model: ${var.m}\nname: Billing\nresponse_format: { type: json_object }\n');
  writeFile(cwd, 'src/bot.yaml', 'model: gpt-4o\nname: Bot\nmetadata: { $ref: _shared.yaml#/meta }\n');
  writeFile(cwd, 'src/_shared.yaml', 'meta: { team: support }\n');
  writeFile(cwd, 'src/overlays/prod/bot.yaml', 'metadata: { tier: platinum }\n');
  const aac = (...argv: string[]) => runCli([...argv, '--no-color'], { cwd, env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: undefined, AAC_NAMESPACE: undefined } });
  for (const env of ['dev', 'prod']) expect((await aac('apply', '--yes', '--dir', 'src', '--env', env)).code).toBe(0);

  reads.length = 0;
  bounded.length = 0;
  const migrated = await aac('migrate', '--to', 'openai-agents', '--dir', 'src', '--out', 'agents', '--accept-losses');
  expect(migrated.code, migrated.stderr).toBe(0);
  // The live state was read in both environments, by plans of the definitions as each reads them.
  for (const env of ['dev', 'prod']) expect(migrated.stdout).toContain(`The live assistants of src/ in environment '${env}' match the definitions`);
  expect(migrated.stdout).toMatch(/src\/billing\.yaml:3:1: response_format/);
  const files = ['src/billing.yaml', 'src/bot.yaml', 'src/overlays/prod/bot.yaml'].map((rel) => join(cwd, rel));
  expect(reads.filter((path) => files.includes(path)).sort()).toEqual(files);
  expect(bounded.filter((path) => files.includes(path)).sort()).toEqual(files);
  const fragment = join(cwd, 'src/_shared.yaml');
  expect(bounded.filter((path) => path === fragment)).toEqual([fragment]);
});
