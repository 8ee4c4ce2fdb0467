// `aac migrate` refused for drift says, for each environment that drifted, its check and a way out
// that works there: a line per environment (one of them alone left the others' differences with
// no command), and an import only of the resources it writes an overlay for — where the
// environment's overlay for a key exists already, import refuses it, so that overlay is named,
// with the fields that differ, to edit by hand. Each way out, followed as printed, settles its
// environment, and the migration then goes through.
import { appendFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, expect, test } from 'vitest';
import { END_TO_END, runCli } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';
import { writeFile } from '../environments/helpers.js';
import type { RunningEmulator } from '../../src/emulator/index.js';

let cwd: string;
let envs: Record<'dev' | 'prod', RunningEmulator>;
const on = { AAC_NAMESPACE: undefined, OPENAI_BASE_URL: undefined, OPENAI_API_KEY: 'sk-test' };
const aac = (argv: string[]) => runCli([...argv, '--no-color'], { cwd, env: on });
const migrate = (...more: string[]) => aac(['migrate', '--to', 'openai-agents', '--out', 'agents', ...more]);
const apply = async (env: 'dev' | 'prod') => expect((await aac(['apply', '--yes', '--dir', 'assistants', '--env', env])).code).toBe(0);
const shows = (env: 'dev' | 'prod') => `\`aac plan --dir assistants --env ${env} --detailed-exitcode\` shows each difference: `;
const check = (env: 'dev' | 'prod') => `${shows(env)}apply it to revert the host`;
/** The way out of a definition with no live assistant, and of a live one with no definition (an orphan, which a plain apply keeps). */
const create = 'apply it to create each defined assistant that is not live, or remove its definition';
const prune = (env: 'dev' | 'prod') => `a plain apply keeps each live assistant that no definition has (an orphan): \`aac apply --prune --dir assistants --env ${env}\` deletes it, or a definition of its key takes it back`;
const idOf = (env: 'dev' | 'prod', name: string) => (envs[env].resources() as Array<{ id: string; name: string }>).find((r) => r.name === name)!.id;
/** The line of the refusal that settles environment `env`. */
const lineOf = (stderr: string, env: string) => stderr.split('\n').find((l) => l.startsWith(`  - in environment '${env}': `));
/** The command a line offers (`with \`aac …\``), as words to run. */
const offered = (line: string | undefined) => /with `aac ([^`]+)`/.exec(line ?? '')?.[1]!.split(' ');

beforeEach(async () => {
  envs = { dev: await testEmulator(), prod: await testEmulator() };
  cwd = testDir('aac-migrate-drift-');
  writeFile(cwd, 'assistants/aac.yaml', `namespace: envt\nenvironments:\n  dev:\n    endpoint: ${envs.dev.url}\n  prod:\n    endpoint: ${envs.prod.url}\n`);
  writeFile(cwd, 'assistants/billing.yaml', 'model: gpt-4o\nname: B\ninstructions: Help.\n');
});

test('each environment that drifted gets its own line, with its check and its way out; followed as printed, each settles its environment', END_TO_END, async () => {
  await apply('prod');
  envs.prod.mutate(idOf('prod', 'B'), { instructions: 'x' });
  // dev was never applied: its difference is a definition with no live assistant, which an apply settles.

  const refused = await migrate();
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain('Error: 2 differences between the definitions in assistants and their live assistants; nothing was written:\n');
  expect(lineOf(refused.stderr, 'dev')).toBe(`  - in environment 'dev': ${shows('dev')}${create}`);
  const prod = lineOf(refused.stderr, 'prod');
  expect(prod).toBe(`  - in environment 'prod': ${check('prod')}, or take the host's values into the files with \`aac import --force --replace-differing --id ${idOf('prod', 'B')} --dir assistants --env prod\``);
  expect(refused.stderr).toContain('\n  bring the definitions in assistants and the live assistants together first, in each environment as its line says, or run again with --accept-drift to migrate the files as they are\n');
  // Under --format json each difference's hint is its own environment's way out.
  const json = JSON.parse((await migrate('--format', 'json')).stdout) as { diagnostics: Array<{ code: string; message: string; hint: string }> };
  for (const env of ['dev', 'prod']) {
    const drift = json.diagnostics.filter((d) => d.code === 'migrate-drift' && d.message.startsWith(`in environment '${env}'`));
    expect(drift).toHaveLength(1);
    expect(drift[0]!.hint).toContain(`(${shows(env as 'dev' | 'prod')}${env === 'dev' ? create : 'apply it to revert the host'}`);
    expect(drift[0]!.hint).not.toContain(`--env ${env === 'dev' ? 'prod' : 'dev'}`);
  }

  const imported = await aac(offered(prod)!);
  expect(imported.code, imported.stderr).toBe(0);
  expect(readFileSync(join(cwd, 'assistants/overlays/prod/billing.yaml'), 'utf8')).toContain('instructions: x');
  await apply('dev');
  for (const env of ['dev', 'prod'] as const) expect((await aac(['plan', '--dir', 'assistants', '--env', env, '--detailed-exitcode'])).code).toBe(0);
  const migrated = await migrate();
  expect(migrated.code, migrated.stderr).toBe(0);
}, 240_000);

