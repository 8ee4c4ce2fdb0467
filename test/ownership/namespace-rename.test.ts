// A changed `namespace:` on every backend, through the CLI against the emulator: the resources the
// old namespace made stay live under their keys, and a plan in the new one would make a second
// fleet beside them. The plan says so on each create whose key another namespace's resource
// carries (whether its definition is the same, and the fields that differ, never their values),
// one line per old namespace, in every view; a kind addressed by name, which refuses the taken
// names, asks the same question in its refusal.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { kindForProvider } from '../../src/backends/registry.js';
import { EVERY_BACKEND_HOST as HOSTS } from '../backends/helpers.js';
import { runCli } from '../helpers/cli.js';
import { workspace, type Workspace } from '../apply/helpers.js';

const open: Array<{ close(): Promise<void> } | Workspace> = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await ('cleanup' in o ? o.cleanup() : o.close());
});

interface Change {
  key: string;
  id: string | null;
  actions: string[];
  live_elsewhere?: { namespace: string; id: string; changed_fields: string[] };
}

/** A fleet of a, b, c applied in the namespace s20ns1 on `provider`, then `namespace:` changed to s20ns2 and c's metadata removed. */
async function renamed(provider: string) {
  const host = HOSTS[provider]!;
  const emu = await host.start();
  open.push(emu);
  // The old namespace's c holds a value the new one's plan must not show.
  const ws = workspace({ a: host.definition('A'), b: host.definition('B'), c: { ...host.definition('C'), metadata: { team: 'secret-value' } } });
  open.push(ws);
  const setNamespace = (ns: string) => writeFileSync(join(ws.root, 'assistants/aac.yaml'), `provider: ${provider}\nnamespace: ${ns}\n`);
  const cli = (...argv: string[]) => runCli(argv, { cwd: ws.root, env: { ...host.env(emu.url), AAC_NAMESPACE: undefined } });
  setNamespace('s20ns1');
  const applied = await cli('apply', '--yes');
  expect(applied.code, applied.stderr).toBe(0);
  // The live ids, as the old namespace's plan names them.
  const before = JSON.parse((await cli('plan', '--format', 'json')).stdout) as { resource_changes: Change[] };
  const ids = Object.fromEntries(before.resource_changes.map((c) => [c.key, c.id!]));
  expect(Object.keys(ids).sort()).toEqual(['a', 'b', 'c']);
  setNamespace('s20ns2');
  ws.write('c', host.definition('C'));
  return { host, emu, ws, cli, ids, setNamespace, kind: kindForProvider(provider) };
}

