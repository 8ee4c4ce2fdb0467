// An `id:` in a base definition when aac.yaml declares several environments: every environment
// takes it, though an id names an agent of one host (an import made before environments were
// added writes it so). validate warns at the pin with the overlay it belongs in; a plan of an
// environment whose host lacks it fails naming that environment and the overlay. A hand-made agent
// like a new definition is to be pinned in the environment's overlay, not the base. In-process
// CLI against two openai-agents emulators over loopback.
import { expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { encodeMarker } from '../../src/model/marker.js';
import { testDir, testEmulator } from '../helpers/each-test.js';
import { writeFile } from './helpers.js';

const KEY = 'sk-test-base-pins-0000000000000000';

async function project() {
  const [staging, prod] = await Promise.all([testEmulator({ provider: 'openai-agents', apiKey: KEY }), testEmulator({ provider: 'openai-agents', apiKey: KEY })]);
  const cwd = testDir('aac-base-pins-');
  writeFile(cwd, 'assistants/aac.yaml', ['provider: openai-agents', 'namespace: support', 'environments:', `  staging: { endpoint: "${staging.url}" }`, `  prod: { endpoint: "${prod.url}" }`, ''].join('\n'));
  const aac = (...args: string[]) => runCli([...args, '--no-color'], { cwd, env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: undefined, AAC_NAMESPACE: undefined } });
  return { staging, prod, cwd, aac };
}

it("an id: in a base definition is warned of by validate when several environments are declared, and the plan of an environment whose host lacks it names the environment and the overlay", async () => {
  const { prod, cwd, aac } = await project();
  const [agent] = prod.seed([{ model: 'gpt-5', name: 'Helper' }]);
  const id = agent!.id as string;
  writeFile(cwd, 'assistants/helper.yaml', `model: gpt-5\nname: Helper\nid: ${id}\n`);

  const validate = await aac('validate');
  expect(validate.code, validate.stdout + validate.stderr).toBe(0);
  expect(validate.stdout).toContain(
    `assistants/helper.yaml:3:1: warning: 'id: ${id}' is in the base definition of 'helper', which every environment ('staging', 'prod') takes, but an id names a resource of one host: the plan of an environment whose host has no such id fails [id]\n`
    + '  hint: move it to the overlay of the environment whose host has it (assistants/overlays/staging/helper.yaml or assistants/overlays/prod/helper.yaml) and remove it here; an import made before environments were declared writes it so\n',
  );
  const json = JSON.parse((await aac('validate', '--env', 'staging', '--format', 'json')).stdout);
  expect(json.diagnostics).toEqual([expect.objectContaining({ severity: 'warning', code: 'pinned-id', file: 'assistants/helper.yaml', line: 3, column: 1, path: 'id' })]);

  const plan = await aac('plan', '--env', 'staging');
  expect(plan.code).toBe(1);
  expect(plan.stderr).toContain(`assistants/helper.yaml:3:1: 'id: ${id}' pins agent 'helper' to an agent that does not exist on the host of the environment 'staging'`);
  expect(plan.stderr).toContain("the id is in the base definition, which every environment takes, and an id names an agent of one host: move it to the overlay of the environment whose host has it (assistants/overlays/staging/helper.yaml for 'staging')");

  // Moved to prod's overlay: no warning, staging creates it, prod takes it over.
  writeFile(cwd, 'assistants/helper.yaml', 'model: gpt-5\nname: Helper\n');
  writeFile(cwd, 'assistants/overlays/prod/helper.yaml', `id: ${id}\n`);
  const clean = await aac('validate');
  expect(clean.code).toBe(0);
  expect(clean.stdout).not.toContain('warning');
  expect((await aac('plan', '--env', 'staging')).code).toBe(0);
  const adopt = await aac('plan', '--env', 'prod');
  expect(adopt.code, adopt.stderr).toBe(0);
  expect(adopt.stdout).toContain(`~ helper (${id})`);
});

it("the note on a hand-made agent like a new definition names the environment's overlay and does not claim its marker was removed", async () => {
  const { staging, cwd, aac } = await project();
  writeFile(cwd, 'assistants/helper.yaml', 'model: gpt-5\nname: Helper\n');
  const [agent] = staging.seed([{ model: 'gpt-5', name: 'Helper' }]);
  const id = agent!.id as string;
  const plan = await aac('plan', '--env', 'staging');
  expect(plan.code, plan.stderr).toBe(0);
  expect(plan.stdout).toContain(`'helper' (assistants/helper.yaml) would be created as ${id} is now, which carries no marker (made outside aac, or its marker removed): pin it with \`id: ${id}\` in assistants/overlays/staging/helper.yaml to take it over.`);
  // A plan read back from its file names the overlay as the plan did: the file records its directory (1.21).
  expect((await aac('plan', '--env', 'staging', '--out', 'p.json')).code).toBe(0);
  const shown = await aac('show', 'p.json');
  expect(shown.stdout).toContain(`pin it with \`id: ${id}\` in assistants/overlays/staging/helper.yaml to take it over.`);
});

it("copies of a key that differ are refused with the pin to keep one in the environment's overlay, not the base every environment takes", async () => {
  const { staging, cwd, aac } = await project();
  writeFile(cwd, 'assistants/helper.yaml', 'model: gpt-5\nname: Helper\n');
  expect((await aac('apply', '--env', 'staging', '--yes')).code).toBe(0);
  const mine = staging.resources()[0]!.id as string;
  // A dashboard clone with the marker's metadata: a copy that differs.
  staging.seed([{ model: 'gpt-5', name: 'Clone', metadata: encodeMarker({ namespace: 'support', key: 'helper' }) }]);
  const plan = await aac('plan', '--env', 'staging');
  expect(plan.code).toBe(1);
  expect(plan.stderr).toContain(`to keep one, pin it with \`id: ${mine}\` (the one that matches it) in assistants/overlays/staging/helper.yaml:`);
});
