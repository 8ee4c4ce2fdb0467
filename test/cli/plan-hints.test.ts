// Hints a plan gives where Terraform's habits would mislead: a file renamed without `moved_from:`,
// a saved plan applied twice, a saved plan made stale by an aac.yaml value (not a file).
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runCli } from '../helpers/cli.js';
import { makeProject } from '../plan/project.js';

const KEY = 'sk-test-hints-00000000000000000';
let emulators: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(emulators.map((e) => e.close()));
  emulators = [];
});
async function start(): Promise<{ emu: RunningEmulator; env: Record<string, string> }> {
  const emu = await startEmulator({ apiKey: KEY });
  emulators.push(emu);
  return { emu, env: { OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: KEY } };
}

const CAFE = { model: 'gpt-4o', name: 'Cafe', instructions: 'You take coffee orders.' };
const HINT = "'cafe' (assistants/cafe.yaml) would be created as 'cafe-bot' (asst_";
const MOVED = 'if this file was moved or renamed, add `moved_from: [cafe-bot]` (the plan then moves it), or keep the old key with `key: cafe-bot`';

describe('a file renamed without moved_from', () => {
  it('plan notes that the create repeats an orphan, with the hint a pin gets, and plans the same changes', async () => {
    const { env } = await start();
    const cwd = makeProject({ 'cafe-bot': CAFE });
    expect((await runCli(['apply', '--yes'], { cwd, env })).code).toBe(0);
    renameSync(join(cwd, 'assistants/cafe-bot.yaml'), join(cwd, 'assistants/cafe.yaml'));
    for (const prune of [['--prune'], []]) {
      const text = await runCli(['plan', ...prune], { cwd, env });
      expect(text.code).toBe(0);
      expect(text.stdout).toContain('+ cafe');
      expect(text.stdout).toContain(HINT);
      expect(text.stdout).toContain(MOVED);
      const md = await runCli(['plan', ...prune, '--format', 'markdown'], { cwd, env });
      expect(md.stdout).toContain('`moved_from: [cafe-bot]`');
      const json = JSON.parse((await runCli(['plan', ...prune, '--format', 'json'], { cwd, env })).stdout);
      const create = json.resource_changes.find((c: { key: string }) => c.key === 'cafe');
      expect(create.actions).toEqual(['create']);
      expect(create.likely_moved_from).toBe('cafe-bot');
      expect(json.resource_changes.find((c: { key: string }) => c.key === 'cafe-bot').actions).toEqual([prune.length > 0 ? 'delete' : 'no-op']);
    }
    // A saved plan shows it again, and applies as planned.
    expect((await runCli(['plan', '--prune', '--out', 'p.json'], { cwd, env })).code).toBe(0);
    expect((await runCli(['show', 'p.json'], { cwd, env })).stdout).toContain(HINT);
    // With the hint followed, it is a move.
    writeFileSync(join(cwd, 'assistants/cafe.yaml'), `moved_from: [cafe-bot]\n${readFileSync(join(cwd, 'assistants/cafe.yaml'), 'utf8')}`);
    const moved = await runCli(['plan', '--prune'], { cwd, env });
    expect(moved.stdout).toContain('(moved from cafe-bot)');
    expect(moved.stdout).not.toContain(HINT);
  });

  it('says nothing when the create differs, or when the match is not one to one', async () => {
    const { env } = await start();
    const cwd = makeProject({ a: CAFE, b: CAFE, c: { ...CAFE, name: 'Other' } });
    expect((await runCli(['apply', '--yes'], { cwd, env })).code).toBe(0);
    renameSync(join(cwd, 'assistants/a.yaml'), join(cwd, 'assistants/x.yaml'));
    renameSync(join(cwd, 'assistants/b.yaml'), join(cwd, 'assistants/y.yaml'));
    writeFileSync(join(cwd, 'assistants/z.yaml'), 'model: gpt-4o\nname: Changed\ninstructions: You take coffee orders.\n');
    renameSync(join(cwd, 'assistants/c.yaml'), join(cwd, 'assistants/old-c.yaml.bak'));
    const json = JSON.parse((await runCli(['plan', '--format', 'json'], { cwd, env })).stdout);
    expect(json.resource_changes.filter((c: { actions: string[] }) => c.actions[0] === 'create')).toHaveLength(3);
    for (const c of json.resource_changes) expect(c.likely_moved_from).toBeUndefined();
    expect((await runCli(['plan'], { cwd, env })).stdout).not.toContain('moved_from');
  });
});