describe.each(Object.keys(HOSTS))('a changed namespace: with --provider %s', (provider) => {
  it('the plan says which creates repeat a live resource of the old namespace, one line for the namespace, in every view', async () => {
    const { host, cli, ids, kind } = await renamed(provider);
    const plan = await cli('plan');
    if (kind.identity.addressedBy === 'name') {
      // The names are the old fleet's: creating would add versions to them, so the plan refuses each, asking why.
      expect(plan.code).toBe(1);
      expect(plan.stderr).toContain(`the ${host.one} name '${host.named('A')}' is taken by a live ${host.one} (it is managed as 'a' in namespace 's20ns1')`);
      expect(plan.stderr).toContain("did `namespace:` change? 's20ns1' manages it under this definition's key");
      expect(plan.stderr).not.toContain('secret-value');
      return;
    }
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('Plan: 3 to create, 0 to modify, 0 to delete, 0 unchanged.');
    expect(plan.stdout).toContain(
      `  ! 3 ${host.one}s to create are live in the namespace 's20ns1' under their keys (2 with the same definition, 1 differing): ` +
        `'a' (${ids.a}), 'b' (${ids.b}), 'c' (${ids.c}; differs in: metadata). Did \`namespace:\` change? If so, those stay live and no directory manages them: to take them over instead, run \`aac plan --adopt-namespace s20ns1\`.\n`,
    );
    // Another namespace's values are never shown: only ids, the namespace and which fields differ.
    expect(plan.stdout).not.toContain('secret-value');

    const markdown = await cli('plan', '--format', 'markdown');
    expect(markdown.stdout).toContain(`> **Note:** 3 ${host.one}s to create are live in the namespace \`s20ns1\` under their keys (2 with the same definition, 1 differing): \`a\` (\`${ids.a}\`)`);

    const json = JSON.parse((await cli('plan', '--format', 'json')).stdout) as { format_version: string; resource_changes: Change[] };
    expect(json.format_version).toBe('1.21');
    expect(json.resource_changes.map((c) => [c.key, c.actions[0], c.live_elsewhere])).toEqual([
      ['a', 'create', { namespace: 's20ns1', id: ids.a, changed_fields: [] }],
      ['b', 'create', { namespace: 's20ns1', id: ids.b, changed_fields: [] }],
      ['c', 'create', { namespace: 's20ns1', id: ids.c, changed_fields: ['metadata'] }],
    ]);
  });

  it('one create says it of itself; a saved plan keeps the note, and one whose twin changed since is stale', async () => {
    const { host, cli, ids, ws, kind, setNamespace } = await renamed(provider);
    ws.remove('b');
    ws.remove('c');
    if (kind.identity.addressedBy === 'name') {
      // Under another name it is no taken name but a create, noted as the others are.
      ws.write('a', host.definition('A2'));
      const plan = await cli('plan');
      expect(plan.code, plan.stderr).toBe(0);
      expect(plan.stdout).toContain(`  ! 'a' (assistants/a.yaml) is live as ${ids.a} in the namespace 's20ns1' (differs in: name): did \`namespace:\` change?`);
      return;
    }
    const plan = await cli('plan');
    expect(plan.stdout).toContain(
      `  ! 'a' (assistants/a.yaml) is live as ${ids.a} in the namespace 's20ns1' (same definition): did \`namespace:\` change? If so, that ${host.one} stays live and no directory manages it: to take it over instead, run \`aac plan --adopt-namespace s20ns1\`.\n`,
    );
    expect((await cli('plan', '--out', 'p.json')).code).toBe(0);
    const shown = await runCli(['show', 'p.json'], { cwd: ws.root });
    expect(shown.stdout).toContain(`'a' (assistants/a.yaml) is live as ${ids.a} in the namespace 's20ns1' (same definition)`);

    // The old namespace changes its 'a' (no fingerprint of this plan covers it): the note no longer holds.
    setNamespace('s20ns1');
    ws.write('a', { ...host.definition('A'), metadata: { team: 'x' } });
    expect((await cli('apply', '--yes', '--target', 'a')).code).toBe(0);
    ws.write('a', host.definition('A'));
    setNamespace('s20ns2');
    const stale = await cli('apply', 'p.json');
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain("'a': its note live_elsewhere is not what the live state gives now");
  });
});

it('two old namespaces get a line each, and a key only this namespace defines gets none', async () => {
  const host = HOSTS.openai!;
  const emu = await host.start();
  open.push(emu);
  const [x, y] = emu.seed([
    { model: 'gpt-4o', name: 'A', metadata: { 'aac@old1': 'a' } },
    { model: 'gpt-4o', name: 'B', metadata: { 'aac@old2': 'b' } },
  ]);
  const ws = workspace({ a: host.definition('A'), b: host.definition('B'), n: host.definition('N') });
  open.push(ws);
  const plan = await runCli(['plan'], { cwd: ws.root, env: host.env(emu.url) });
  expect(plan.code, plan.stderr).toBe(0);
  expect(plan.stdout).toContain(`  ! 'a' (assistants/a.yaml) is live as ${x!.id as string} in the namespace 'old1' (same definition)`);
  expect(plan.stdout).toContain(`  ! 'b' (assistants/b.yaml) is live as ${y!.id as string} in the namespace 'old2' (same definition)`);
  expect(plan.stdout).not.toContain("'n' (assistants/n.yaml) is live");
});
