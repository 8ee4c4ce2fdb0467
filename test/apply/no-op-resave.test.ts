// A saved plan is stale exactly when what it was planned from changed in a way it depends on, on
// every backend alike. A save that changes nothing (a dashboard "Save", a re-sync script) moves the
// host's bookkeeping — the Agents API's `updated_at`, a Foundry agent's new version — and leaves
// the plan as it was: it applies. A real change, and a new version where the plan depends on the
// version list (a trim under `retain_versions:`, a new version it follows), keep it refused, said
// in version terms on Foundry. A plan saved by an aac before format 1.18 is compared as it was made.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { fingerprint } from '../../src/backends/http/live-resource.js';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { END_TO_END, runCli, TEST_MARKER } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';
import { API_KEY, harness, type Harness } from './helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** Resolves once the clock is in the next second: a save then moves a Unix-seconds timestamp. */
const nextSecond = () => new Promise((resolve) => setTimeout(resolve, 1005 - (Date.now() % 1000)));

/** `method` `url` with a JSON body and `headers`; the answer's JSON, its status checked. */
async function call(url: string, headers: Record<string, string>, method = 'GET', body?: unknown): Promise<Record<string, any>> {
  const res = await fetch(url, { method, headers: { 'content-type': 'application/json', ...headers }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
  expect(res.status, await res.clone().text()).toBe(200);
  return (await res.json()) as Record<string, any>;
}

/** The id of the live resource managed as `key`. */
const idOf = (emu: RunningEmulator, key: string) => emu.resources().find((a) => (a.metadata as Record<string, string> | null)?.[TEST_MARKER] === key)!.id as string;

describe.each([
  { provider: 'openai', path: 'assistants', beta: 'assistants=v2', field: 'temperature', same: 0.5, other: 0.9 },
  { provider: 'openai-agents', path: 'agents', beta: 'agents=v1', field: 'instructions', same: 'You are B3.', other: 'You are someone else.' },
] as const)('$provider: a no-op save of an agent the plan leaves unchanged', END_TO_END, ({ provider, path, beta, field, same, other }) => {
  const spec = (name: string, temperature = 0.5) => (provider === 'openai' ? { model: 'gpt-4o', name, temperature } : { model: 'gpt-4o', name, instructions: `You are ${name}.`, ...(temperature === 0.5 ? {} : { metadata: { t: String(temperature) } }) });
  const headers = { authorization: `Bearer ${API_KEY}`, 'openai-beta': beta };
  const cli = (argv: string[]) => h!.cli([...argv, '--provider', provider]);

  /** b1, b3 applied, b1 edited, the plan saved as pr.json; then `save` sent to b3 (a POST of its own fields). */
  async function planThenSave(value: unknown): Promise<{ before: Record<string, any>; after: Record<string, any> }> {
    h = await harness({ b1: spec('B1'), b3: spec('B3') }, { provider });
    expect((await cli(['apply', '--yes'])).code).toBe(0);
    h.ws.write('b1', spec('B1', 0.9));
    expect((await cli(['plan', '--out', 'pr.json'])).stdout).toContain('Plan: 0 to create, 1 to modify, 0 to delete, 1 unchanged.');
    const url = `${h.emu.url}/${path}/${idOf(h.emu, 'b3')}`;
    const before = await call(url, headers);
    await nextSecond();
    const after = await call(url, headers, 'POST', { [field]: value });
    return { before, after };
  }

  it('the same value saved again: the saved plan applies', async () => {
    const { before, after } = await planThenSave(same);
    // What the host answers for a save that changes nothing: the same fields, only its bookkeeping moved.
    if (provider === 'openai-agents') expect(after.updated_at).toBeGreaterThan(before.updated_at);
    else expect(after).toEqual(before);
    const applied = await cli(['apply', 'pr.json']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain('Apply complete: 0 created, 1 modified, 0 deleted.');
  });

  it('another value saved: refused as stale, naming the agent and the field that changed', async () => {
    await planThenSave(other);
    const applied = await cli(['apply', 'pr.json']);
    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain(`the ${path === 'agents' ? 'agent' : 'assistant'} 'b3' (${idOf(h!.emu, 'b3')}) changed since the plan was made, in its ${field}\n`);
  });
});

describe('openai-agents: a plan saved by an aac before format 1.18', END_TO_END, () => {
  /** The saved pr.json rewritten as a 1.17 file made from the same live state: no live_version, fingerprints of the whole object. */
  async function asOlderFile(): Promise<void> {
    const file = join(h!.ws.root, 'pr.json');
    const doc = JSON.parse(readFileSync(file, 'utf8'));
    doc.format_version = '1.17';
    for (const c of doc.resource_changes) {
      if (c.id !== null) c.live_fingerprint = fingerprint(await call(`${h!.emu.url}/agents/${c.id}`, { authorization: `Bearer ${API_KEY}`, 'openai-beta': 'agents=v1' }), []);
    }
    writeFileSync(file, JSON.stringify(doc, null, 2));
  }

  it('is compared by the whole object, as it was made: it applies as it stands, and a no-op save since makes it stale', async () => {
    h = await harness({ b1: { model: 'gpt-4o', name: 'B1' }, b3: { model: 'gpt-4o', name: 'B3', instructions: 'Same.' } }, { provider: 'openai-agents' });
    const cli = (argv: string[]) => h!.cli([...argv, '--provider', 'openai-agents']);
    expect((await cli(['apply', '--yes'])).code).toBe(0);
    h.ws.write('b1', { model: 'gpt-4o', name: 'B1', instructions: 'New.' });
    expect((await cli(['plan', '--out', 'pr.json'])).code).toBe(0);
    await asOlderFile();
    writeFileSync(join(h.ws.root, 'kept.json'), readFileSync(join(h.ws.root, 'pr.json')));
    await nextSecond();
    await call(`${h.emu.url}/agents/${idOf(h.emu, 'b3')}`, { authorization: `Bearer ${API_KEY}`, 'openai-beta': 'agents=v1' }, 'POST', { instructions: 'Same.' });
    const stale = await cli(['apply', 'pr.json']);
    expect(stale.code).toBe(1);
    // Only the host's bookkeeping moved, which the plan does not show.
    expect(stale.stderr).toContain(`the agent 'b3' (${idOf(h.emu, 'b3')}) changed since the plan was made, in what a plan does not show\n`);
    // Made again from the state now, as the older aac would have: applies.
    expect((await cli(['plan', '--out', 'pr.json'])).code).toBe(0);
    await asOlderFile();
    const applied = await cli(['apply', 'pr.json']);
    expect(applied.code, applied.stderr).toBe(0);
  });
});

describe('foundry-agents: a new version of the same definition', END_TO_END, () => {
  let emu: RunningEmulator;
  let dir: string;
  const auth = { authorization: 'Bearer entra-token' };
  const write = (key: string, name: string, instructions = `You are ${name}.`) =>
    writeFileSync(join(dir, 'agents', `${key}.yaml`), `name: ${name}\ndefinition:\n  kind: prompt\n  model: gpt-4o\n  instructions: ${instructions}\n`);
  const aac = (...args: string[]) => runCli([...args, '--provider', 'foundry-agents', '--dir', 'agents'], { cwd: dir, env: { AZURE_AI_PROJECT_ENDPOINT: emu.url, AAC_FOUNDRY_TOKEN: 'entra-token', AAC_NAMESPACE: 's22' } });
  /** A portal "Save": a new version of `name` with its latest version's metadata, description and definition, or `definition` instead. */
  async function resave(name: string, definition?: Record<string, unknown>): Promise<string> {
    const latest = (await call(`${emu.url}/agents/${name}?api-version=v1`, auth)).versions.latest;
    const made = await call(`${emu.url}/agents/${name}/versions?api-version=v1`, auth, 'POST', {
      metadata: latest.metadata,
      ...(latest.description === undefined ? {} : { description: latest.description }),
      definition: definition ?? latest.definition,
    });
    return made.version as string;
  }

  /** fa-1, fa-3 applied (with `aacYaml` as aac.yaml), fa-1 edited, the plan saved as pr.json. */
  async function planned(aacYaml?: string): Promise<void> {
    emu = await testEmulator({ provider: 'foundry-agents', seed: 1 });
    dir = testDir('aac-resave-');
    mkdirSync(join(dir, 'agents'));
    if (aacYaml !== undefined) writeFileSync(join(dir, 'agents', 'aac.yaml'), aacYaml);
    write('b1', 's22-fa-1');
    write('b3', 's22-fa-3');
    expect((await aac('apply', '--yes')).code).toBe(0);
    write('b1', 's22-fa-1', 'You are new.');
    const plan = await aac('plan', '--out', 'pr.json');
    expect(plan.stdout).toContain('Plan: 0 to create, 1 to modify, 0 to delete');
  }

  it('of an agent the plan leaves unchanged: the saved plan applies, as a fresh plan would', async () => {
    await planned();
    expect(await resave('s22-fa-3')).toBe('2');
    const applied = await aac('apply', 'pr.json');
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain('Apply complete: 0 created, 1 modified, 0 deleted.');
  });

  it('with another definition: refused, said in versions, naming the path in the definition that changed', async () => {
    await planned();
    await resave('s22-fa-3', { kind: 'prompt', model: 'gpt-4o', instructions: 'Changed by hand.' });
    const applied = await aac('apply', 'pr.json');
    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain("the agent 'b3' (s22-fa-3) has a new version (2) since the plan was made (version 1 when planned), its definition.instructions changed\n");
    // The plan made now names the same place.
    expect((await aac('plan')).stdout).toMatch(/~ instructions/);
  });

  it('with its file edited since: refused, naming each path in the definition that changed and where it is written', async () => {
    await planned();
    writeFileSync(join(dir, 'agents', 'b3.yaml'), 'name: s22-fa-3\ndefinition:\n  kind: prompt\n  model: gpt-4o-mini\n  instructions: You are new.\n');
    const applied = await aac('apply', 'pr.json');
    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain("the definition 'b3' changed since the plan was made, in its definition.instructions (agents/b3.yaml:5:3) and definition.model (agents/b3.yaml:4:3)\n");
  });

  it('with another description alone (a portal edit): refused, naming the description, not the definition', async () => {
    await planned();
    emu.mutate('s22-fa-3', { description: 'portal desc' });
    const applied = await aac('apply', 'pr.json');
    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain("the agent 'b3' (s22-fa-3) has a new version (2) since the plan was made (version 1 when planned), its description changed\n");
  });

  it('of the agent the plan gives a new version: refused, the version it follows having moved', async () => {
    await planned();
    await resave('s22-fa-1');
    const applied = await aac('apply', 'pr.json');
    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain("the agent 'b1' (s22-fa-1) has a new version (2) since the plan was made (version 1 when planned), with the same definition, but its new version was planned to follow version 1");
  });

  it('under retain_versions, where the new version changes the trim: refused', async () => {
    await planned('retain_versions: 1\n');
    await resave('s22-fa-3');
    // A plan made now deletes b3's version 1, which the saved one does not.
    expect((await aac('plan')).stdout).toContain('~ b3 (s22-fa-3) (delete old version 1)');
    const applied = await aac('apply', 'pr.json');
    expect(applied.code).toBe(1);
    expect(applied.stderr).toContain("the agent 'b3' (s22-fa-3) has a new version (2) since the plan was made (version 1 when planned), with the same definition, but retain_versions (1) now deletes version 1 of it, where the plan deletes none");
  });

  it('under retain_versions, where the new version leaves the trim as it was: the saved plan applies', async () => {
    await planned('retain_versions: 3\n');
    await resave('s22-fa-3');
    const applied = await aac('apply', 'pr.json');
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain('Apply complete: 0 created, 1 modified, 0 deleted.');
  });
});
