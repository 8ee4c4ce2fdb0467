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
