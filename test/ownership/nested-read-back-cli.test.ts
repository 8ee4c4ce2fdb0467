// What a writer refuses as read back (plan --out, a saved plan given to apply, migrate --out,
// import's files) agrees with what the load reads: a folder holding its own aac.yaml is a
// definitions directory of its own, whose files the outer directory's runs do not read
// (discover.ts ownDirectories, one rule for both). In-process CLI against an emulator over loopback.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { emulatedProject } from '../helpers/project.js';
import { createBody } from '../plan/project.js';

const KEY = 'sk-test-nested-read-back';

const files = {
  'assistants/front.yaml': 'model: gpt-4o\n',
  'assistants/support/aac.yaml': 'provider: openai\nnamespace: support\n',
  'assistants/support/.aacignore': 'plans/\n',
  'assistants/support/billing.yaml': 'model: gpt-4o\n',
  'assistants/support/plans/.keep': '',
};

it('plan --out and apply FILE name the nested directory that reads a file, not the outer one; a file neither reads is written', async () => {
  const project = await emulatedProject(files, KEY, { git: true });
  const inNested = await project.cli(['plan', '--out', 'assistants/support/p.yaml']);
  expect(inNested.code).toBe(1);
  expect(inNested.stderr).toContain('Error: assistants/support/p.yaml is inside assistants/support/, a definitions directory (it holds aac.yaml), where every run on it would read it as a definition; nothing was run\n');
  expect(inNested.requests).toBe(0);
  // assistants/ does not read support/'s files, and support/ ignores plans/: no run reads it.
  const unread = await project.cli(['plan', '--out', 'assistants/support/plans/p.yaml']);
  expect(unread.code, unread.stderr).toBe(0);
  expect(existsSync(join(project.root, 'assistants/support/plans/p.yaml'))).toBe(true);
  const apply = await project.cli(['apply', 'assistants/support/billing.yaml']);
  expect(apply.code).toBe(1);
  expect(apply.stderr).toContain('Error: assistants/support/billing.yaml is a definition of assistants/support/, not a plan file made by `aac plan --out`; nothing was changed\n');
  expect(apply.stderr).toContain('make a plan outside it with `aac plan --out plan.json --dir assistants/support`');
});

it.each(['aac.yaml', 'aac.yml'])('import writes no definition into a folder holding its own %s: the outer run would not read it, and the folder\'s run works in another namespace', async (config) => {
  const project = await emulatedProject(Object.fromEntries(Object.entries(files).map(([path, text]) => [path.replace(/aac\.yaml$/, config), text])), KEY, { git: true });
  // An assistant the outer directory manages under a key in support/ (made before support/ got its aac.yaml).
  const [bot] = project.emu.seed([createBody('support/bot', { model: 'gpt-4o', name: 'Bot' })]);
  const r = await project.cli(['import', '--force', '--id', bot!.id as string]);
  expect(r.code).toBe(1);
  expect(r.stderr).toContain(`Error: ${bot!.id as string}, named with --id, was not imported: managed by aac as 'support/bot', whose file assistants/support/bot.yaml a run would not read: assistants/support/ holds its own ${config}, a definitions directory of its own (a run of it reads the file, in its own namespace), and no definition has that key`);
  expect(readdirSync(join(project.root, 'assistants/support')).sort()).toEqual(['.aacignore', config, 'billing.yaml', 'plans']);
});

it('migrate --out inside the source is refused unless that folder holds its own aac.yaml; a source holding its own inside --out is refused too', async () => {
  const project = await emulatedProject({
    'assistants/front.yaml': 'model: gpt-4o\nname: Front\n',
    'assistants/agents/aac.yaml': 'provider: openai-agents\n',
    'teams/hr/aac.yaml': 'provider: openai\n',
    'teams/hr/payroll.yaml': 'model: gpt-4o\nname: Payroll\n',
  }, KEY, { git: true });
  const into = await project.cli(['migrate', '--to', 'openai-agents', '--accept-drift', '--out', 'assistants/agents']);
  expect(into.code, into.stderr).toBe(0);
  expect(readdirSync(join(project.root, 'assistants/agents')).sort()).toEqual(['aac.yaml', 'front.yaml']);
  // The source's own aac.yaml keeps it out of a run of teams/, but the new aac.yaml would land
  // above it and every run of teams/ would warn about it: refused, nothing written.
  const around = await project.cli(['migrate', '--to', 'openai-agents', '--accept-drift', '--dir', 'teams/hr', '--out', 'teams']);
  expect(around.code).toBe(1);
  expect(around.stderr).toContain('Error: the definitions directory teams/hr/ is inside --out teams/: the new aac.yaml would be written at teams/aac.yaml, above the one of teams/hr/, and every run on teams/ would warn that teams/hr/ is a definitions directory of its own; nothing was written');
  expect(readdirSync(join(project.root, 'teams')).sort()).toEqual(['hr']);
  // Without an aac.yaml of its own, --out inside the source is still refused.
  const plain = await project.cli(['migrate', '--to', 'openai-agents', '--accept-drift', '--out', 'assistants/new']);
  expect(plain.code).toBe(1);
  expect(plain.stderr).toContain('Error: --out assistants/new/ is inside the definitions directory assistants/, where every later run would read the new definitions as its own; nothing was written');
});
