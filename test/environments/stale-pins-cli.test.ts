// A rollback after a cut-over: the classic assistants of one environment were deleted, and the
// definitions restored from git pin (in that environment's overlays) ids that are gone. A plan says
// every pin that cannot hold at once, each at its overlay's line with its hint — also a pin of
// another namespace's assistant among them — so that fixing one does not reveal the next; in
// --format json each is a located `pinned-id` diagnostic. In-process CLI against the Foundry
// classic emulator over loopback.
import { expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';
import { writeFile } from './helpers.js';

const TOKEN = 'entra-token-stale-pins';

it('a plan names every id: pin that cannot hold at once, each at its overlay, and --format json lists each', async () => {
  const emu = await testEmulator({ provider: 'foundry', apiKey: TOKEN });
  const cwd = testDir('aac-stale-pins-');
  writeFile(cwd, 'classic/aac.yaml', `provider: foundry\nnamespace: platform\nenvironments:\n  staging: { endpoint: "${emu.url}" }\n`);
  const keys = ['billing', 'hr', 'legal'];
  const seeded = emu.seed(keys.map((k) => ({ model: 'gpt-4o', name: k })));
  keys.forEach((k, i) => {
    writeFile(cwd, `classic/${k}.yaml`, `model: gpt-4o\nname: ${k}\n`);
    writeFile(cwd, `classic/overlays/staging/${k}.yaml`, `# environment staging\n\nid: ${seeded[i]!.id as string}\n`);
  });
  const [foreign] = emu.seed([{ model: 'gpt-4o', name: 'kept', metadata: { 'aac@team-b': 'kept' } }]);
  writeFile(cwd, 'classic/kept.yaml', 'model: gpt-4o\nname: kept\n');
  writeFile(cwd, 'classic/overlays/staging/kept.yaml', `id: ${foreign!.id as string}\n`);
  const aac = (...args: string[]) => runCli([...args, '--no-color'], { cwd, env: { AAC_FOUNDRY_TOKEN: TOKEN, AZURE_AI_PROJECT_ENDPOINT: undefined, AAC_NAMESPACE: undefined, AAC_ENV: undefined } });

  // The environment's assistants deleted (its cut-over), the pins left in the overlays.
  for (const a of seeded.slice(0, 2)) {
    const gone = await fetch(`${emu.url}/assistants/${a.id as string}?api-version=v1`, { method: 'DELETE', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(gone.status).toBe(200);
  }
  const plan = await aac('plan', '--dir', 'classic', '--env', 'staging');
  expect(plan.code).toBe(1);
  expect(plan.stderr).toContain('Error: 3 definitions cannot take the assistants that their `id:` or `moved_from:` name; nothing was changed:\n');
  for (const [k, a] of [['billing', seeded[0]!], ['hr', seeded[1]!]] as const) {
    expect(plan.stderr).toContain(`  classic/overlays/staging/${k}.yaml:3:1: 'id: ${a.id as string}' pins assistant '${k}' to an assistant that does not exist on the host of the environment 'staging'\n    check the id, or remove \`id:\` to create the assistant instead\n`);
  }
  expect(plan.stderr).toContain(`  classic/overlays/staging/kept.yaml:1:1: 'id: ${foreign!.id as string}' pins assistant 'kept' to an assistant managed by the namespace 'team-b'`);
  expect(plan.stderr).not.toContain('legal');

  const json = JSON.parse((await aac('plan', '--dir', 'classic', '--env', 'staging', '--format', 'json')).stdout);
  expect(json.diagnostics.filter((d: { code: string }) => d.code === 'pinned-id').map((d: { file: string; line: number }) => `${d.file}:${d.line}`)).toEqual([
    'classic/overlays/staging/billing.yaml:3', 'classic/overlays/staging/hr.yaml:3', 'classic/overlays/staging/kept.yaml:1',
  ]);

  // One left: said alone, as ever.
  writeFile(cwd, 'classic/overlays/staging/billing.yaml', '# environment staging\nname: billing\n');
  writeFile(cwd, 'classic/overlays/staging/hr.yaml', '# environment staging\nname: hr\n');
  const one = await aac('plan', '--dir', 'classic', '--env', 'staging');
  expect(one.code).toBe(1);
  expect(one.stderr).toMatch(/^Error: classic\/overlays\/staging\/kept\.yaml:1:1: 'id: \S+' pins assistant 'kept' to an assistant managed by the namespace 'team-b'/);
});
