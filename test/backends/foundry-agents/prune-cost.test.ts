// What --prune costs on a Foundry project other namespaces and people share: the versions of an
// agent are listed only where its latest version carries no aac marker (made by hand, or edited
// outside aac over this namespace's, which only its older versions can tell), one listing each;
// this namespace's agents and other namespaces' are never listed, and a plan without --prune lists
// none. Counted at a proxy in front of the emulator, by the agent each listing names.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { recordingProxy } from '../../apply/helpers.js';
import { runCli } from '../../helpers/cli.js';
import { afterTest, testDir, testEmulator } from '../../helpers/each-test.js';

test('plan and apply with --prune list the versions of the unmarked agents alone, once each', async () => {
  const emu = await testEmulator({ provider: 'foundry-agents', seed: 1 });
  const proxy = await recordingProxy(emu.url);
  afterTest(() => proxy.close());
  const project = (namespace: string, names: string[]) => {
    const dir = testDir('aac-fa-prune-');
    mkdirSync(join(dir, 'agents'));
    for (const name of names) writeFileSync(join(dir, 'agents', `${name}.yaml`), `name: ${name}\ndefinition:\n  kind: prompt\n  model: gpt-4o\n`);
    const env = { AZURE_AI_PROJECT_ENDPOINT: proxy.url, AAC_FOUNDRY_TOKEN: 'entra-token', AAC_NAMESPACE: namespace };
    return { dir, aac: (...args: string[]) => runCli([...args, '--provider', 'foundry-agents', '--dir', 'agents'], { cwd: dir, env }) };
  };
  const mine = project('team-a', ['a-0', 'a-1', 'a-2']);
  const theirs = project('team-b', ['b-0', 'b-1', 'b-2']);
  expect((await mine.aac('apply', '--yes')).code).toBe(0);
  expect((await theirs.aac('apply', '--yes')).code).toBe(0);
  const handMade = ['hand-0', 'hand-1', 'hand-2', 'hand-3'];
  emu.seed(handMade.map((name) => ({ name, definition: { kind: 'prompt', model: 'gpt-4o' } })));
  rmSync(join(mine.dir, 'agents', 'a-0.yaml'));
  /** The agents (not the namespace's lock) whose versions the run listed, each as often as listed. */
  const listed = async (...args: string[]) => {
    proxy.requests.length = 0;
    const r = await mine.aac(...args);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    return proxy.requests.flatMap((q) => /\/agents\/([^/]+)\/versions$/.exec(q.path)?.[1] ?? []).filter((name) => !name.startsWith('aac-lock')).sort();
  };
  expect(await listed('plan')).toEqual([]);
  expect(await listed('plan', '--prune')).toEqual(handMade);
  expect(await listed('apply', '--prune', '--yes')).toEqual(handMade);
  expect(emu.resources().map((a) => a.name).sort()).toEqual(['a-1', 'a-2', 'b-0', 'b-1', 'b-2', ...handMade]);
});
