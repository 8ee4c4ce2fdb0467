// The must-shows through the real CLI against the emulator's foundry-agents dialect over
// HTTP: creates, a clean re-plan, no writes on re-apply but the namespace lock's, drift repaired by
// exactly one new version, adoption, a refused name collision, prune, lost writes settled, and
// every request valid.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, test } from 'vitest';
import type { RunningEmulator } from '../../../src/emulator/index.js';
import { END_TO_END, runCli, type CliResult } from '../../helpers/cli.js';
import { recordingProxy } from '../../apply/helpers.js';
import { testDir, testEmulator } from '../../helpers/each-test.js';

let emu: RunningEmulator;
let dir: string;
let env: Record<string, string>;

beforeEach(async () => {
  emu = await testEmulator({ provider: 'foundry-agents', seed: 1 });
  dir = testDir('aac-fa-');
  mkdirSync(join(dir, 'agents'));
  env = { AZURE_AI_PROJECT_ENDPOINT: emu.url, AAC_FOUNDRY_TOKEN: 'entra-token', AAC_NAMESPACE: 'team-a' };
});

function write(key: string, name: string, extra = ''): void {
  writeFileSync(join(dir, 'agents', `${key}.yaml`), `name: ${name}\n${extra}definition:\n  kind: prompt\n  model: gpt-4o\n  instructions: You are ${name}.\n  tools:\n    - type: function\n      name: lookup\n      parameters: {type: object, properties: {}}\n    - type: code_interpreter\n`);
}
const aac = (...args: string[]) => runCli([...args, '--provider', 'foundry-agents', '--dir', 'agents'], { cwd: dir, env });
/** The write calls by route. */
const writes = () => Object.fromEntries(Object.entries(emu.stats().byRoute).filter(([r]) => !r.startsWith('GET')));
/** All an apply that changes nothing writes: the namespace's lock it held, made and then deleted. */
const LOCK_ONLY = { 'POST /agents': 1, 'DELETE /agents/{agent_name}': 1 };
/** A new version of 'billing-support' made outside aac (as a portal or another tool would), with `metadata` as given. */
const newVersion = async (metadata: Record<string, string>, instructions: string) => {
  const res = await fetch(`${emu.url}/agents/billing-support/versions?api-version=v1`, { method: 'POST', headers: { authorization: 'Bearer entra-token', 'content-type': 'application/json' }, body: JSON.stringify({ metadata, definition: { kind: 'prompt', model: 'gpt-4o', instructions, tools: [{ type: 'function', name: 'lookup', parameters: { type: 'object', properties: {} }, strict: null }, { type: 'code_interpreter' }] } }) });
  expect(res.status, await res.text()).toBe(200);
};
const versionsOf = (name: string) => (emu.resources().find((a) => a.name === name) as any)?.versions.latest.version;

