// `--adopt-namespace OLD`: the supported way to move a fleet to a directory's new `namespace:`, on
// every backend, through the CLI against the emulator. Every resource of OLD whose key a definition
// has is taken over by an update that rewrites its marker (an adopt); OLD's others stay OLD's, even
// with --prune; a saved plan records the flag and apply keeps it; the apply holds OLD's lock too.
import { writeFileSync, readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { kindForProvider } from '../../src/backends/registry.js';
import { EVERY_BACKEND_HOST as HOSTS } from '../backends/helpers.js';
import { runCli } from '../helpers/cli.js';
import { heldApply, until } from '../lock/helpers.js';
import { workspace, type Workspace } from '../apply/helpers.js';

const open: Array<{ close(): Promise<void> } | Workspace> = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await ('cleanup' in o ? o.cleanup() : o.close());
});

interface Doc {
  adopt_namespace: string | null;
  summary: { other_namespaces: number; create: number; update: number; delete: number };
  resource_changes: Array<{ key: string; id: string | null; actions: string[]; adopt: boolean; removed_markers?: Record<string, string>; live_elsewhere?: { namespace: string } }>;
}

/** a, b, c and d applied in the namespace s20ns1 on `provider`; then `namespace:` changed to s20ns2 and d's definition removed. */
async function renamed(provider: string) {
  const host = HOSTS[provider]!;
  const emu = await host.start();
  open.push(emu);
  const ws = workspace({ a: host.definition('A'), b: host.definition('B'), c: host.definition('C'), d: host.definition('D') });
  open.push(ws);
  const setNamespace = (ns: string) => writeFileSync(join(ws.root, 'assistants/aac.yaml'), `provider: ${provider}\nnamespace: ${ns}\n`);
  const env = { ...host.env(emu.url), AAC_NAMESPACE: undefined };
  const cli = (...argv: string[]) => runCli(argv, { cwd: ws.root, env });
  setNamespace('s20ns1');
  const applied = await cli('apply', '--yes');
  expect(applied.code, applied.stderr).toBe(0);
  const before = JSON.parse((await cli('plan', '--format', 'json')).stdout) as Doc;
  const ids = Object.fromEntries(before.resource_changes.map((c) => [c.key, c.id!]));
  setNamespace('s20ns2');
  ws.remove('d');
  const json = async (...argv: string[]) => JSON.parse((await cli('plan', '--format', 'json', ...argv)).stdout) as Doc;
  return { host, emu, ws, cli, env, ids, json, kind: kindForProvider(provider) };
}