describe('a managed assistant whose marker was removed outside aac', () => {
  const BILLING = { ...CAFE, name: 'Billing', metadata: { team: 'support' } };
  const UNMARKED = "'billing' (assistants/billing.yaml) would be created as asst_";

  it('plan notes that the create repeats it, with the pin that takes it back, in text, markdown and JSON', async () => {
    const { emu, env } = await start();
    const cwd = makeProject({ billing: BILLING });
    expect((await runCli(['apply', '--yes'], { cwd, env })).code).toBe(0);
    const [live] = emu.resources();
    const id = live!.id as string;
    // A dashboard edit keeps the definition's own pairs and drops the marker.
    emu.mutate(id, { metadata: { team: 'support' } });
    const text = await runCli(['plan'], { cwd, env });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('+ billing');
    expect(text.stdout).toContain(`${UNMARKED.slice(0, -5)}${id} is now, which carries no marker (made outside aac, or its marker removed): pin it with \`id: ${id}\` in assistants/billing.yaml to take it over.`);
    const md = await runCli(['plan', '--format', 'markdown'], { cwd, env });
    expect(md.stdout).toContain(`> **Note:** \`billing\` (\`assistants/billing.yaml\`) would be created as \`${id}\` is now, which carries no marker (made outside aac, or its marker removed): pin it with \`id: ${id}\` in \`assistants/billing.yaml\` to take it over.`);
    const json = JSON.parse((await runCli(['plan', '--format', 'json'], { cwd, env })).stdout);
    const create = json.resource_changes.find((c: { key: string }) => c.key === 'billing');
    expect(create.actions).toEqual(['create']);
    expect(create.likely_unmarked).toBe(id);
    expect(create.likely_moved_from).toBeUndefined();
    // With the hint followed, the pin adopts it: the marker written back, nothing created.
    writeFileSync(join(cwd, 'assistants/billing.yaml'), `id: ${id}\n${readFileSync(join(cwd, 'assistants/billing.yaml'), 'utf8')}`);
    const pinned = await runCli(['plan'], { cwd, env });
    expect(pinned.stdout).not.toContain('+ billing');
    expect(pinned.stdout).not.toContain('carries no marker');
  });

  it('a pull request that does not touch it sees a second assistant made beside the unmarked one, not an edit that merging reverts', async () => {
    const { emu, env } = await start();
    const cwd = makeProject({ billing: BILLING, cafe: CAFE });
    expect((await runCli(['apply', '--yes'], { cwd, env })).code).toBe(0);
    const billing = emu.resources().find((a) => a.name === 'Billing')!;
    const cafe = emu.resources().find((a) => a.name === 'Cafe')!;
    const id = billing.id as string;
    emu.mutate(id, { metadata: { team: 'support' } });
    // Real drift beside it: someone renamed cafe in a dashboard.
    emu.mutate(cafe.id as string, { name: 'Cafe (by hand)' });
    // The change under review touches neither.
    writeFileSync(join(cwd, 'changed.txt'), 'assistants/other.yaml\n');
    const md = (await runCli(['plan', '--format', 'markdown', '--changed-files', 'changed.txt'], { cwd, env })).stdout;
    const [head, reverts] = md.split('### Changed outside aac: merging reverts these');
    expect(reverts).toContain('~ <code>cafe</code> — update');
    expect(reverts).not.toContain('billing');
    expect(head).toContain('1 of these changes reverts edits made outside aac');
    expect(head).toContain('### No aac marker (made outside aac, or its marker removed): merging creates a second assistant');
    const [, twins] = head!.split('### No aac marker (made outside aac, or its marker removed): merging creates a second assistant');
    expect(twins).toContain('+ <code>billing</code> — create');
    expect(twins).toContain(`New assistant beside \`${id}\`, which carries no marker: pin it with \`id: ${id}\` in \`assistants/billing.yaml\` to take it over instead`);
    // The text view alike: billing is not among what applying reverts.
    const text = (await runCli(['plan', '--changed-files', 'changed.txt'], { cwd, env })).stdout;
    const [textHead, textReverts] = text.split('Changed outside aac:');
    expect(textReverts).toContain('~ cafe');
    expect(textReverts).not.toContain('+ billing');
    expect(textHead).toContain('No aac marker (made outside aac, or its marker removed): applying creates a second assistant beside each unmarked one');
    expect(textHead).toContain('+ billing');
  });

  it('a section of creates beside an assistant made outside aac, never marked, claims no removed marker', async () => {
    const { emu, env } = await start();
    const cwd = makeProject({ billing: BILLING });
    emu.seed([BILLING]);
    writeFileSync(join(cwd, 'changed.txt'), 'assistants/other.yaml\n');
    const text = (await runCli(['plan', '--changed-files', 'changed.txt'], { cwd, env })).stdout;
    expect(text).toContain('No aac marker (made outside aac, or its marker removed): applying creates a second assistant beside each unmarked one');
    const md = (await runCli(['plan', '--format', 'markdown', '--changed-files', 'changed.txt'], { cwd, env })).stdout;
    expect(md).toContain('### No aac marker (made outside aac, or its marker removed): merging creates a second assistant');
    for (const view of [text, md]) expect(view).not.toMatch(/marker removed outside aac/i);
  });

  it('says nothing of an unmarked assistant that differs, or that two definitions repeat', async () => {
    const { emu, env } = await start();
    emu.seed([{ ...BILLING, name: 'Billing, by hand' }, { ...CAFE, name: 'Twin' }]);
    const cwd = makeProject({ billing: BILLING, a: { ...CAFE, name: 'Twin' }, b: { ...CAFE, name: 'Twin' } });
    const json = JSON.parse((await runCli(['plan', '--format', 'json'], { cwd, env })).stdout);
    expect(json.resource_changes.filter((c: { actions: string[] }) => c.actions[0] === 'create')).toHaveLength(3);
    for (const c of json.resource_changes) expect(c.likely_unmarked).toBeUndefined();
  });
});