test('where the overlay of a resource that differs exists already, the line names it with the fields to edit, and imports only the others', END_TO_END, async () => {
  writeFile(cwd, 'assistants/orders.yaml', 'model: gpt-4o\nname: O\ninstructions: Take orders.\n');
  writeFile(cwd, 'assistants/overlays/prod/billing.yaml', 'metadata: { tier: platinum }\n');
  await apply('dev');
  await apply('prod');
  envs.prod.mutate(idOf('prod', 'B'), { instructions: 'x', model: 'gpt-4o-mini' });
  envs.prod.mutate(idOf('prod', 'O'), { instructions: 'y' });

  const refused = await migrate();
  expect(refused.code).toBe(1);
  expect(lineOf(refused.stderr, 'dev')).toBeUndefined();
  const prod = lineOf(refused.stderr, 'prod');
  expect(prod).toBe(
    `  - in environment 'prod': ${check('prod')}, or take the host's values into the files with \`aac import --force --replace-differing --id ${idOf('prod', 'O')} --dir assistants --env prod\`` +
      ', and by editing assistants/overlays/prod/billing.yaml (model and instructions), which import leaves alone: it writes an overlay only where there is none',
  );

  // The import, as printed, is not refused (billing's overlay would be), and writes orders' overlay.
  const imported = await aac(offered(prod)!);
  expect(imported.code, imported.stderr).toBe(0);
  expect(readFileSync(join(cwd, 'assistants/overlays/prod/orders.yaml'), 'utf8')).toContain('instructions: y');
  // The overlay named, edited by hand to hold the host's values, settles the rest.
  appendFileSync(join(cwd, 'assistants/overlays/prod/billing.yaml'), 'model: gpt-4o-mini\ninstructions: x\n');
  expect((await aac(['plan', '--dir', 'assistants', '--env', 'prod', '--detailed-exitcode'])).code).toBe(0);
  const migrated = await migrate();
  expect(migrated.code, migrated.stderr).toBe(0);
}, 240_000);

test("each kind of difference gets a way out that settles it: a changed field an apply reverts, a definition not live an apply creates, a live assistant no definition has (an orphan) only an apply with --prune deletes", END_TO_END, async () => {
  writeFile(cwd, 'assistants/orders.yaml', 'model: gpt-4o\nname: O\ninstructions: Take orders.\n');
  await apply('prod');
  envs.prod.mutate(idOf('prod', 'B'), { instructions: 'x' });
  rmSync(join(cwd, 'assistants/orders.yaml'));
  writeFile(cwd, 'assistants/returns.yaml', 'model: gpt-4o\nname: R\ninstructions: Take returns.\n');
  const orphan = idOf('prod', 'O');

  const refused = await migrate();
  expect(refused.code).toBe(1);
  expect(refused.stderr).toContain(`in environment 'prod': the live assistant 'orders' (${orphan}) is managed by this namespace, and no definition has its key: it is not migrated\n`);
  expect(lineOf(refused.stderr, 'prod')).toBe(
    `  - in environment 'prod': ${check('prod')}, or take the host's values into the files with \`aac import --force --replace-differing --id ${idOf('prod', 'B')} --dir assistants --env prod\`; ${create}; ${prune('prod')}`,
  );
  // Under --format json each difference's hint is its own kind's way out alone.
  const json = JSON.parse((await migrate('--format', 'json')).stdout) as { diagnostics: Array<{ code: string; file: string; path: string; message: string; hint: string }> };
  const hints = json.diagnostics.filter((d) => d.code === 'migrate-drift' && d.message.startsWith("in environment 'prod'")).map((d) => [d.file, d.path, d.hint.slice(d.hint.indexOf(shows('prod')) + shows('prod').length, d.hint.indexOf('), or run again'))]);
  expect(hints).toEqual([
    ['assistants/billing.yaml', 'instructions', `apply it to revert the host, or take the host's values into the files with \`aac import --force --replace-differing --id ${idOf('prod', 'B')} --dir assistants --env prod\``],
    ['', '', prune('prod')],
    ['assistants/returns.yaml', '', create],
  ]);

  // Followed as printed: a plain apply reverts the field and creates the missing one, and keeps the orphan, still a difference; the apply with --prune deletes it.
  await apply('prod');
  expect(envs.prod.resources().map((r) => (r as { id: string }).id)).toContain(orphan);
  expect(lineOf((await migrate()).stderr, 'prod')).toBe(`  - in environment 'prod': ${shows('prod')}${prune('prod')}`);
  const pruned = await aac(/`aac ([^`]+)` deletes it/.exec(prune('prod'))![1]!.split(' ').concat('--yes'));
  expect(pruned.code, pruned.stderr).toBe(0);
  expect(envs.prod.resources().map((r) => (r as { id: string }).id)).not.toContain(orphan);
  await apply('dev');
  const migrated = await migrate();
  expect(migrated.code, migrated.stderr).toBe(0);
}, 240_000);
