// A directory inside another definitions directory, run on its own with no aac.yaml: its namespace
// is its own path, while the outer directory's runs read the same files as theirs, in theirs, so a
// plan of it would create again what the outer one manages (a newcomer's `--dir assistants/support`,
// from session 48's trial). plan and apply refuse it before any request; an aac.yaml of its own, or
// a namespace the run gives, is a choice, and is planned as ever. In-process CLI against an emulator
// over loopback, in a git repository.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { emulatedProject } from '../helpers/project.js';

const KEY = 'sk-test-nested-directory';

it('a directory inside the default one, or inside one holding aac.yaml, is refused before any request, with the outer run and its --target', async () => {
  const project = await emulatedProject({
    'assistants/support/billing.yaml': 'model: gpt-4o\n',
    'teams/aac.yaml': 'provider: openai\n',
    'teams/hr/payroll.yaml': 'model: gpt-4o\n',
  }, KEY, { git: true, env: { AAC_NAMESPACE: undefined } });
  // The outer run manages support/billing in the namespace 'assistants'.
  const outer = await project.cli(['apply', '--yes']);
  expect(outer.code, outer.stderr).toBe(0);
  expect(project.emu.resources()).toHaveLength(1);
  for (const argv of [['plan'], ['apply', '--yes']]) {
    const r = await project.cli([...argv, '--dir', 'assistants/support']);
    expect(r.code, argv[0]).toBe(1);
    expect(r.stderr, argv[0]).toContain("Error: assistants/support/ is inside the definitions directory assistants/ (the default --dir), whose runs read its files as their own: with no aac.yaml of its own, assistants/support/ works in the namespace of its own path, so a plan of it would create again the assistants assistants/ manages from them");
    expect(r.stderr, argv[0]).toContain('  run on assistants/ and choose these with --target support, or give assistants/support/ an aac.yaml with a namespace: of its own\n');
    expect(r.requests, argv[0]).toBe(0);
  }
  const hr = await project.cli(['plan', '--dir', 'teams/hr']);
  expect(hr.code).toBe(1);
  expect(hr.stderr).toContain('Error: teams/hr/ is inside the definitions directory teams/ (it holds aac.yaml)');
  expect(hr.stderr).toContain('  run on teams/ and choose these with --target hr,');
  // The way the hint gives: the outer run, targeted, has nothing to change.
  const targeted = await project.cli(['plan', '--target', 'support', '--detailed-exitcode']);
  expect(targeted.code, targeted.stderr).toBe(0);
  // A namespace the run gives is its own choice; so is an aac.yaml of the directory's own.
  const given = await project.cli(['plan', '--dir', 'assistants/support', '--namespace', 'support-only', '--detailed-exitcode']);
  expect(given.code, given.stderr).toBe(2);
  writeFileSync(join(project.root, 'assistants/support/aac.yaml'), 'namespace: support-only\n');
  const own = await project.cli(['plan', '--dir', 'assistants/support', '--detailed-exitcode']);
  expect(own.code, own.stderr).toBe(2);
  expect(own.stdout).toContain('Plan: 1 to create');
  expect(project.emu.resources()).toHaveLength(1);
});

it('a folder holding its own aac.yaml is a definitions directory of its own: the outer run reads none of its files, says so, and neither creates them again nor prunes what its run made', async () => {
  const project = await emulatedProject({
    'assistants/front.yaml': 'model: gpt-4o\n',
    'assistants/support/aac.yaml': 'provider: openai\n',
    'assistants/support/billing.yaml': 'model: gpt-4o\n',
    'assistants/support/refunds.yaml': 'model: gpt-4o\n',
  }, KEY, { git: true, env: { AAC_NAMESPACE: undefined } });
  const said = "assistants/support/aac.yaml: warning: assistants/support/ holds its own aac.yaml: it is a definitions directory of its own, whose 2 definition files this run of assistants/ does not read (a run of assistants/support/ plans them, in its own namespace)\n  hint: run it with --dir assistants/support; if its files belong to assistants/, move its settings into assistants/aac.yaml and remove assistants/support/aac.yaml; to leave it out of this run without a word, list support/ in assistants/.aacignore\n";
  const inner = await project.cli(['apply', '--yes', '--dir', 'assistants/support']);
  expect(inner.code, inner.stderr).toBe(0);
  expect(project.emu.resources()).toHaveLength(2);
  const outer = await project.cli(['apply', '--yes', '--prune']);
  expect(outer.code, outer.stderr).toBe(0);
  expect(outer.stderr).toContain(said);
  expect(outer.stdout).toContain('Apply complete: 1 created, 0 modified, 0 deleted.');
  expect(project.emu.resources()).toHaveLength(3);
  const again = await project.cli(['plan', '--prune', '--detailed-exitcode']);
  expect(again.code, again.stderr).toBe(0);
  expect((await project.cli(['plan', '--dir', 'assistants/support', '--prune', '--detailed-exitcode'])).code).toBe(0);
  // A namespace both give is refused before any request, from either side: each would take the other's for its own.
  writeFileSync(join(project.root, 'assistants/support/aac.yaml'), 'namespace: assistants\n');
  const clash = await project.cli(['plan', '--prune']);
  expect(clash.code).toBe(1);
  expect(clash.stderr).toContain("Error: assistants: the default namespace 'assistants' (this directory's path in the repository) is also the namespace of the definitions directory assistants/support/ in this repository (assistants/support/aac.yaml:1:12)");
  expect(clash.requests).toBe(0);
  const theirs = await project.cli(['plan', '--prune', '--dir', 'assistants/support']);
  expect(theirs.code).toBe(1);
  expect(theirs.stderr).toContain("Error: assistants/support/aac.yaml:1:12: namespace: 'assistants' is also the namespace of the definitions directory assistants/ in this repository");
  expect(theirs.requests).toBe(0);
  expect(project.emu.resources()).toHaveLength(3);
});