describe.each(Object.keys(HOSTS))('--adopt-namespace with --provider %s', (provider) => {
  it('the plan without it suggests it; with it, takes over the keys defined here and leaves the rest to the old namespace, even with --prune', async () => {
    const { host, cli, ids, json, kind } = await renamed(provider);
    const without = await cli('plan');
    if (kind.identity.addressedBy === 'name') {
      expect(without.stderr).toContain("did `namespace:` change? 's20ns1' manages it under this definition's key; if not, choose another name");
      expect(without.stderr).toMatch(/; if so, to take over every such one, run `aac plan --adopt-namespace s20ns1`\n/);
    } else {
      expect(without.stdout).toContain(`Did \`namespace:\` change? If so, those stay live and no directory manages them: to take them over instead, run \`aac plan --adopt-namespace s20ns1\`.`);
    }

    const plan = await cli('plan', '--adopt-namespace', 's20ns1');
    expect(plan.code, plan.stderr).toBe(0);
    for (const key of ['a', 'b', 'c']) expect(plan.stdout).toMatch(new RegExp(`  ~ ${key} \\(${ids[key]}\\) \\((?:new version \\(after \\S+\\); )?adopt: take over from the namespace 's20ns1'\\)\\n`));
    expect(plan.stdout).toContain(`- aac@s20ns1 = "a" → null (the marker of the namespace 's20ns1', which this namespace's replaces)`);
    expect(plan.stdout).toContain('Plan: 0 to create, 3 to modify, 0 to delete, 0 unchanged.');
    expect(plan.stdout).toContain('Planned with --adopt-namespace s20ns1.');
    expect(plan.stdout).toContain(`1 ${host.one} managed by other namespaces.`);
    expect(plan.stdout).not.toContain('Did `namespace:` change?');

    const doc = await json('--adopt-namespace', 's20ns1');
    expect(doc.adopt_namespace).toBe('s20ns1');
    expect(doc.resource_changes.map((c) => [c.key, c.id, c.actions[0], c.adopt, c.removed_markers])).toEqual(
      ['a', 'b', 'c'].map((key) => [key, ids[key], 'update', true, { 'aac@s20ns1': key }]),
    );
    const markdown = await cli('plan', '--adopt-namespace', 's20ns1', '--format', 'markdown');
    // In code, as keys and flags are in markdown.
    expect(markdown.stdout).toContain('adopt: take over from the namespace <code>s20ns1</code>');
    expect(markdown.stdout).toContain('Planned with `--adopt-namespace s20ns1`.');

    // With --prune: d, which no definition here has, stays the old namespace's.
    const applied = await cli('apply', '--yes', '--adopt-namespace', 's20ns1', '--prune');
    expect(applied.code, applied.stderr).toBe(0);
    const after = await json('--prune');
    expect(after.summary).toMatchObject({ create: 0, update: 0, delete: 0, other_namespaces: 1 });
    expect(after.resource_changes.map((c) => [c.key, c.id])).toEqual(['a', 'b', 'c'].map((key) => [key, ids[key]]));
    expect((await cli('plan', '--prune', '--detailed-exitcode')).code).toBe(0);
    // The old namespace still manages d, and only d (a kind addressed by name refuses the names a, b and c there, now s20ns2's).
    if (kind.identity.addressedBy === 'id') {
      const old = await json('--namespace', 's20ns1');
      expect(old.resource_changes.filter((c) => c.id !== null).map((c) => [c.key, c.id])).toEqual([['d', ids.d]]);
    }
  });

  it('a saved plan records it and apply PLANFILE keeps it; it cannot be added to, or changed in, a plan made otherwise', async () => {
    const { cli, ids, ws, json } = await renamed(provider);
    expect((await cli('plan', '--adopt-namespace', 's20ns1', '--out', 'p.json')).code).toBe(0);
    expect(JSON.parse(readFileSync(join(ws.root, 'p.json'), 'utf8')).adopt_namespace).toBe('s20ns1');
    const shown = await runCli(['show', 'p.json'], { cwd: ws.root });
    expect(shown.stdout).toContain("adopt: take over from the namespace 's20ns1'");
    expect(shown.stdout).toContain('Planned with --adopt-namespace s20ns1.');

    const other = await cli('apply', 'p.json', '--adopt-namespace', 's19');
    expect(other.code).toBe(1);
    expect(other.stderr).toContain('--adopt-namespace cannot change a saved plan, which keeps the choices it was made with: p.json was made with --adopt-namespace s20ns1');

    const applied = await cli('apply', 'p.json');
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain(', as planned with --adopt-namespace s20ns1:');
    expect((await json()).resource_changes.map((c) => [c.key, c.id, c.actions[0]])).toEqual(['a', 'b', 'c'].map((key) => [key, ids[key], 'no-op']));

    // Taken over, a plan needs no flag, and one made without it cannot be given it.
    expect((await cli('plan', '--out', 'q.json')).code).toBe(0);
    const widened = await cli('apply', 'q.json', '--adopt-namespace', 's20ns1');
    expect(widened.code).toBe(1);
    expect(widened.stderr).toContain('q.json was made without --adopt-namespace, so it takes over nothing of another namespace');
  });

  it("an apply that adopts holds the old namespace's lock too: refused while a run of that namespace holds it, nothing written", async () => {
    const { host, emu, cli, env, json } = await renamed(provider);
    // A run of s20ns1 from another directory, held at its question: it holds s20ns1's lock.
    const oldDir = workspace({ e: host.definition('E') });
    open.push(oldDir);
    writeFileSync(join(oldDir.root, 'assistants/aac.yaml'), `provider: ${provider}\nnamespace: s20ns1\n`);
    const held = await heldApply([], { cwd: oldDir.root, env: env as Record<string, string> });
    try {
      const before = JSON.stringify(emu.resources().filter((r) => !String(r.name).startsWith('aac-lock-')));
      const refused = await cli('apply', '--yes', '--adopt-namespace', 's20ns1');
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain("the namespace 's20ns1' is locked");
      expect(JSON.stringify(emu.resources().filter((r) => !String(r.name).startsWith('aac-lock-')))).toBe(before);
      // A plan only says so.
      const plan = await cli('plan', '--adopt-namespace', 's20ns1');
      expect(plan.code, plan.stderr).toBe(0);
      expect(plan.stderr).toContain("the namespace 's20ns1' is locked by a run in progress");
    } finally {
      held.answer('no');
      await held.run;
    }
    expect((await cli('apply', '--yes', '--adopt-namespace', 's20ns1')).code).toBe(0);
    expect((await json()).summary).toMatchObject({ create: 0, update: 0 });
  });
});

