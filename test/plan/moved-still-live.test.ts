// `moved_from:` naming an old key whose resource is still live beside the definition's own: as
// Terraform's "Moved object still exists", the move is not made and the old one stays an orphan of
// its key, deleted only with --prune. Said as a warning at the entry (file, line, column) naming
// both keys and ids and the fixes, in every format where warnings go (stderr beside the JSON
// document, the markdown comment), on every backend: the matching is the planner's (plan/match.ts).
// Over each backend's emulator on loopback. Two old keys live with no own resource: ambiguous-move.test.ts.
import { afterEach, describe, expect, it } from 'vitest';
import { EVERY_BACKEND_HOST as HOSTS } from '../backends/helpers.js';
import { runCli } from '../helpers/cli.js';
import { workspace, type Workspace } from '../apply/helpers.js';

const open: Array<{ close(): Promise<void> } | Workspace> = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await ('cleanup' in o ? o.cleanup() : o.close());
});

describe.each(Object.keys(HOSTS))('moved_from naming a key still live beside the new one, with --provider %s', (provider) => {
  it('warns at the entry naming both keys and ids, leaves the old one an orphan, and deletes it only with --prune --target OLD', async () => {
    const host = HOSTS[provider]!;
    const emu = await host.start();
    open.push(emu);
    const ws = workspace({ old: host.definition('Old'), new: host.definition('New') });
    open.push(ws);
    const cli = (...argv: string[]) => runCli([...argv, '--provider', provider], { cwd: ws.root, env: host.env(emu.url) });
    const applied = await cli('apply', '--yes', '--format', 'json');
    const ids = JSON.parse(applied.stdout).outcomes.map((c: { key: string; id: string }) => [c.key, c.id]) as Array<[string, string]>;
    expect(applied.code, applied.stderr).toBe(0);
    const id = Object.fromEntries(ids);
    // The old file's definition is gone, and the new one says it came from it: both still live.
    ws.remove('old');
    ws.write('new', { moved_from: ['old'], ...host.definition('New') });
    const at = 'assistants/new.yaml:2:5';
    const warning = `${at}: warning: moved_from: 'old' (${id.old}) is still live beside 'new' (${id.new}): the move is not made, as 'new' has its own ${host.one}; `;
    const hint = "  hint: to delete 'old', apply with `--prune --target old`; to keep it, drop 'old' from `moved_from:` (define it again to manage it)\n";

    const plan = await cli('plan', '--format', 'json');
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stderr).toContain(`${warning}it is left as an orphan of its key, deleted only with --prune [moved_from[0]]\n${hint}`);
    expect(JSON.parse(plan.stdout).resource_changes.map((c: { key: string; actions: string[]; orphan: boolean }) => `${c.actions.join()} ${c.key}${c.orphan ? ' (orphan)' : ''}`)).toEqual(['no-op new', 'no-op old (orphan)']);

    const markdown = await cli('plan', '--format', 'markdown');
    expect(markdown.stdout).toContain('**⚠️ 1 warning:**');
    expect(markdown.stdout).toContain(`moved_from: 'old' (${id.old}) is still live beside 'new' (${id.new})`);

    // --prune says this plan deletes it; the apply of the hint (which plans the old key alone) deletes it, and the warning is gone.
    const prunes = await cli('plan', '--prune');
    expect(prunes.stderr).toContain(`${warning}this plan deletes it (--prune) [moved_from[0]]\n`);
    const pruned = await cli('apply', '--prune', '--yes', '--target', 'old');
    expect(pruned.code, pruned.stderr).toBe(0);
    expect(pruned.stdout).toContain('Apply complete: 0 created, 0 modified, 1 deleted.');
    const after = await cli('plan', '--detailed-exitcode');
    expect(after.code, after.stdout + after.stderr).toBe(0);
    expect(after.stderr).not.toContain('moved-still-live');
    expect(after.stderr).not.toContain('still live');
  });
});
