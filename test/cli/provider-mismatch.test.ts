// A provider that does not match the server's API (an emulator started with another --provider, a
// host of another API): the error names the route that was not found or refused and where the
// provider is chosen, and never the key.
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { cleanupTrees, writeTree } from '../desired/helpers.js';
import { runCli } from '../helpers/cli.js';

const KEY = 'sk-mismatch-5ecret-0123456789';
const HINT = '(another provider is chosen with --provider or `provider:` in aac.yaml)';
let emulators: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(emulators.map((e) => e.close()));
  emulators = [];
  cleanupTrees();
});

async function emulator(provider: string): Promise<RunningEmulator> {
  const emu = await startEmulator({ provider, apiKey: KEY });
  emulators.push(emu);
  return emu;
}

describe('a provider that does not match the server', () => {
  it('--provider openai-agents against an Assistants server: the route it has not, and --provider', async () => {
    const emu = await emulator('openai');
    const root = writeTree({ 'assistants/a.yaml': 'model: gpt-5\n' });
    const env = { OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: KEY };
    const plan = await runCli(['plan', '--provider', 'openai-agents'], { cwd: root, env });
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain(
      `Error: listing agents: ${emu.url}/agents answered 404 (Invalid URL (GET /v1/agents)); check the endpoint (set by OPENAI_BASE_URL); ` +
        `the server may serve another API than that of the provider openai-agents: it has no route GET /v1/agents, which that API has ${HINT}`,
    );
    // apply's first write (its lock's create) says the same of its route.
    const apply = await runCli(['apply', '--provider', 'openai-agents', '--yes'], { cwd: root, env });
    expect(apply.code).toBe(1);
    expect(apply.stderr).toContain(`it has no route POST /v1/agents, which that API has ${HINT}`);
    for (const r of [plan, apply]) expect(r.stdout + r.stderr).not.toContain(KEY);
    expect(emu.resources()).toEqual([]);
  });

  it('an Assistants provider against the Agents API, and provider: in aac.yaml the same', async () => {
    const emu = await emulator('openai-agents');
    const root = writeTree({ 'assistants/a.yaml': 'model: gpt-4o\n', 'assistants/aac.yaml': 'provider: openai\n' });
    const r = await runCli(['plan'], { cwd: root, env: { OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: KEY } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`the server may serve another API than that of the provider openai: it has no route GET /v1/assistants, which that API has ${HINT}`);
    expect(r.stdout + r.stderr).not.toContain(KEY);
  });

  it('a list request another API refuses (a header, a query parameter it needs) gets the hint too, without the query', async () => {
    const foundry = await emulator('foundry-agents');
    const root = writeTree({ 'assistants/a.yaml': 'model: gpt-5\n' });
    const r = await runCli(['plan', '--provider', 'openai-agents'], { cwd: root, env: { OPENAI_BASE_URL: `${foundry.url}?code=QUERY-5ecret-99`, OPENAI_API_KEY: KEY } });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("Missing required query parameter: 'api-version'");
    expect(r.stderr).toContain(`the server may serve another API than that of the provider openai-agents: it refused GET ${new URL(foundry.url).pathname}/agents, a request that API takes ${HINT}`);
    for (const secret of [KEY, 'QUERY-5ecret-99']) expect(r.stdout + r.stderr).not.toContain(secret);
  });
});