describe('a saved plan applied a second time', () => {
  it('is said to be applied already, not stale, when the live state is what it makes', async () => {
    const { emu, env } = await start();
    const cwd = makeProject({ cafe: CAFE, tea: { ...CAFE, name: 'Tea' }, gone: { ...CAFE, name: 'Gone' } });
    expect((await runCli(['apply', '--yes'], { cwd, env })).code).toBe(0);
    // A create, an update and a delete.
    writeFileSync(join(cwd, 'assistants/new.yaml'), 'model: gpt-4o\nname: New\n');
    writeFileSync(join(cwd, 'assistants/tea.yaml'), 'model: gpt-4o\nname: Green tea\n');
    renameSync(join(cwd, 'assistants/gone.yaml'), join(cwd, 'gone.yaml.bak'));
    expect((await runCli(['plan', '--prune', '--out', 'p.json'], { cwd, env })).code).toBe(0);
    expect((await runCli(['apply', 'p.json', '--yes'], { cwd, env })).code).toBe(0);
    const state = JSON.stringify(emu.resources());
    const again = await runCli(['apply', 'p.json', '--yes'], { cwd, env });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('the saved plan p.json appears to have been applied already: the live state matches its results, so nothing was applied');
    expect(again.stderr).not.toContain('since the plan was made');
    expect(JSON.stringify(emu.resources())).toBe(state);
  });

  it('is said to be applied already when it was a targeted prune whose target now selects nothing', async () => {
    const { emu, env } = await start();
    const cwd = makeProject({ cafe: CAFE, 'hr/benefits': { ...CAFE, name: 'Benefits' } });
    expect((await runCli(['apply', '--yes'], { cwd, env })).code).toBe(0);
    // The target's only definition gone: the plan deletes what the target selects, and then it selects nothing.
    renameSync(join(cwd, 'assistants/hr'), join(cwd, 'hr.bak'));
    expect((await runCli(['plan', '--prune', '--target', 'hr/*', '--out', 'p.json'], { cwd, env })).code).toBe(0);
    expect((await runCli(['apply', 'p.json'], { cwd, env })).code).toBe(0);
    const state = JSON.stringify(emu.resources());
    const again = await runCli(['apply', 'p.json', '--format', 'json'], { cwd, env });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('the saved plan p.json appears to have been applied already: the live state matches its results, so nothing was applied');
    expect(JSON.parse(again.stdout).diagnostics.at(-1)).toMatchObject({ code: 'plan-applied' });
    expect(JSON.stringify(emu.resources())).toBe(state);
  });

  it('names the plan\'s environment in the plan it suggests, as a run without --env is refused there', async () => {
    const { env: keys } = await start();
    // The namespaces are aac.yaml's, one an environment.
    const env = { ...keys, AAC_NAMESPACE: undefined };
    const cwd = makeProject({ cafe: CAFE });
    writeFileSync(join(cwd, 'assistants/aac.yaml'), 'namespace: hints\nenvironments:\n  dev: { namespace: hints-dev }\n  prod: {}\n');
    expect((await runCli(['plan', '--env', 'prod', '--out', 'p.json'], { cwd, env })).code).toBe(0);
    expect((await runCli(['apply', 'p.json'], { cwd, env })).code).toBe(0);
    const again = await runCli(['apply', 'p.json'], { cwd, env });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('nothing is left to apply; `aac plan --env prod` compares the definitions with the live state again');
    // As printed, it runs.
    expect((await runCli(['plan', '--env', 'prod', '--detailed-exitcode'], { cwd, env })).code).toBe(0);
  });

  it('is stale, as before, when the live state is not what it makes', async () => {
    const { emu, env } = await start();
    const cwd = makeProject({ cafe: CAFE, tea: { ...CAFE, name: 'Tea' } });
    expect((await runCli(['apply', '--yes'], { cwd, env })).code).toBe(0);
    writeFileSync(join(cwd, 'assistants/tea.yaml'), 'model: gpt-4o\nname: Green tea\n');
    expect((await runCli(['plan', '--out', 'p.json'], { cwd, env })).code).toBe(0);
    expect((await runCli(['apply', 'p.json', '--yes'], { cwd, env })).code).toBe(0);
    // Then edited by hand: applying the plan again would change it back.
    const cafe = emu.resources().find((r) => r.name === 'Cafe')!;
    emu.mutate(cafe.id as string, { name: 'Edited' });
    const again = await runCli(['apply', 'p.json', '--yes'], { cwd, env });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("the assistant 'cafe' (");
    expect(again.stderr).toContain('changed since the plan was made');
    expect(again.stderr).not.toContain('applied already');
  });
});

