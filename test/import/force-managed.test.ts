// `aac import --force` of resources this namespace already manages, on every backend, through the
// CLI against the emulator: the report says what is true — the files were rewritten from the live
// state and the next plan shows no changes (no adoption: they carry the marker already) — names the
// `id:` pin it added to a file that had none, and suggests apply as every report does (`--yes`
// where the run could not ask).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EVERY_BACKEND_HOST as HOSTS } from '../backends/helpers.js';
import { runCli } from '../helpers/cli.js';
import { workspace, type Workspace } from '../apply/helpers.js';

const open: Array<{ close(): Promise<void> } | Workspace> = [];
afterEach(async () => {
  for (const o of open.splice(0).reverse()) await ('cleanup' in o ? o.cleanup() : o.close());
});

describe.each(Object.keys(HOSTS))('aac import --force of managed resources with --provider %s', (provider) => {
  it('says they were rewritten from the live state and the next plan shows no changes, naming the id: pin it added', async () => {
    const host = HOSTS[provider]!;
    const emu = await host.start();
    open.push(emu);
    const ws = workspace({ a: host.definition('A') });
    open.push(ws);
    const cli = (...argv: string[]) => runCli([...argv, '--provider', provider], { cwd: ws.root, env: host.env(emu.url) });
    expect((await cli('apply', '--yes')).code).toBe(0);

    const imported = await cli('import', '--force', '--name', host.named('A'));
    expect(imported.code, imported.stderr).toBe(0);
    expect(imported.stdout).toContain('~ assistants/a.yaml (replaced)');
    expect(imported.stdout).toMatch(new RegExp(`\\n {6}\`id: \\S+\` added: the file had no \`id:\`, and now pins this ${host.one} by its id\\n`));
    // The provider given by flag is recorded in aac.yaml by the import: the plan needs no flag.
    expect(imported.stdout).toContain('Next: run `aac plan` — the files were rewritten from the live state, so it should show no changes.\n');
    expect(imported.stdout).not.toContain('adoption');
    const plan = await cli('plan', '--detailed-exitcode');
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);

    // The file pins it now: rewritten again, no pin is added.
    const again = await cli('import', '--force', '--name', host.named('A'));
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).not.toContain('added: the file had no');
  });
});

it('an import --force of a managed assistant and an unmanaged one says which the plan adopts, and suggests apply as every report does', async () => {
  const host = HOSTS.openai!;
  const emu = await host.start();
  open.push(emu);
  const ws = workspace({ a: host.definition('A') });
  open.push(ws);
  const env = host.env(emu.url);
  expect((await runCli(['apply', '--yes'], { cwd: ws.root, env })).code).toBe(0);
  emu.seed([{ model: 'gpt-4o', name: 'Hand' }]);

  // No terminal to ask on (a script, CI): the apply it suggests carries --yes, as an apply report's does.
  const imported = await runCli(['import', '--force', '--name', 'A', '--name', 'Hand', '--dry-run'], { cwd: ws.root, env });
  expect(imported.code, imported.stderr).toBe(0);
  const written = await runCli(['import', '--force', '--name', 'A', '--name', 'Hand'], { cwd: ws.root, env });
  expect(written.stdout).toContain(
    'Next: run `aac plan` — it should show only the adoption of 1 assistant (adding the marker aac@test); the 1 already managed was rewritten from the live state and should show no changes — then `aac apply --yes`.\n',
  );
  // At a terminal, where apply asks, it does not.
  ws.remove('hand');
  const asked = await runCli(['import', '--force', '--name', 'A', '--name', 'Hand'], { cwd: ws.root, env, interactive: true });
  expect(asked.stdout).toContain('— then `aac apply`.\n');
  const plan = await runCli(['plan'], { cwd: ws.root, env });
  expect(plan.stdout).toContain('Plan: 0 to create, 1 to modify, 0 to delete, 1 unchanged.');
});

it('import --force leaves alone a managed definition that differs from its live assistant (an edit not applied yet), listing the fields; --replace-differing replaces them, said in the dry run and the run', async () => {
  const host = HOSTS.openai!;
  const emu = await host.start();
  open.push(emu);
  const ws = workspace({ ok: { model: 'gpt-4o', name: 'ok' } });
  open.push(ws);
  const env = host.env(emu.url);
  const cli = (...argv: string[]) => runCli(argv, { cwd: ws.root, env });
  expect((await cli('apply', '--yes')).code).toBe(0);
  const id = String(emu.resources().find((r) => r.name === 'ok')!.id);
  // Edited, neither applied nor committed: a new name and a whole prompt.
  ws.write('ok', { model: 'gpt-4o', name: 'my-pending-rename', instructions: 'a prompt I spent an hour on' });
  const file = join(ws.root, 'assistants', 'ok.yaml');
  const edited = readFileSync(file, 'utf8');
  const differs = 'assistants/ok.yaml: name, instructions differ from the live assistant';

  // Matched by its live name by accident: left alone, and said why (not a refusal: no --id).
  const byName = await cli('import', '--force', '--name', 'ok');
  expect(byName.code, byName.stderr).toBe(0);
  expect(byName.stdout).toContain(`${differs} (an edit not applied yet, or a change made on the host) and would be replaced by its values; not overwritten: to keep the file's, apply it (\`aac apply --yes\`); to take the live ones, add --replace-differing`);
  // Named by --id: a refusal, exit 1; nothing written either way.
  const byId = await cli('import', '--force', '--id', id);
  expect(byId.code).toBe(1);
  expect(byId.stderr).toContain("Error: 1 assistant named with --id was not imported: its definition differs from the live assistant (see Skipped above); no file was overwritten\n  to keep the files' values, apply them first; to take the live ones, add --replace-differing\n");
  expect(readFileSync(file, 'utf8')).toBe(edited);

  // Replacing them is said before it happens (the dry run) and when it does.
  const dry = await cli('import', '--force', '--replace-differing', '--id', id, '--dry-run');
  expect(dry.code, dry.stderr).toBe(0);
  expect(dry.stdout).toContain(`      ! ${differs} and would be replaced by its values\n`);
  expect(readFileSync(file, 'utf8')).toBe(edited);
  const json = JSON.parse((await cli('import', '--force', '--replace-differing', '--id', id, '--dry-run', '--format', 'json')).stdout);
  expect(json.imported).toEqual([expect.objectContaining({ file: 'assistants/ok.yaml', replaces: true, discarded: ['name', 'instructions'] })]);
  const run = await cli('import', '--force', '--replace-differing', '--id', id);
  expect(run.code, run.stderr).toBe(0);
  expect(run.stdout).toContain(`      ! ${differs} and are replaced by its values\n`);
  expect(readFileSync(file, 'utf8')).not.toContain('a prompt I spent an hour on');
  expect((await cli('plan', '--detailed-exitcode')).code).toBe(0);

  // A definition that matches its live assistant is rewritten by --force alone, nothing listed.
  const same = await cli('import', '--force', '--id', id);
  expect(same.code, same.stderr).toBe(0);
  expect(same.stdout).toContain('~ assistants/ok.yaml (replaced)');
  expect(same.stdout).not.toContain('differ');
});
