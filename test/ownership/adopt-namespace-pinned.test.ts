// `--adopt-namespace OLD` over definitions pinned with `id:` (as `aac import` writes them), through
// the CLI against the emulator on every backend: after `namespace:` changed, a pin to OLD's
// resource of the definition's own key is taken over as the unpinned path takes one (an adopt that
// replaces OLD's marker); without the flag the pin is refused, naming the command that takes it
// over; a pin to OLD's resource of another key stays refused with the flag.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EVERY_BACKEND_HOST as HOSTS } from '../backends/helpers.js';
import { runCli } from '../helpers/cli.js';
import { workspace, type Workspace } from '../apply/helpers.js';

const open: Array<{ close(): Promise<void> } | Workspace> = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await ('cleanup' in o ? o.cleanup() : o.close());
});

interface Doc {
  summary: { create: number; update: number; delete: number; other_namespaces: number };
  resource_changes: Array<{ key: string; id: string | null; actions: string[]; adopt: boolean; removed_markers?: Record<string, string> }>;
}

describe.each(Object.keys(HOSTS))('--adopt-namespace over `id:` pins, with --provider %s', (provider) => {
  it("takes over the pinned resources of their own keys; without it, the refusal names the command; a pin to another key's stays refused", async () => {
    const host = HOSTS[provider]!;
    const emu = await host.start();
    open.push(emu);
    const spec = { a: host.definition('A'), b: host.definition('B'), d: host.definition('D') };
    const ws = workspace(spec);
    open.push(ws);
    const setNamespace = (ns: string) => writeFileSync(join(ws.root, 'assistants/aac.yaml'), `provider: ${provider}\nnamespace: ${ns}\n`);
    const env = { ...host.env(emu.url), AAC_NAMESPACE: undefined };
    const cli = (...argv: string[]) => runCli(argv, { cwd: ws.root, env });
    const json = async (...argv: string[]) => {
      const run = await cli('plan', '--format', 'json', ...argv);
      expect(run.code, run.stderr).toBe(0);
      return JSON.parse(run.stdout) as Doc;
    };
    setNamespace('s53old');
    const applied = await cli('apply', '--yes');
    expect(applied.code, applied.stderr).toBe(0);
    const ids = Object.fromEntries((await json()).resource_changes.map((c) => [c.key, c.id!]));
    // As `aac import` writes them: each definition pinned to its resource; then the namespace changes.
    ws.write('a', { ...spec.a, id: ids.a });
    ws.write('b', { ...spec.b, id: ids.b });
    ws.remove('d');
    setNamespace('s53new');

    const refused = await cli('plan');
    expect(refused.code).toBe(1);
    for (const key of ['a', 'b']) expect(refused.stderr).toMatch(new RegExp(`'id: ${ids[key]}' pins ${host.one} '${key}' to an? ${host.one} managed by the namespace 's53old'`));
    expect(refused.stderr).toContain("did `namespace:` change? 's53old' manages it under this definition's key; if so, to take over every such one, run `aac plan --adopt-namespace s53old`; if not,");

    const plan = await cli('plan', '--adopt-namespace', 's53old');
    expect(plan.code, plan.stderr).toBe(0);
    for (const key of ['a', 'b']) expect(plan.stdout).toMatch(new RegExp(`  ~ ${key} \\(${ids[key]}\\) \\((?:new version \\(after \\S+\\); )?adopt: take over from the namespace 's53old'\\)\\n`));
    expect(plan.stdout).toContain('Plan: 0 to create, 2 to modify, 0 to delete, 0 unchanged.');
    const doc = await json('--adopt-namespace', 's53old');
    expect(doc.resource_changes.map((c) => [c.key, c.id, c.actions[0], c.adopt, c.removed_markers])).toEqual(
      ['a', 'b'].map((key) => [key, ids[key], 'update', true, { 'aac@s53old': key }]),
    );

    // A pin to the old namespace's resource of another key is no take-over of that key: refused, with or without the flag, and without the command.
    ws.write('c', { ...host.definition('C'), id: ids.d });
    const other = await cli('plan', '--adopt-namespace', 's53old');
    expect(other.code).toBe(1);
    expect(other.stderr).toContain(`'id: ${ids.d}' pins ${host.one} 'c' to`);
    expect(other.stderr).not.toContain('did `namespace:` change?');
    ws.remove('c');

    const adopted = await cli('apply', '--yes', '--adopt-namespace', 's53old');
    expect(adopted.code, adopted.stderr).toBe(0);
    // Taken over, the pins hold in the new namespace without the flag; d stays the old namespace's.
    const after = await json();
    expect(after.summary).toMatchObject({ create: 0, update: 0, delete: 0, other_namespaces: 1 });
    expect(after.resource_changes.map((c) => [c.key, c.id, c.actions[0]])).toEqual(['a', 'b'].map((key) => [key, ids[key], 'no-op']));
  });
});