describe('a saved plan made stale by an aac.yaml value', () => {
  it('names the value, not the definition file, which did not change', async () => {
    const { emu } = await start();
    const cwd = makeProject({});
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(cwd, path)), { recursive: true });
      writeFileSync(join(cwd, path), text);
    };
    const aacYaml = (t: number) => `variables:\n  temperature: { type: number }\nenvironments:\n  prod:\n    endpoint: "${emu.url}"\n    values: { temperature: ${t} }\n`;
    write('assistants/aac.yaml', aacYaml(0.2));
    write('assistants/support/billing.yaml', 'model: gpt-4o\nname: Billing\ntemperature: ${var.temperature}\n');
    write('assistants/support/plain.yaml', 'model: gpt-4o\nname: Plain\n');
    const env = { OPENAI_API_KEY: KEY };
    expect((await runCli(['plan', '--env', 'prod', '--out', 'p.json'], { cwd, env })).code).toBe(0);
    write('assistants/aac.yaml', aacYaml(0.3));
    const stale = await runCli(['apply', 'p.json'], { cwd, env });
    expect(stale.code).toBe(1);
    // The field whose value differs, where the definition writes it, and the aac.yaml value it takes.
    expect(stale.stderr).toContain("the definition 'support/billing' changed since the plan was made, in its temperature (assistants/support/billing.yaml:3:1); it takes the aac.yaml value of temperature\n");
    expect(stale.stderr).not.toContain('support/plain');
    expect(emu.resources()).toEqual([]);
    // A definition that is its file alone: that file changed.
    write('assistants/aac.yaml', aacYaml(0.2));
    write('assistants/support/plain.yaml', 'model: gpt-4o\nname: Plainer\n');
    expect((await runCli(['apply', 'p.json'], { cwd, env })).stderr).toContain("the definition 'support/plain' changed since the plan was made, in its name (assistants/support/plain.yaml:2:1)\n");
  });
});

describe('a saved plan made stale by an edit of its definition', () => {
  it('names each field whose value differs from what the plan recorded, where it is written', async () => {
    const { emu, env } = await start();
    const cwd = makeProject({});
    mkdirSync(join(cwd, 'assistants'), { recursive: true });
    const write = (file: string, text: string) => writeFileSync(join(cwd, 'assistants', file), text);
    write('cafe.yaml', 'model: gpt-4o\nname: Cafe\ninstructions_file: cafe.md\ntemperature: 0.2\ntools:\n  - type: code_interpreter\n  - type: function\n    function:\n      name: order\n      description: Takes an order\n');
    write('cafe.md', 'You take coffee orders.\n');
    expect((await runCli(['plan', '--out', 'p.json'], { cwd, env })).code).toBe(0);
    // A tool's description (its line, not the list's), the instructions (their file), a field
    // taken out (the host's default then), and a comment (no value).
    write('cafe.yaml', '# the cafe\nmodel: gpt-4o\nname: Cafe\ninstructions_file: cafe.md\ntools:\n  - type: code_interpreter\n  - type: function\n    function:\n      name: order\n      description: Takes an order and a name\n');
    write('cafe.md', 'You take tea orders.\n');
    const stale = await runCli(['apply', 'p.json'], { cwd, env });
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain("  - the definition 'cafe' changed since the plan was made, in its instructions (assistants/cafe.md), tools (assistants/cafe.yaml:10:7) and temperature (no longer written)\n");
    // A change no field shows (a comment alone): the files it may be, as before.
    expect((await runCli(['plan', '--out', 'p.json'], { cwd, env })).code).toBe(0);
    write('cafe.yaml', `# the cafe, again\n${readFileSync(join(cwd, 'assistants/cafe.yaml'), 'utf8')}`);
    expect((await runCli(['apply', 'p.json'], { cwd, env })).stderr).toContain("  - the definition 'cafe' changed since the plan was made: assistants/cafe.yaml, or a file or aac.yaml value it is made of (assistants/cafe.md)\n");
    expect(emu.resources()).toEqual([]);
  });
});
