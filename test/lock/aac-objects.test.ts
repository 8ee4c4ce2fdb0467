// aac's own objects on every backend's host, through the CLI against the emulator: a lock object
// (an assistant or agent aac makes as a run's lock) named by an `id:` pin or by `aac import --id`,
// of this namespace or another, is refused saying what it is, not as an id nothing has; and
// force-unlock of another namespace's lock names whose it is instead of the flag that would remove
// it from here.
import { afterEach, describe, expect, it } from 'vitest';
import { EVERY_BACKEND_HOST as HOSTS } from '../backends/helpers.js';
import { runCli } from '../helpers/cli.js';
import { heldApply } from './helpers.js';
import { workspace, type Workspace } from '../apply/helpers.js';

const open: Array<{ close(): Promise<void> } | Workspace> = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await ('cleanup' in o ? o.cleanup() : o.close());
});

describe.each(Object.keys(HOSTS))("aac's lock objects with --provider %s", (provider) => {
  it('a pin or an import --id naming one is refused as the lock it is, in its own namespace and in another; force-unlock elsewhere names its owner', async () => {
    const host = HOSTS[provider]!;
    const emu = await host.start();
    open.push(emu);
    const env = host.env(emu.url);
    const mine = workspace({ a: host.definition('A') });
    const theirs = workspace({ b: host.definition('B') });
    open.push(mine, theirs);
    const cli = (...argv: string[]) => runCli([...argv, '--provider', provider], { cwd: theirs.root, env });

    // A run of the namespace 'test' holds its lock (held at its question).
    const held = await heldApply(['--provider', provider], { cwd: mine.root, env });
    try {
      const refused = await cli('apply', '--yes');
      const id = /^ {2}Lock ID: +(\S+)$/m.exec(refused.stderr)?.[1];
      expect(id, refused.stderr).toBeDefined();
      const what = `${id!} is aac's lock object of the namespace 'test' (a run's lock, not an ${host.one}): it cannot be pinned or imported`;

      // Copied from a dashboard into a definition: refused as the lock, by its own namespace and by another.
      theirs.write('pinned', { id, ...host.definition('P') });
      for (const namespace of ['test', 'elsewhere']) {
        const plan = await cli('plan', '--namespace', namespace);
        expect(plan.code, plan.stderr).toBe(1);
        expect(plan.stderr).toContain(`pinned.yaml:1:1: ${what}`);
        expect(plan.stderr).not.toContain('does not exist');
      }
      theirs.remove('pinned');

      for (const namespace of ['test', 'elsewhere']) {
        const imported = await cli('import', '--id', id!, '--namespace', namespace);
        expect(imported.code, imported.stderr).toBe(1);
        expect(imported.stderr).toContain(`Error: ${what}`);
        expect(imported.stderr).not.toContain('no live');
      }

      // Another team's lock: refused (exit 1), naming whose it is, with no flag that removes it from here.
      const unlock = await cli('force-unlock', id!, '--yes', '--namespace', 'elsewhere');
      expect(unlock.code).toBe(1);
      expect(unlock.stderr).toContain(`Error: ${id!} is the lock of the namespace 'test', not of 'elsewhere'\n  it is the lock of the namespace 'test': run force-unlock from that namespace's directory\n`);
      expect(unlock.stderr).not.toContain('--namespace test');
    } finally {
      held.answer('no');
      await held.run;
    }
    expect(emu.resources().map((r) => String(r.name)).filter((n) => n.startsWith('aac-lock-'))).toEqual([]);
  });
});