// The note on creates (live_elsewhere) is a kind addressed by id's: one addressed by name refuses the taken names instead.
const BY_ID = Object.keys(HOSTS).filter((provider) => kindForProvider(provider).identity.addressedBy === 'id');

describe.each(BY_ID)('from the note to a clean plan, with --provider %s', (provider) => {
  it("the note's command, run as printed from another directory, plans the take-over; applied, the next plan has no changes and no note", async () => {
    const { ws, env, ids } = await renamed(provider);
    // From a directory of its own, so the command must carry --dir to reach the definitions.
    const elsewhere = join(ws.root, 'elsewhere');
    mkdirSync(elsewhere);
    const cli = (...argv: string[]) => runCli(argv, { cwd: elsewhere, env });
    const plan = await cli('plan', '--dir', '../assistants');
    expect(plan.code, plan.stderr).toBe(0);
    const command = /those stay live and no directory manages them: to take them over instead, run `([^`]+)`\.\n/.exec(plan.stdout)?.[1];
    expect(command).toBe('aac plan --adopt-namespace s20ns1 --dir ../assistants');
    const markdown = await cli('plan', '--dir', '../assistants', '--format', 'markdown');
    expect(markdown.stdout).toContain(`to take them over instead, run \`${command!}\`.`);
    const before = JSON.parse((await cli('plan', '--dir', '../assistants', '--format', 'json')).stdout) as Doc;
    expect(before.resource_changes.map((c) => [c.key, c.actions[0], c.live_elsewhere?.namespace])).toEqual(['a', 'b', 'c'].map((key) => [key, 'create', 's20ns1']));

    // Run as printed (its words are plain: no shell quoting to undo), then applied with the same options.
    const words = command!.split(' ').slice(1);
    const adopting = await cli(...words);
    expect(adopting.code, adopting.stderr).toBe(0);
    expect(adopting.stdout).toContain('Plan: 0 to create, 3 to modify, 0 to delete, 0 unchanged.');
    expect(adopting.stdout).not.toContain('Did `namespace:` change?');
    const applied = await cli('apply', '--yes', ...words.slice(1));
    expect(applied.code, applied.stderr).toBe(0);

    const after = JSON.parse((await cli('plan', '--dir', '../assistants', '--format', 'json')).stdout) as Doc;
    expect(after.summary).toMatchObject({ create: 0, update: 0, delete: 0 });
    expect(after.resource_changes.map((c) => [c.key, c.id, c.actions[0], Object.hasOwn(c, 'live_elsewhere')])).toEqual(['a', 'b', 'c'].map((key) => [key, ids[key], 'no-op', false]));
    const clean = await cli('plan', '--dir', '../assistants', '--detailed-exitcode');
    expect(clean.code, clean.stdout).toBe(0);
    expect(clean.stdout).not.toContain('adopt-namespace');
  });
});