describe('foundry-agents through the CLI', END_TO_END, () => {
  test('20 agents created; the re-plan is clean and a re-apply sends nothing but the lock; every request was valid', async () => {
    for (let i = 0; i < 20; i++) write(`a${i}`, `agent-${i}`, i % 2 ? 'description: odd\n' : '');
    const applied = await aac('apply', '--yes');
    expect(applied.code, applied.stderr).toBe(0);
    expect(emu.resources()).toHaveLength(20);
    emu.resetStats();
    const plan = await aac('plan', '--detailed-exitcode');
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
    const again = await aac('apply', '--yes');
    expect(again.code).toBe(0);
    expect(writes()).toEqual(LOCK_ONLY);
    expect(emu.stats().byStatus['400']).toBeUndefined();
  });

  test('a drift in one definition field makes exactly one new version and converges', async () => {
    write('billing', 'billing-support');
    expect((await aac('apply', '--yes')).code).toBe(0);
    emu.mutate('billing-support', { definition: { temperature: 1.5 } });
    expect(versionsOf('billing-support')).toBe('2');
    const plan = await aac('plan');
    expect(plan.stdout).toContain('new version (after 2)');
    expect(plan.stdout).toMatch(/temperature: 1\.5 → 1/);
    emu.resetStats();
    expect((await aac('apply', '--yes')).code).toBe(0);
    expect(emu.stats().byRoute['POST /agents/{agent_name}/versions']).toBe(1);
    expect(versionsOf('billing-support')).toBe('3');
    expect((await aac('plan', '--detailed-exitcode')).code).toBe(0);
  });

  test('apply names the version the host made; the plan does not predict it (a deleted latest version is not reused)', async () => {
    write('billing', 'billing-support');
    const created = await aac('apply', '--yes');
    expect(created.stdout).toContain('+ billing: created billing-support (version 1)');
    write('billing', 'billing-support', 'description: one\n');
    expect((await aac('apply', '--yes')).stdout).toContain('~ billing: modified billing-support (version 2)');
    // The latest version deleted behind aac's back: the host's next number is 3, not 2.
    const gone = await fetch(`${emu.url}/agents/billing-support/versions/2?api-version=v1`, { method: 'DELETE', headers: { authorization: 'Bearer entra-token' } });
    expect(gone.status).toBe(200);
    const plan = await aac('plan', '--out', 'p.json');
    expect(plan.stdout).toContain('~ billing (billing-support) (new version (after 1))');
    expect(JSON.parse(readFileSync(join(dir, 'p.json'), 'utf8')).resource_changes[0].version).toEqual({ from: '1', to: null });
    const applied = await runCli(['apply', 'p.json', '--format', 'json', '--provider', 'foundry-agents', '--dir', 'agents'], { cwd: dir, env });
    expect(applied.code, applied.stderr).toBe(0);
    expect(JSON.parse(applied.stdout).outcomes).toEqual([expect.objectContaining({ key: 'billing', id: 'billing-support', status: 'ok', version: '3' })]);
    expect(versionsOf('billing-support')).toBe('3');
  });

  test('a create that finds its agent made, as planned, by a concurrent apply reports it so, sends nothing and exits 0', async () => {
    for (const k of ['a', 'b']) write(k, `agent-${k}`);
    let other: Promise<unknown> | undefined;
    // Between this run's plan and its first create, another apply of the same definitions makes both agents.
    const proxy = await recordingProxy(emu.url, async (r) => {
      if (r.method === 'GET' && /\/agents\/agent-a$/.test(r.path)) await (other ??= runCli(['apply', '--yes', '--lock', 'false', '--provider', 'foundry-agents', '--dir', 'agents'], { cwd: dir, env }));
      return undefined;
    });
    try {
      const r = await runCli(['apply', '--yes', '--lock', 'false', '--concurrency', '1', '--provider', 'foundry-agents', '--dir', 'agents'], { cwd: dir, env: { ...env, AZURE_AI_PROJECT_ENDPOINT: proxy.url } });
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stdout).toContain('Apply complete: 0 created, 0 modified, 0 deleted, 2 created by a concurrent apply.');
      expect(r.stdout).toContain("Concurrent applies:\n  a: another apply created 'agent-a' at the same time, as planned; it is kept, and nothing was sent\n");
      expect(proxy.writes()).toEqual([]);
    } finally {
      await proxy.close();
    }
    expect([versionsOf('agent-a'), versionsOf('agent-b')]).toEqual(['1', '1']);
    expect((await aac('plan', '--detailed-exitcode')).code).toBe(0);
  });

  test('a create sent just after a concurrent apply made the agent, as planned, added a version to it: said so, not counted as created', async () => {
    write('a', 'agent-a');
    let other: Promise<unknown> | undefined;
    // After this run's read before creating, and before its POST reaches the host, the other apply creates the agent.
    const proxy = await recordingProxy(emu.url, async (r) => {
      if (r.method === 'POST' && /\/agents$/.test(r.path) && (r.body as any)?.name === 'agent-a') await (other ??= runCli(['apply', '--yes', '--lock', 'false', '--provider', 'foundry-agents', '--dir', 'agents'], { cwd: dir, env }));
      return undefined;
    });
    try {
      const r = await runCli(['apply', '--yes', '--lock', 'false', '--provider', 'foundry-agents', '--dir', 'agents'], { cwd: dir, env: { ...env, AZURE_AI_PROJECT_ENDPOINT: proxy.url } });
      expect(r.code, r.stdout + r.stderr).toBe(0);
      // Its own version, the other's twin, is deleted again, as the Assistants path deletes its extra copy: one version of the definition stays.
      expect(r.stdout).toContain('+ a: created by a concurrent apply: agent-a (version 1)');
      expect(r.stdout).toContain("a: another apply created 'agent-a' at the same time, as planned; it is kept, and this run's create added a version to it, the same definition: this run's version 2 was deleted again, and theirs (1) is the latest");
      expect(r.stdout).toContain('Apply complete: 0 created, 0 modified, 0 deleted, 1 created by a concurrent apply.');
    } finally {
      await proxy.close();
    }
    expect(versionsOf('agent-a')).toBe('1');
    expect(await versionList('agent-a')).toEqual(['1']);
    expect((await aac('plan', '--detailed-exitcode')).code).toBe(0);
  });

  test('an update whose new version a concurrent apply made first, alike, keeps theirs and deletes its own: no duplicate for retain_versions to count', async () => {
    writeFileSync(join(dir, 'agents', 'aac.yaml'), 'provider: foundry-agents\nnamespace: team-a\nretain_versions: 1\n');
    write('a', 'agent-a');
    expect((await aac('apply', '--yes')).code).toBe(0);
    write('a', 'agent-a', 'description: two\n');
    let other: Promise<unknown> | undefined;
    // After this run's plan, and before its new version reaches the host, another apply of the same definitions makes it.
    const proxy = await recordingProxy(emu.url, async (r) => {
      if (r.method === 'POST' && /\/agents\/agent-a\/versions$/.test(r.path)) await (other ??= runCli(['apply', '--yes', '--lock', 'false', '--provider', 'foundry-agents', '--dir', 'agents'], { cwd: dir, env }));
      return undefined;
    });
    try {
      const r = await runCli(['apply', '--yes', '--lock', 'false', '--provider', 'foundry-agents', '--dir', 'agents', '--format', 'json'], { cwd: dir, env: { ...env, AZURE_AI_PROJECT_ENDPOINT: proxy.url } });
      expect(r.code, r.stdout + r.stderr).toBe(0);
      const [outcome] = JSON.parse(r.stdout).outcomes;
      expect(outcome).toMatchObject({ key: 'a', status: 'ok', version: '2', gone_versions: ['1'] });
      expect(outcome.warnings[0]).toBe("another apply made this new version (2) at the same time, as planned; it is kept, and this run's version 3 was deleted again, and theirs (2) is the latest");
    } finally {
      await proxy.close();
    }
    // One version of the definition: the next plan has no old version to delete.
    expect(await versionList('agent-a')).toEqual(['2']);
    expect((await aac('plan', '--detailed-exitcode')).code).toBe(0);
  });

  test('only a run without the lock reads the versions after its update to look for a twin: a run holding the lock sends no request more', async () => {
    write('a', 'agent-a');
    expect((await aac('apply', '--yes')).code).toBe(0);
    const requests = async (...flags: string[]) => {
      emu.resetStats();
      const r = await aac('apply', '--yes', ...flags);
      expect(r.stdout).toContain('Apply complete: 0 created, 1 modified, 0 deleted.');
      return emu.stats().byRoute;
    };
    write('a', 'agent-a', 'description: two\n');
    // The lock object's create (the read of its name, the POST, the read of its versions: every
    // create's), the listing it and the plan share, the new version, the lock's delete: nothing more.
    expect(await requests()).toEqual({
      'GET /agents/{agent_name}': 1,
      'POST /agents': 1,
      'GET /agents/{agent_name}/versions': 1,
      'GET /agents': 1,
      'POST /agents/{agent_name}/versions': 1,
      'DELETE /agents/{agent_name}': 1,
    });
    write('a', 'agent-a', 'description: three\n');
    // The plan's listing, the new version, and one read of its versions, which finds no twin.
    expect(await requests('-lock=false')).toEqual({ 'GET /agents': 1, 'POST /agents/{agent_name}/versions': 1, 'GET /agents/{agent_name}/versions': 1 });
    expect(await versionList('agent-a')).toEqual(['1', '2', '3']);
  });

  test('a create answered with a version after others (the agent existed already, this namespace\'s with another definition) says so beside its version', async () => {
    write('a', 'agent-a');
    mkdirSync(join(dir, 'other'));
    writeFileSync(join(dir, 'other', 'a.yaml'), 'name: agent-a\ndefinition:\n  kind: prompt\n  model: gpt-4o\n  instructions: Another branch.\n');
    let other: Promise<CliResult> | undefined;
    // After this run's read before creating, and before its POST reaches the host, an apply of this namespace from another checkout (another definition of the key) creates the agent.
    const proxy = await recordingProxy(emu.url, async (r) => {
      if (r.method === 'POST' && /\/agents$/.test(r.path) && (r.body as any)?.name === 'agent-a') await (other ??= runCli(['apply', '--yes', '--lock', 'false', '--provider', 'foundry-agents', '--dir', 'other'], { cwd: dir, env }));
      return undefined;
    });
    try {
      const r = await runCli(['apply', '--yes', '--lock', 'false', '--provider', 'foundry-agents', '--dir', 'agents', '--format', 'json'], { cwd: dir, env: { ...env, AZURE_AI_PROJECT_ENDPOINT: proxy.url } });
      expect(r.code, r.stdout + r.stderr).toBe(0);
      expect(r.stderr).toContain('+ a: created agent-a (version 2 — the agent existed already)\n');
      expect(JSON.parse(r.stdout).outcomes[0]).toMatchObject({ key: 'a', action: 'create', version: '2', existed: true });
      expect((await other!).stdout).toContain('+ a: created agent-a (version 1)\n');
    } finally {
      await proxy.close();
    }
    expect(versionsOf('agent-a')).toBe('2');
  });

  test("a create sent just after another namespace made the agent gives that agent back: its own version deleted again, the create failed naming that namespace, exit 1", async () => {
    write('a', 'agent-a');
    mkdirSync(join(dir, 'theirs'));
    writeFileSync(join(dir, 'theirs', 'h.yaml'), 'name: agent-a\ndefinition:\n  kind: prompt\n  model: gpt-4o\n  instructions: Team B.\n');
    let other: Promise<CliResult> | undefined;
    // After this run's read before creating, and before its POST reaches the host, team B's apply (its own namespace, so its own lock) creates the agent.
    const proxy = await recordingProxy(emu.url, async (r) => {
      if (r.method === 'POST' && /\/agents$/.test(r.path) && (r.body as any)?.name === 'agent-a') await (other ??= runCli(['apply', '--yes', '--provider', 'foundry-agents', '--dir', 'theirs'], { cwd: dir, env: { ...env, AAC_NAMESPACE: 'team-b' } }));
      return undefined;
    });
    try {
      const r = await runCli(['apply', '--yes', '--provider', 'foundry-agents', '--dir', 'agents'], { cwd: dir, env: { ...env, AZURE_AI_PROJECT_ENDPOINT: proxy.url } });
      expect(r.code, r.stdout + r.stderr).toBe(1);
      expect(r.stdout).toContain("! a: create failed: creating agent 'agent-a': not created: an agent of the namespace 'team-b' (managed there as 'h') was made under that name at the same time (its version 1), so this run's create added version 2 to it; version 2 was deleted again, and their version 1 is the latest again");
      expect(r.stdout).toContain("Apply failed: 0 created, 0 modified, 0 deleted, 1 failed.");
      expect(r.stdout).toContain("+ a: give this definition another `name:` (the name 'agent-a' is taken)");
      expect(proxy.writes().filter((w) => w.method === 'DELETE' && w.path.endsWith('/agents/agent-a/versions/2'))).toHaveLength(1);
      expect((await other!).code).toBe(0);
    } finally {
      await proxy.close();
    }
    // Team B's agent is as team B made it: one version, its marker, its instructions; its plan is clean.
    const agent = emu.resources().find((a) => a.name === 'agent-a') as any;
    expect(agent.versions.latest).toMatchObject({ version: '1', metadata: { 'aac@team-b': 'h' }, definition: { instructions: 'Team B.' } });
    expect((await runCli(['plan', '--detailed-exitcode', '--provider', 'foundry-agents', '--dir', 'theirs'], { cwd: dir, env: { ...env, AAC_NAMESPACE: 'team-b' } })).code).toBe(0);
    const mine = await aac('plan');
    expect(mine.code).toBe(1);
    expect(mine.stderr).toContain("the agent name 'agent-a' is taken by a live agent (it is managed as 'h' in namespace 'team-b')");
  });

  test('a create sent just after someone made the agent by hand gives it back the same way, saying aac does not manage it', async () => {
    write('a', 'agent-a');
    let made: Promise<Response> | undefined;
    const proxy = await recordingProxy(emu.url, async (r) => {
      if (r.method === 'POST' && /\/agents$/.test(r.path) && (r.body as any)?.name === 'agent-a') {
        await (made ??= fetch(`${emu.url}/agents?api-version=v1`, { method: 'POST', headers: { authorization: 'Bearer entra-token', 'content-type': 'application/json' }, body: JSON.stringify({ name: 'agent-a', definition: { kind: 'prompt', model: 'gpt-4o', instructions: 'By hand.' } }) }));
      }
      return undefined;
    });
    try {
      const r = await runCli(['apply', '--yes', '--provider', 'foundry-agents', '--dir', 'agents'], { cwd: dir, env: { ...env, AZURE_AI_PROJECT_ENDPOINT: proxy.url } });
      expect(r.code, r.stdout + r.stderr).toBe(1);
      expect(r.stdout).toContain("! a: create failed: creating agent 'agent-a': not created: an agent aac does not manage (no aac marker: made by hand, or by another tool) was made under that name at the same time (its version 1), so this run's create added version 2 to it; version 2 was deleted again, and their version 1 is the latest again");
      expect(r.stdout).toContain("+ a: give this definition another `name:` (the name 'agent-a' is taken), or adopt the agent with `id: agent-a`");
    } finally {
      await proxy.close();
    }
    expect((emu.resources().find((a) => a.name === 'agent-a') as any).versions.latest).toMatchObject({ version: '1', definition: { instructions: 'By hand.' } });
  });

  test("a create whose check after it failed is a failure saying the version was made and what to check; the lock's own create is taken as made", async () => {
    write('a', 'agent-a');
    writeFileSync(join(dir, 'agents', 'aac.yaml'), 'options: {max_retries: 0}\n');
    // Every listing of an agent's versions fails: the check after the definition's create, and after the lock's.
    const proxy = await recordingProxy(emu.url, (r) => (r.method === 'GET' && /\/versions$/.test(r.path) ? 500 : undefined));
    try {
      const r = await runCli(['apply', '--yes', '--provider', 'foundry-agents', '--dir', 'agents'], { cwd: dir, env: { ...env, AZURE_AI_PROJECT_ENDPOINT: proxy.url } });
      expect(r.code, r.stdout + r.stderr).toBe(1);
      expect(r.stdout).toContain("! a (agent-a): create failed: creating agent 'agent-a': version 1 was made, but whether the agent existed before it is not known (listing the versions of agent 'agent-a': server error (500)");
      expect(r.stdout).toContain("if an older version of 'agent-a' is not this namespace's, this run added a version to someone else's agent: delete version 1 on the host");
      expect(r.stderr).not.toContain('could not take the lock');
    } finally {
      await proxy.close();
    }
    // The lock was taken and released: only the agent is left.
    expect(emu.resources().map((a) => a.name)).toEqual(['agent-a']);
  });

  test('a create whose check before creating failed says nothing was sent', async () => {
    write('a', 'agent-a');
    writeFileSync(join(dir, 'agents', 'aac.yaml'), 'options: {max_retries: 0}\n');
    const proxy = await recordingProxy(emu.url, (r) => (r.method === 'GET' && /\/agents\/agent-a$/.test(r.path) ? 500 : undefined));
    try {
      const r = await runCli(['apply', '--yes', '--lock', 'false', '--provider', 'foundry-agents', '--dir', 'agents'], { cwd: dir, env: { ...env, AZURE_AI_PROJECT_ENDPOINT: proxy.url } });
      expect(r.code).toBe(1);
      expect(r.stdout).toContain("! a: create failed: creating agent 'agent-a': not created, as the check before creating failed: reading agent 'agent-a': server error (500)");
      expect(proxy.writes()).toEqual([]);
    } finally {
      await proxy.close();
    }
  });

  test('a removed response format is drawn as the server sent it, not in the alphabet\'s order', async () => {
    const format = '    format: {type: json_schema, name: answer, strict: true, schema: {type: object, properties: {answer: {type: string}}, required: [answer], additionalProperties: false}}\n';
    writeFileSync(join(dir, 'agents', 'faq.yaml'), `name: faq\ndefinition:\n  kind: prompt\n  model: gpt-4o\n  text:\n${format}`);
    expect((await aac('apply', '--yes')).code).toBe(0);
    writeFileSync(join(dir, 'agents', 'faq.yaml'), 'name: faq\ndefinition:\n  kind: prompt\n  model: gpt-4o\n');
    const plan = await aac('plan', '--no-color');
    const removed = plan.stdout.split('\n').filter((l) => /^\s+- \w+( =|:)/.test(l)).map((l) => /- (\w+)/.exec(l)![1]);
    expect(removed, plan.stdout).toEqual(['text', 'format', 'type', 'name', 'strict', 'schema', 'type', 'properties', 'answer', 'type', 'required', 'additionalProperties']);
  });

  test("the plan lines up an agent's tools by type and name: a tool added in front is one addition, a changed one is named", async () => {
    write('billing', 'billing-support');
    expect((await aac('apply', '--yes')).code).toBe(0);
    writeFileSync(
      join(dir, 'agents', 'billing.yaml'),
      'name: billing-support\ndefinition:\n  kind: prompt\n  model: gpt-4o\n  instructions: You are billing-support.\n  tools:\n' +
        '    - type: mcp\n      server_label: crm\n      server_url: https://crm.example.com/mcp\n' +
        '    - type: function\n      name: lookup\n      description: Finds an invoice.\n      parameters: {type: object, properties: {}}\n' +
        '    - type: code_interpreter\n',
    );
    for (const format of ['text', 'markdown']) {
      const plan = await aac('plan', '--format', format);
      expect(plan.code, plan.stderr).toBe(0);
      // Text marks a changed item `~`; a diff block has no such marker.
      expect(plan.stdout).toMatch(/\+ +tools\[0\]: mcp crm\n/);
      expect(plan.stdout).toMatch(/[~ ] +tools\[1\]: function lookup\n/);
      expect(plan.stdout).toMatch(/\+ +description = "Finds an invoice\."/);
      // The code interpreter did not change: it is not shown, whatever its place.
      expect(plan.stdout).not.toMatch(/code_interpreter|tools\[2\]/);
    }
  });

  test('an unmanaged agent with the name is refused at plan time, writing nothing but the lock, and adopted with id:', async () => {
    emu.seed([{ name: 'billing-support', definition: { kind: 'prompt', model: 'gpt-4o', instructions: 'You are billing-support.', tools: [{ type: 'function', name: 'lookup', parameters: { type: 'object', properties: {} }, strict: null }, { type: 'code_interpreter' }] } }]);
    write('billing', 'billing-support');
    const refused = await aac('apply', '--yes');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("agents/billing.yaml:1:1: the agent name 'billing-support' is taken by a live agent (aac does not manage it: its only version, 1, has no aac marker)");
    expect(refused.stderr).toContain('id: billing-support');
    expect(writes()).toEqual(LOCK_ONLY);
    // Adoption: the definition pins it; the plan writes only the marker (a metadata-only new version).
    write('billing', 'billing-support', 'id: billing-support\n');
    const plan = await aac('plan');
    expect(plan.stdout).toContain("~ billing (billing-support) (new version (after 1); adopt: add the marker)");
    expect(plan.stdout).not.toMatch(/instructions|definition:/);
    expect((await aac('apply', '--yes')).code).toBe(0);
    expect((emu.resources()[0] as any).versions.latest).toMatchObject({ version: '2', metadata: { 'aac@team-a': 'billing' } });
    expect((await aac('plan', '--detailed-exitcode')).code).toBe(0);
  });

  test("a version made outside aac (no marker) over this namespace's is drift: plan exits 2 saying so in every view, apply makes a new version from the definition, and the next plan is clean", async () => {
    const listings = () => emu.stats().byRoute['GET /agents/{agent_name}/versions'] ?? 0;
    write('billing', 'billing-support');
    expect((await aac('apply', '--yes')).code).toBe(0);
    emu.resetStats();
    expect((await aac('plan', '--detailed-exitcode')).code).toBe(0);
    // A plan whose names no unmarked agent holds reads no versions.
    expect(listings()).toBe(0);

    // Written elsewhere without aac's metadata, as a portal edit keeps only what it shows.
    await newVersion({}, 'Edited.');
    const drift = await aac('plan', '--detailed-exitcode', '--no-color');
    expect(drift.code, drift.stderr).toBe(2);
    expect(drift.stdout).toContain("~ billing (billing-support) (new version (after 2); drift: the latest version, 2, was made outside aac (no aac marker; version 1 has this namespace's): apply makes a new version from the definition)");
    expect(drift.stdout).toContain('Edited.');
    expect(listings()).toBe(1);
    const markdown = await aac('plan', '--format', 'markdown');
    expect(markdown.stdout).toContain("~ <code>billing</code> — new version (after <code>2</code>): definition; drift: the latest version, <code>2</code>, was made outside aac (no aac marker; version <code>1</code> has this namespace's): apply makes a new version from the definition</summary>");
    const json = JSON.parse((await aac('plan', '--format', 'json')).stdout);
    expect(json.resource_changes).toEqual([expect.objectContaining({ key: 'billing', id: 'billing-support', actions: ['update'], hand_made_latest: { version: '2', marked_version: '1' }, version: { from: '2', to: null } })]);

    // Apply (a saved plan, checked against the live state as any) makes a new version from the definition, marker included.
    expect((await aac('plan', '--out', 'p.json')).code).toBe(0);
    const applied = await runCli(['apply', 'p.json', '--provider', 'foundry-agents', '--dir', 'agents'], { cwd: dir, env });
    expect(applied.code, applied.stderr).toBe(0);
    expect((emu.resources()[0] as any).versions.latest).toMatchObject({ version: '3', metadata: { 'aac@team-a': 'billing' }, definition: { instructions: 'You are billing-support.' } });
    emu.resetStats();
    expect((await aac('plan', '--detailed-exitcode')).code).toBe(0);
    expect(listings()).toBe(0);

    // Made outside aac with the very definition, only the marker dropped: drift all the same (the marker is written back).
    await newVersion({}, 'You are billing-support.');
    const same = await aac('plan', '--detailed-exitcode', '--no-color');
    expect(same.code, same.stderr).toBe(2);
    expect(same.stdout).toContain("(new version (after 4); drift: the latest version, 4, was made outside aac (no aac marker; version 3 has this namespace's)");
    expect((await aac('apply', '--yes')).code).toBe(0);
    expect((await aac('plan', '--detailed-exitcode')).code).toBe(0);
  });

  test("--prune deletes an agent whose definition was deleted and whose latest version was made outside aac over this namespace's, saying why; a plan without --prune reads no versions; an agent never aac's stays", async () => {
    const listings = () => emu.stats().byRoute['GET /agents/{agent_name}/versions'] ?? 0;
    write('billing', 'billing-support');
    write('other', 'other-agent');
    expect((await aac('apply', '--yes')).code).toBe(0);
    await newVersion({}, 'Edited.');
    // Made by hand, never aac's: no version carries a marker.
    emu.seed([{ name: 'hand-made', definition: { kind: 'prompt', model: 'gpt-4o' } }]);
    rmSync(join(dir, 'agents', 'billing.yaml'));

    emu.resetStats();
    const kept = await aac('plan', '--detailed-exitcode', '--no-color');
    expect(kept.code, kept.stdout + kept.stderr).toBe(0);
    // Without --prune no name of an unmarked agent is a definition's: nothing more is read.
    expect(listings()).toBe(0);

    const pruning = await aac('plan', '--prune', '--detailed-exitcode', '--no-color');
    expect(pruning.code, pruning.stderr).toBe(2);
    expect(pruning.stdout).toContain("- billing (billing-support) (delete: no longer defined, with all its versions; the latest version, 2, was made outside aac (no aac marker; version 1 has this namespace's))");
    expect(pruning.stdout).not.toContain('hand-made');
    expect(pruning.stdout).toContain('Plan: 0 to create, 0 to modify, 1 to delete, 1 unchanged.');
    // One listing for each agent without any marker: billing-support and hand-made.
    expect(listings()).toBe(2);
    const md = await aac('plan', '--prune', '--format', 'markdown');
    expect(md.stdout).toContain("the latest version, <code>2</code>, was made outside aac (no aac marker; version <code>1</code> has this namespace's)");
    const json = JSON.parse((await aac('plan', '--prune', '--format', 'json', '--out', 'p.json')).stdout);
    expect(json.resource_changes).toContainEqual(expect.objectContaining({ key: 'billing', id: 'billing-support', actions: ['delete'], orphan: true, hand_made_latest: { version: '2', marked_version: '1' } }));

    const applied = await runCli(['apply', 'p.json', '--provider', 'foundry-agents', '--dir', 'agents'], { cwd: dir, env });
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(emu.resources().map((a) => a.name).sort()).toEqual(['hand-made', 'other-agent']);
    expect((await aac('plan', '--prune', '--detailed-exitcode')).code).toBe(0);
  });

  test("an agent whose versions carry no marker of this namespace stays refused; another namespace's marker above this one's keeps it theirs", async () => {
    const listings = () => emu.stats().byRoute['GET /agents/{agent_name}/versions'] ?? 0;
    write('billing', 'billing-support');
    // Another namespace's agent with a version written over it without a marker: not this namespace's.
    emu.seed([{ name: 'billing-support', definition: { kind: 'prompt', model: 'gpt-4o' }, metadata: { 'aac@team-b': 'billing' } }]);
    await newVersion({}, 'Edited.');
    const theirs = await aac('plan');
    expect(theirs.code).toBe(1);
    expect(theirs.stderr).toContain("the agent name 'billing-support' is taken by a live agent (aac does not manage it: its latest version, 2, has no aac marker, nor does an older version carry this namespace's)");
    expect(writes()).toEqual({ 'POST /agents/{agent_name}/versions': 1 });

    // This namespace's version 3, then team-b's 4, then an unmarked 5: the newest owner is team-b.
    await newVersion({ 'aac@team-a': 'billing' }, 'Ours.');
    await newVersion({ 'aac@team-b': 'billing' }, 'Theirs.');
    await newVersion({}, 'Edited again.');
    emu.resetStats();
    const above = await aac('plan');
    expect(above.code).toBe(1);
    expect(above.stderr).toContain("(aac does not manage it: its latest version, 5, was written without an aac marker (by hand, in a portal or by another tool), but its version 3 carries this namespace's marker, as 'billing'; its version 4, newer, carries aac@team-b=billing, so aac leaves it alone)");
    // Read once, for the plan and its refusal alike.
    expect(listings()).toBe(1);

    // Another namespace's marker on the latest: refused as that namespace's, as ever.
    await newVersion({ 'aac@team-b': 'billing' }, 'Theirs again.');
    const taken = await aac('plan');
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain("(it is managed as 'billing' in namespace 'team-b': its latest version, 6, was written by that namespace, but its version 3 carries this namespace's marker, as 'billing')");
    const command = /if so, to take over every such one, run `([^`]+)`\n$/.exec(taken.stderr)?.[1];
    expect(command).toBe('aac plan --adopt-namespace team-b --dir agents --provider foundry-agents');
    // Run as printed, it plans the take-over.
    const adopting = await runCli(command!.split(' ').slice(1), { cwd: dir, env });
    expect(adopting.code, adopting.stderr).toBe(0);
    expect(adopting.stdout).toContain("adopt: take over from the namespace 'team-b'");
    expect(emu.resources()).toHaveLength(1);
    expect((emu.resources()[0] as any).versions.latest.version).toBe('6');
  });

  test('a name that differs only in case from a live agent (unmanaged, or another namespace\'s) is refused as taken, naming the live name', async () => {
    emu.seed([
      { name: 'Reasoner-X', definition: { kind: 'prompt', model: 'gpt-4o' }, metadata: { 'aac@team-b': 'reasoner' } },
      { name: 'TMPL-agent', definition: { kind: 'prompt', model: 'gpt-4o' } },
    ]);
    write('a', 'reasoner-x');
    write('b', 'tmpl-AGENT');
    const refused = await aac('plan');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("the agent name 'reasoner-x' is taken by a live agent as 'Reasoner-X', which differs only in case");
    expect(refused.stderr).toContain("(it is managed as 'reasoner' in namespace 'team-b')");
    expect(refused.stderr).toContain("the agent name 'tmpl-AGENT' is taken by a live agent as 'TMPL-agent', which differs only in case");
    expect(refused.stderr).toContain('`id: TMPL-agent`');
  });

  test("a name another namespace's agent has is refused with a hint that holds: never to pin it; this namespace's own under an old key gets moved_from", async () => {
    emu.seed([
      { name: 'hand-agent', definition: { kind: 'prompt', model: 'gpt-4o' }, metadata: { 'aac@team-b': 'hand' } },
      { name: 'old-agent', definition: { kind: 'prompt', model: 'gpt-4o' }, metadata: { 'aac@team-a': 'old' } },
    ]);
    write('steal', 'hand-agent');
    const refused = await aac('plan');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("the agent name 'hand-agent' is taken by a live agent (it is managed as 'hand' in namespace 'team-b')");
    expect(refused.stderr).toContain("choose another name: an agent belongs to one namespace, and 'team-b' manages this one");
    expect(refused.stderr).not.toContain('pin it');
    // What the old hint said is refused indeed.
    write('steal', 'hand-agent', 'id: hand-agent\n');
    expect((await aac('plan')).stderr).toContain("managed by the namespace 'team-b'");
    rmSync(join(dir, 'agents', 'steal.yaml'));

    // This namespace's agent under a key no longer defined: the hint's moved_from is planned as a move.
    write('renamed', 'old-agent');
    const moved = await aac('plan');
    expect(moved.code).toBe(1);
    expect(moved.stderr).toContain('add `moved_from: [old]` to agents/renamed.yaml');
    write('renamed', 'old-agent', 'moved_from: [old]\n');
    const plan = await aac('plan');
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('moved from old');
  });

  test('every taken name is refused at once, each with its own place and way out, in text and JSON', async () => {
    emu.seed([
      { name: 'hand-one', definition: { kind: 'prompt', model: 'gpt-4o' } },
      { name: 'hand-two', definition: { kind: 'prompt', model: 'gpt-4o' }, metadata: { 'aac@team-b': 'two' } },
    ]);
    write('one', 'hand-one');
    write('two', 'hand-two');
    write('free', 'free-agent');
    const refused = await aac('plan');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Error: 2 agent names are taken by live agents; nothing was changed:\n');
    expect(refused.stderr).toContain("  agents/one.yaml:1:1: the agent name 'hand-one' is taken by a live agent (aac does not manage it");
    expect(refused.stderr).toContain('    to take it over, pin it with `id: hand-one` in agents/one.yaml');
    expect(refused.stderr).toContain("  agents/two.yaml:1:1: the agent name 'hand-two' is taken by a live agent (it is managed as 'two' in namespace 'team-b')");
    // Under this very key: most often this directory's own, before its `namespace:` changed.
    expect(refused.stderr).toContain("    did `namespace:` change? 'team-b' manages it under this definition's key; if not, choose another name: an agent belongs to one namespace, and 'team-b' manages this one");
    // Its line ends with the command that takes them over, with this run's flags.
    expect(refused.stderr).toMatch(/; if so, to take over every such one, run `aac plan --adopt-namespace team-b --dir agents --provider foundry-agents`\n {2}each line says what its definition may do\n$/);
    const json = await aac('plan', '--format', 'json');
    const doc = JSON.parse(json.stdout) as { diagnostics: Array<{ code: string; file: string }> };
    expect(doc.diagnostics.filter((d) => d.code === 'name-taken').map((d) => [d.code, d.file])).toEqual([['name-taken', 'agents/one.yaml'], ['name-taken', 'agents/two.yaml']]);
  });

  test('prune deletes only managed agents (with all their versions)', async () => {
    emu.seed([{ name: 'by-hand', definition: { kind: 'prompt', model: 'm' } }, { name: 'other-team', definition: { kind: 'prompt', model: 'm' }, metadata: { 'aac@team-b': 'x' } }]);
    write('one', 'one');
    write('two', 'two');
    expect((await aac('apply', '--yes')).code).toBe(0);
    rmSync(join(dir, 'agents', 'two.yaml'));
    const pruned = await aac('apply', '--yes', '--prune');
    expect(pruned.code, pruned.stderr).toBe(0);
    expect(emu.resources().map((a) => a.name).sort()).toEqual(['by-hand', 'one', 'other-team']);
  });

  test('retain_versions: an agent taken over (pinned with id:, or moved_from) is trimmed by the same apply, so the next plan is clean', async () => {
    // Made by hand: three versions, no marker.
    emu.seed([{ name: 'hand-made', definition: { kind: 'prompt', model: 'gpt-4o', instructions: 'You are hand-made.' } }]);
    for (const d of ['two', 'three']) {
      const res = await fetch(`${emu.url}/agents/hand-made/versions?api-version=v1`, { method: 'POST', headers: { authorization: 'Bearer entra-token', 'content-type': 'application/json' }, body: JSON.stringify({ description: d, definition: { kind: 'prompt', model: 'gpt-4o' } }) });
      expect(res.status).toBe(200);
    }
    writeFileSync(join(dir, 'agents', 'aac.yaml'), 'retain_versions: 2\n');
    write('kept', 'hand-made', 'id: hand-made\n');
    const adopt = await aac('plan');
    expect(adopt.stdout).toContain('~ kept (hand-made) (new version (after 3); adopt: add the marker; delete old versions 1, 2 (all made outside aac, without its marker))');
    expect((await aac('apply', '--yes')).code).toBe(0);
    expect(await versionList('hand-made')).toEqual(['3', '4']);
    expect((await aac('plan', '--detailed-exitcode')).code).toBe(0);

    // Renamed: the old key's agent moves to the new key, and is trimmed as it moves.
    rmSync(join(dir, 'agents', 'kept.yaml'));
    writeFileSync(join(dir, 'agents', 'aac.yaml'), 'retain_versions: 1\n');
    write('renamed', 'hand-made', 'moved_from: [kept]\n');
    const moved = await aac('plan');
    expect(moved.stdout).toContain('~ renamed (hand-made) (moved from kept; new version (after 4); delete old versions 3, 4 (version 3 made outside aac, without its marker))');
    expect((await aac('apply', '--yes')).code).toBe(0);
    expect(await versionList('hand-made')).toEqual(['5']);
    expect((await aac('plan', '--detailed-exitcode')).code).toBe(0);
  });

  test('lost responses on create and on a new version are settled without an extra version', async () => {
    write('billing', 'billing-support');
    emu.setFaults({ commitThenDropRate: 1 });
    const created = await aac('apply', '--yes');
    expect(created.code, created.stderr).toBe(0);
    expect(versionsOf('billing-support')).toBe('1');
    write('billing', 'billing-support', 'description: now\n');
    const updated = await aac('apply', '--yes');
    expect(updated.code, updated.stderr).toBe(0);
    expect(versionsOf('billing-support')).toBe('2');
    emu.setFaults({ commitThenDropRate: 0 });
    expect((await aac('plan', '--detailed-exitcode')).code).toBe(0);
  });
});

/** The versions of agent `name`, oldest first, as the API lists them. */
async function versionList(name: string): Promise<string[]> {
  const res = await fetch(`${emu.url}/agents/${name}/versions?api-version=v1&order=asc&limit=100`, { headers: { authorization: 'Bearer entra-token' } });
  return ((await res.json()) as { data: Array<{ version: string }> }).data.map((v) => v.version);
}

describe('retain_versions, renames and prune through the CLI', END_TO_END, () => {
  test("retain_versions per environment: an environment's stands in for the top level's, one that writes none keeps the top level's", async () => {
    const prod = await testEmulator({ provider: 'foundry-agents', seed: 2 });
    writeFileSync(join(dir, 'agents', 'aac.yaml'), `namespace: team-a\nretain_versions: 3\nenvironments:\n  dev: { endpoint: "${emu.url}", retain_versions: 1 }\n  prod: { endpoint: "${prod.url}" }\n`);
    const inEnv = (name: string, ...args: string[]) => runCli([...args, '--provider', 'foundry-agents', '--dir', 'agents', '--env', name], { cwd: dir, env: { AAC_FOUNDRY_TOKEN: 'entra-token' } });
    const versionsIn = async (host: RunningEmulator) => ((await (await fetch(`${host.url}/agents/billing-support/versions?api-version=v1&order=asc&limit=100`, { headers: { authorization: 'Bearer entra-token' } })).json()) as { data: Array<{ version: string }> }).data.map((v) => v.version);
    for (const description of ['', 'description: one\n', 'description: two\n']) {
      write('billing', 'billing-support', description);
      for (const name of ['dev', 'prod']) expect((await inEnv(name, 'apply', '--yes')).code).toBe(0);
    }
    expect(await versionsIn(emu)).toEqual(['3']);
    expect(await versionsIn(prod)).toEqual(['1', '2', '3']);
    write('billing', 'billing-support', 'description: three\n');
    expect((await inEnv('dev', 'plan', '--no-color')).stdout).toContain('~ billing (billing-support) (new version (after 3); delete old version 3)');
    expect((await inEnv('prod', 'plan', '--no-color')).stdout).toContain('~ billing (billing-support) (new version (after 3); delete old version 1)');
  });

  test('retain_versions: a version made outside aac is deleted as its age says, and the plan says which of the deleted versions were', async () => {
    write('billing', 'billing-support');
    expect((await aac('apply', '--yes')).code).toBe(0);
    await newVersion({}, 'Edited.');
    writeFileSync(join(dir, 'agents', 'aac.yaml'), 'retain_versions: 2\n');
    // The drift is reverted by version 3; version 1 (aac's) goes, the hand-made 2 stays among the newest 2.
    const reverted = await aac('plan', '--no-color');
    expect(reverted.stdout).toContain("(new version (after 2); drift: the latest version, 2, was made outside aac (no aac marker; version 1 has this namespace's): apply makes a new version from the definition; delete old version 1)");
    expect((await aac('apply', '--yes')).code).toBe(0);
    expect(await versionList('billing-support')).toEqual(['2', '3']);

    write('billing', 'billing-support', 'description: one\n');
    const plan = await aac('plan', '--no-color', '--out', 'p.json');
    expect(plan.stdout).toContain('~ billing (billing-support) (new version (after 3); delete old version 2 (made outside aac, without its marker))');
    const md = (await aac('plan', '--format', 'markdown')).stdout;
    expect(md).toContain('- `billing` (`billing-support`): version `2` (made outside aac, without its marker)');
    expect(JSON.parse(readFileSync(join(dir, 'p.json'), 'utf8')).resource_changes[0]).toMatchObject({ delete_versions: ['2'], delete_versions_unmarked: ['2'] });
    expect((await runCli(['show', 'p.json'], { cwd: dir, env })).stdout).toContain('delete old version 2 (made outside aac, without its marker)');
    const applied = await aac('apply', 'p.json');
    expect(applied.code, applied.stderr).toBe(0);
    expect(await versionList('billing-support')).toEqual(['3', '4']);
    expect((await aac('plan', '--detailed-exitcode')).code).toBe(0);
  });

  test('retain_versions: a twin of the latest version (two applies at once) does not count among those kept, pushing no older version out, and goes with the old versions of the next change', async () => {
    write('billing', 'billing-support');
    expect((await aac('apply', '--yes')).code).toBe(0);
    write('billing', 'billing-support', 'description: one\n');
    expect((await aac('apply', '--yes')).code).toBe(0);
    // What an unlocked apply that posted first and a locked one after it leave: the same new
    // version twice, marker and all (made here through the emulator, from the latest as it is).
    emu.mutate('billing-support', {});
    expect(await versionList('billing-support')).toEqual(['1', '2', '3']);
    writeFileSync(join(dir, 'agents', 'aac.yaml'), 'retain_versions: 2\n');
    // Counted, the twin 2 would hold one of the 2 places and version 1 would go: nothing goes.
    const plan = await aac('plan', '--detailed-exitcode');
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);

    // The next change makes version 4: 3 and 4 are the 2 kept, and the twin goes with 1.
    write('billing', 'billing-support', 'description: two\n');
    const next = await aac('plan', '--no-color', '--out', 'p.json');
    expect(next.stdout).toContain('~ billing (billing-support) (new version (after 3); delete old versions 1, 2)');
    const applied = await aac('apply', 'p.json');
    expect(applied.code, applied.stderr).toBe(0);
    expect(await versionList('billing-support')).toEqual(['3', '4']);
    expect((await aac('plan', '--detailed-exitcode')).code).toBe(0);

    // With retain_versions: 1, the twin is beyond what is kept as any old version is.
    emu.mutate('billing-support', {});
    writeFileSync(join(dir, 'agents', 'aac.yaml'), 'retain_versions: 1\n');
    const one = await aac('plan', '--no-color');
    expect(one.stdout).toContain('~ billing (billing-support) (delete old versions 3, 4)');

    expect((await aac('apply', '--yes')).code).toBe(0);
    expect(await versionList('billing-support')).toEqual(['5']);
  });

  test('retain_versions: old versions are planned deletes, applied after the new version, never the latest; a saved plan holds them and an edited one is refused', async () => {
    write('billing', 'billing-support');
    expect((await aac('apply', '--yes')).code).toBe(0);
    for (const d of ['one', 'two', 'three']) {
      write('billing', 'billing-support', `description: ${d}\n`);
      expect((await aac('apply', '--yes')).code).toBe(0);
    }
    expect(await versionList('billing-support')).toEqual(['1', '2', '3', '4']);
    writeFileSync(join(dir, 'agents', 'aac.yaml'), 'retain_versions: 2\n');

    const plan = await aac('plan', '--detailed-exitcode', '--out', 'retain.json');
    expect(plan.code, plan.stderr).toBe(2);
    expect(plan.stdout).toContain('~ billing (billing-support) (delete old versions 1, 2)');
    // Counted where the resources are: one agent modified, its two old versions deleted, in every view.
    const counted = 'Plan: 0 to create, 1 to modify, 0 to delete, 2 old versions to delete, 0 unchanged.';
    expect(plan.stdout).toContain(counted);
    const md = (await aac('plan', '--format', 'markdown')).stdout;
    expect(md).toContain(`**${counted}**`);
    // Called out at the top, as deletes are, by agent and version: they go without --prune.
    expect(md).toContain([
      '**⚠️ Applying this plan deletes 2 old versions** (`retain_versions` in aac.yaml, with or without prune):',
      '',
      '- `billing` (`billing-support`): versions `1, 2`',
    ].join('\n'));
    expect(md.indexOf('deletes 2 old versions')).toBeLessThan(md.indexOf('<details>'));
    expect((await runCli(['show', 'retain.json'], { cwd: dir, env })).stdout).toContain(counted);
    const saved = JSON.parse(readFileSync(join(dir, 'retain.json'), 'utf8'));
    expect(saved.resource_changes[0]).toMatchObject({ actions: ['update'], changed_fields: [], body: {}, delete_versions: ['1', '2'] });
    expect(saved.summary).toMatchObject({ create: 0, update: 1, delete: 0, delete_versions: 2 });
    // A plan file edited to delete the latest version too is refused, with nothing written.
    saved.resource_changes[0].delete_versions = ['1', '2', '4'];
    // Its summary made to agree (else the file is refused as it is read, its parts disagreeing).
    saved.summary.delete_versions = 3;
    writeFileSync(join(dir, 'edited.json'), JSON.stringify(saved));
    emu.resetStats();
    const edited = await aac('apply', 'edited.json');
    expect(edited.code).toBe(1);
    expect(edited.stderr).toContain("the file deletes versions [1, 2, 4], retain_versions and the live versions give [1, 2]");
    expect(writes()).toEqual(LOCK_ONLY);
    // aac.yaml's retain_versions changed since the plan was made: said as that, stale, not as an
    // edited file, and refused before the lock.
    writeFileSync(join(dir, 'agents', 'aac.yaml'), 'retain_versions: 1\n');
    const retained = await aac('apply', 'retain.json', '--format', 'json');
    expect(retained.code).toBe(1);
    expect(retained.stderr).toContain("Error: the saved plan retain.json is stale, so nothing was applied:\n  - aac.yaml's retain_versions changed since the plan was made: 2 then, 1 now\n");
    expect(JSON.parse(retained.stdout).diagnostics.at(-1)).toMatchObject({ code: 'plan-stale' });
    expect(writes()).toEqual(LOCK_ONLY);
    writeFileSync(join(dir, 'agents', 'aac.yaml'), 'retain_versions: 2\n');

    const applied = await aac('apply', 'retain.json');
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    expect(applied.stdout).toContain('~ billing: old versions 1, 2 deleted from billing-support');
    expect(applied.stdout).toContain('Apply complete: 0 created, 1 modified, 0 deleted, 2 old versions deleted.');
    expect(await versionList('billing-support')).toEqual(['3', '4']);
    expect((await aac('plan', '--detailed-exitcode')).code).toBe(0);

    // A change makes its new version first, then the oldest goes: two remain, the new one latest.
    write('billing', 'billing-support', 'description: four\n');
    const next = await aac('plan');
    expect(next.stdout).toContain('~ billing (billing-support) (new version (after 4); delete old version 3)');
    expect(next.stdout).toContain('Plan: 0 to create, 1 to modify, 0 to delete, 1 old version to delete, 0 unchanged.');
    expect(next.stdout).toMatch(/description: "three" → "four"/);
    expect((await aac('apply', '--yes')).code).toBe(0);
    expect(await versionList('billing-support')).toEqual(['4', '5']);
    expect((await aac('plan', '--detailed-exitcode')).code).toBe(0);
  });

  test('retain_versions: an old version already gone when its delete arrives (another client deleted it) is counted apart, as already gone, not as deleted; the next plan is clean', async () => {
    write('billing', 'billing-support');
    expect((await aac('apply', '--yes')).code).toBe(0);
    for (const d of ['one', 'two']) {
      write('billing', 'billing-support', `description: ${d}\n`);
      expect((await aac('apply', '--yes')).code).toBe(0);
    }
    writeFileSync(join(dir, 'agents', 'aac.yaml'), 'retain_versions: 1\n');
    // Between the apply's read of the versions and its delete of version 1, another client deletes it.
    const proxy = await recordingProxy(emu.url, async (r) => {
      if (r.method === 'DELETE' && r.path.endsWith('/agents/billing-support/versions/1')) {
        const gone = await fetch(`${emu.url}/agents/billing-support/versions/1?api-version=v1`, { method: 'DELETE', headers: { authorization: 'Bearer entra-token' } });
        expect(gone.status).toBe(200);
      }
      return undefined;
    });
    try {
      const applied = await runCli(['apply', '--yes', '--format', 'json', '--provider', 'foundry-agents', '--dir', 'agents'], { cwd: dir, env: { ...env, AZURE_AI_PROJECT_ENDPOINT: proxy.url } });
      expect(applied.code, applied.stderr).toBe(0);
      const report = JSON.parse(applied.stdout);
      expect(report.outcomes).toEqual([{ key: 'billing', id: 'billing-support', action: 'update', status: 'ok', error: null, warnings: [], deleted_versions: ['2'], gone_versions: ['1'] }]);
      expect(report.summary).toMatchObject({ modified: 1, deleted_versions: 1, gone_versions: 1, failed: 0 });
      // Said so in text too: the line and the closing count.
      expect(applied.stderr).toContain('~ billing: old version 2 deleted; old version 1 already gone from billing-support');
      expect(applied.stderr).toContain('Apply complete: 0 created, 1 modified, 0 deleted, 1 old version deleted, 1 old version already gone.');
      // Version 2 was deleted by the apply itself, after version 1 was found gone.
      expect(proxy.writes().map((w) => `${w.method} ${w.path.replace(/^.*\/agents/, '/agents')}`)).toContain('DELETE /agents/billing-support/versions/2');
    } finally {
      await proxy.close();
    }
    expect(await versionList('billing-support')).toEqual(['3']);
    expect((await aac('plan', '--detailed-exitcode')).code).toBe(0);
  });

  test('two definitions with one agent name, or names that differ only in case, are refused by validate with no credentials, and by plan', async () => {
    write('x', 'dup-same');
    write('y', 'dup-same');
    const noCredentials = { AAC_NAMESPACE: 'team-a' };
    const validated = await runCli(['validate', '--provider', 'foundry-agents', '--dir', 'agents', '--no-color'], { cwd: dir, env: noCredentials });
    expect(validated.code).toBe(1);
    expect(validated.stdout + validated.stderr).toContain("agents/y.yaml:1:7: error: agent name 'dup-same' is also the name in agents/x.yaml; one name addresses one agent");
    write('y', 'DUP-SAME');
    const cased = await runCli(['validate', '--provider', 'foundry-agents', '--dir', 'agents', '--no-color'], { cwd: dir, env: noCredentials });
    expect(cased.code).toBe(1);
    expect(cased.stdout + cased.stderr).toContain("agents/y.yaml:1:7: error: agent name 'DUP-SAME' differs only in case from 'dup-same' in agents/x.yaml, and counts as the same name");
    const planned = await aac('plan', '--no-color');
    expect(planned.code).toBe(1);
    expect(planned.stdout + planned.stderr).toContain("agent name 'DUP-SAME' differs only in case");
    expect(emu.resources()).toHaveLength(0);
  });

  test('retain_versions: an update that made its new version and then failed deleting an old one counts as modified, said apart, and as failed', async () => {
    for (const k of ['a', 'b']) write(k, `agent-${k}`);
    expect((await aac('apply', '--yes')).code).toBe(0);
    for (const k of ['a', 'b']) {
      write(k, `agent-${k}`, 'description: one\n');
      expect((await aac('apply', '--yes')).code).toBe(0);
    }
    writeFileSync(join(dir, 'agents', 'aac.yaml'), 'retain_versions: 1\n');
    for (const k of ['a', 'b']) write(k, `agent-${k}`, 'description: two\n');
    // The host refuses the delete of b's second old version: a conflict, which the SDK would send
    // four times more over some 7 s (it retries a 409) unless the answer says not to, as this one does.
    const refused = { status: 409, message: 'version in use', headers: { 'x-should-retry': 'false' } };
    const proxy = await recordingProxy(emu.url, (r) => (r.method === 'DELETE' && r.path.endsWith('/agents/agent-b/versions/2') ? refused : undefined));
    const run = (...args: string[]) => runCli(['apply', '--yes', ...args, '--provider', 'foundry-agents', '--dir', 'agents'], { cwd: dir, env: { ...env, AZURE_AI_PROJECT_ENDPOINT: proxy.url } });
    try {
      const applied = await run();
      expect(applied.code).toBe(1);
      expect(applied.stdout).toContain("! b (agent-b): update failed: version 3 was made; old version 1 deleted; deleting old version 2 failed");
      expect(applied.stdout).toContain('Apply failed: 0 created, 2 modified (1 with old versions left to delete), 0 deleted, 3 old versions deleted, 1 failed.');
      // Again, in JSON: b's new version is made; its old version 2 is still refused.
      for (const k of ['a', 'b']) write(k, `agent-${k}`, 'description: three\n');
      const json = JSON.parse((await run('--format', 'json')).stdout);
      expect(json.summary).toMatchObject({ modified: 2, modified_with_old_versions_left: 1, failed: 1, deleted_versions: 1 });
    } finally {
      await proxy.close();
    }
  });

  test('retain_versions is refused for a provider whose resources have no versions', async () => {
    mkdirSync(join(dir, 'classic'));
    writeFileSync(join(dir, 'classic', 'aac.yaml'), 'provider: openai\nretain_versions: 2\n');
    writeFileSync(join(dir, 'classic', 'a.yaml'), 'model: gpt-4o\n');
    const validated = await runCli(['validate', '--dir', 'classic'], { cwd: dir, env: {} });
    expect(validated.code).toBe(1);
    expect(validated.stdout + validated.stderr).toContain("retain_versions keeps the newest versions of versioned agents; the assistants of the provider openai have no versions");
  });

  test('a rename is a new agent: refused unless asked for with a new key; prune deletes the old agent with all its versions and the plan says so', async () => {
    write('billing', 'billing-support');
    expect((await aac('apply', '--yes')).code).toBe(0);
    write('billing', 'billing-support', 'description: v2\n');
    expect((await aac('apply', '--yes')).code).toBe(0);
    emu.resetStats();
    write('billing', 'billing-desk');
    const refused = await aac('plan');
    expect(refused.code).toBe(1);
    // Located at the name it refuses, as a diagnostic is.
    expect(refused.stderr).toContain("agents/billing.yaml:1:1: renaming agent 'billing-support' to 'billing-desk' makes a new agent (the name is its address)");
    expect(refused.stderr).toContain('give the definition a new key as well');
    // The place in --format json's own fields, not inside the message.
    const json = await aac('plan', '--format', 'json');
    expect([json.code, JSON.parse(json.stdout).diagnostics]).toEqual([1, [{
      severity: 'error', code: 'rename-refused', file: 'agents/billing.yaml', line: 1, column: 1, path: 'name',
      message: "renaming agent 'billing-support' to 'billing-desk' makes a new agent (the name is its address), so it is refused",
      hint: expect.stringContaining('give the definition a new key as well'),
    }]]);
    expect((await aac('apply', '--yes')).code).toBe(1);
    expect(writes()).toEqual(LOCK_ONLY);

    // A new key that keeps the old agent through moved_from is the same agent still: the hint says
    // to drop that entry, since the file is renamed already.
    rmSync(join(dir, 'agents', 'billing.yaml'));
    write('billing-desk', 'billing-desk', 'moved_from: [billing]\n');
    const moved = await aac('plan');
    expect([moved.code, moved.stderr]).toEqual([1, expect.stringContaining("`moved_from: [billing]` makes this the same agent as 'billing-support': to make the new agent, remove 'billing' from `moved_from`")]);
    expect(moved.stderr).not.toContain('give the definition a new key');

    // Asked for: the definition under a new key is a new agent; the old one is no longer defined.
    write('billing-desk', 'billing-desk');
    const plan = await aac('plan', '--prune');
    // A delete lists what the agent has, never a field it has not as `null → null`.
    expect(plan.stdout).not.toMatch(/reasoning|tool_choice|structured_inputs|rai_config|null → null/);
    expect(plan.stdout).toContain('+ billing-desk (create)');
    expect(plan.stdout).toContain('- billing (billing-support) (delete: no longer defined, with all its versions)');
    const md = await aac('plan', '--prune', '--format', 'markdown');
    expect(md.stdout).toContain('id `billing-support`, with all its versions');
    // The same delete read back from a saved plan, in every view: the same members, none null.
    expect((await aac('plan', '--prune', '--out', 'p.json')).code).toBe(0);
    for (const format of ['text', 'markdown']) {
      const shown = await runCli(['show', 'p.json', '--format', format, '--no-color'], { cwd: dir, env });
      expect(shown.code, shown.stderr).toBe(0);
      expect(shown.stdout).toMatch(/kind = "prompt"/);
      expect(shown.stdout, format).not.toMatch(/reasoning|tool_choice|structured_inputs|rai_config|= null/);
    }
    expect((await aac('apply', '--yes', '--prune')).code).toBe(0);
    expect(emu.resources().map((a) => a.name)).toEqual(['billing-desk']);
    expect((await aac('plan', '--detailed-exitcode', '--prune')).code).toBe(0);
  });
});

describe('aac import from foundry-agents', END_TO_END, () => {
  test('imports the latest version of each agent it does not manage; the plan shows only the adoptions; apply converges', async () => {
    emu.seed([
      { name: 'billing-support', description: 'Old.', definition: { kind: 'prompt', model: 'gpt-4o', instructions: 'Old.' } },
      {
        name: 'research', metadata: { team: 'r' },
        definition: {
          kind: 'prompt', model: 'gpt-4o-mini', instructions: Array.from({ length: 8 }, (_, i) => `Rule ${i + 1}.`).join('\n'), temperature: 0.3,
          tools: [{ type: 'file_search', vector_store_ids: ['vs_1'], max_num_results: 8 }, { type: 'function', name: 'cite', parameters: { type: 'object', properties: {} }, strict: true }],
          text: { format: { type: 'json_schema', name: 'answer', schema: { type: 'object' } } },
        },
      },
    ]);
    // A second version of billing-support, made by hand: the import takes the latest.
    emu.mutate('billing-support', { description: 'Answers billing questions.', definition: { kind: 'prompt', model: 'gpt-4o', instructions: 'New.' } });
    emu.resetStats();
    const imported = await aac('import');
    expect(imported.code, imported.stderr).toBe(0);
    expect(writes()).toEqual({});
    const billing = readFileSync(join(dir, 'agents', 'billing-support.yaml'), 'utf8');
    expect(billing).toContain('id: billing-support\n');
    expect(billing).toContain('description: Answers billing questions.\n');
    expect(billing).toContain('instructions: New.\n');
    expect(readFileSync(join(dir, 'agents', 'research.yaml'), 'utf8')).toContain('instructions_file: prompts/research.md\n');

    const plan = await aac('plan');
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('~ billing-support (billing-support) (new version (after 2); adopt: add the marker)');
    expect(plan.stdout).toContain('~ research (research) (new version (after 1); adopt: add the marker)');
    expect(plan.stdout).not.toMatch(/definition|description:/);
    expect((await aac('apply', '--yes')).code).toBe(0);
    expect((await aac('plan', '--detailed-exitcode')).code).toBe(0);
    expect(emu.stats().byStatus['400']).toBeUndefined();
  });
});