describe.each(Object.keys(HOSTS))('a saved plan made with --adopt-namespace, with --provider %s', (provider) => {
  it("applied later, holds the old namespace's lock too: refused while a run of it holds that lock, and waits for it under --lock-timeout", async () => {
    const { host, emu, ws, cli, env, json } = await renamed(provider);
    expect((await cli('plan', '--adopt-namespace', 's20ns1', '--out', 'p.json')).code).toBe(0);
    // A run of s20ns1 from another directory, held at its question: it holds s20ns1's lock.
    const oldDir = workspace({ e: host.definition('E') });
    open.push(oldDir);
    writeFileSync(join(oldDir.root, 'assistants/aac.yaml'), `provider: ${provider}\nnamespace: s20ns1\n`);
    const held = await heldApply([], { cwd: oldDir.root, env: env as Record<string, string> });
    let waiting: Promise<{ code: number; stderr: string }> | undefined;
    try {
      const written = () => JSON.stringify(emu.resources().filter((r) => !String(r.name).startsWith('aac-lock-')));
      const before = written();
      const refused = await cli('apply', 'p.json');
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain("the namespace 's20ns1' is locked by another run, so nothing was changed");
      // Its holder still runs on this host: waiting is offered, never force-unlock (as Terraform).
      expect(refused.stderr).toContain('is still running on this host: wait for it to finish (--lock-timeout=5m');
      expect(refused.stderr).not.toContain('force-unlock');
      expect(written()).toBe(before);

      let said = '';
      waiting = runCli(['apply', 'p.json', '--lock-timeout', '30s'], { cwd: ws.root, env, onStderr: (t) => void (said += t) });
      await until(() => said.includes("Waiting for the lock on the namespace 's20ns1'"), "the saved plan's apply waits for the old namespace's lock");
      expect(written()).toBe(before);
      // Its own lock object of s20ns1, in line, names the force-unlock that removes it from here: that namespace's.
      expect(JSON.stringify(emu.resources())).toMatch(/If that run is gone: aac force-unlock aac-lock-[0-9a-f]{12} --yes --namespace s20ns1\./);
    } finally {
      held.answer('no');
      await held.run;
    }
    const done = await waiting!;
    expect(done.code, done.stderr).toBe(0);
    expect((await json()).summary).toMatchObject({ create: 0, update: 0 });
  });

  it("while an apply that adopts holds both locks, a run of either namespace is refused", async () => {
    const { host, cli, env, ws } = await renamed(provider);
    const oldDir = workspace({ e: host.definition('E') });
    open.push(oldDir);
    writeFileSync(join(oldDir.root, 'assistants/aac.yaml'), `provider: ${provider}\nnamespace: s20ns1\n`);
    const held = await heldApply(['--adopt-namespace', 's20ns1'], { cwd: ws.root, env: env as Record<string, string> });
    try {
      const old = await runCli(['apply', '--yes'], { cwd: oldDir.root, env });
      expect(old.code).toBe(1);
      expect(old.stderr).toContain("the namespace 's20ns1' is locked by another run, so nothing was changed");
      const own = await cli('apply', '--yes');
      expect(own.code).toBe(1);
      expect(own.stderr).toContain("the namespace 's20ns2' is locked by another run, so nothing was changed");
    } finally {
      held.answer('yes');
    }
    expect((await held.run).code).toBe(0);
  });
});

describe('--adopt-namespace is refused, nothing written', () => {
  const ws = () => {
    const w = workspace({ a: { model: 'gpt-4o', name: 'A' } });
    open.push(w);
    mkdirSync(join(w.root, 'assistants'), { recursive: true });
    writeFileSync(join(w.root, 'assistants/aac.yaml'), 'namespace: s20ns2\n');
    return w;
  };
  // No host to send to: a request would fail otherwise than the refusal.
  const env = { OPENAI_API_KEY: 'sk-test', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1', AAC_NAMESPACE: undefined };

  it("naming this run's own namespace, or no namespace at all", async () => {
    for (const command of ['plan', 'apply']) {
      const own = await runCli([command, '--adopt-namespace', 's20ns2', '--yes'].filter((a) => command === 'apply' || a !== '--yes'), { cwd: ws().root, env });
      expect(own.code).toBe(1);
      expect(own.stderr).toContain("Error: --adopt-namespace s20ns2 names this run's own namespace: there is nothing to take over");
      const bad = await runCli([command, '--adopt-namespace', 'not valid'], { cwd: ws().root, env });
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain("Error: --adopt-namespace 'not valid' is not a namespace:");
    }
  });
});
