// The seam holds for a backend the product has never seen: the Widgets API of this folder
// (widgets.ts: named, versioned, settings nested in `definition`, flat tools), registered for this
// test only, is driven through the real CLI code paths: validate, plan, apply, a change made as a
// new version, import of a widget made by hand, and a clean re-plan. Its fake is mounted on the
// real emulator shell.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { registerBackend } from '../../../src/backends/registry.js';
import { serveDialect, type RunningEmulator } from '../../../src/emulator/server.js';
import { runCli } from '../../helpers/cli.js';
import { PROVIDER, WIDGETS, WidgetsDialect } from './widgets.js';

const TOKEN = 'widget-token-0123456789';

describe('a second backend, registered from a test, through the real CLI', () => {
  let unregister: () => void;
  let dialect: WidgetsDialect;
  let emu: RunningEmulator;
  let root: string;
  const write = (file: string, content: unknown) => {
    const path = join(root, 'widgets', file);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, typeof content === 'string' ? content : stringify(content));
  };
  const aac = (...argv: string[]) =>
    runCli([...argv, '--provider', PROVIDER, '--dir', 'widgets', '--no-color'], {
      cwd: root,
      env: { WIDGET_URL: emu.url, WIDGET_TOKEN: TOKEN, AAC_NAMESPACE: 'seam-test' },
    });

  beforeAll(async () => {
    unregister = registerBackend(WIDGETS);
    dialect = new WidgetsDialect(TOKEN);
    emu = await serveDialect(dialect);
    root = mkdtempSync(join(tmpdir(), 'aac-widgets-'));
    write('support/faq.yaml', {
      name: 'faq-bot',
      description: 'Answers the FAQ',
      definition: { model: 'm-1', tools: [{ type: 'search', name: 'docs' }, { type: 'function', name: 'lookup' }] },
    });
    write('support/prompts/faq.md', 'Answer from the FAQ only.\n');
    write('support/faq.yaml', `${readFileSync(join(root, 'widgets/support/faq.yaml'), 'utf8')}instructions_file: prompts/faq.md\n`);
  });

  afterAll(async () => {
    unregister();
    await emu.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('validates by the kind: its schema, its checks, the nested instructions file', async () => {
    expect((await aac('validate')).code).toBe(0);
    write('broken.yaml', { name: 'Bad Name', definition: { model: 'm', tools: [{ type: 'search', name: 'x' }, { type: 'search', name: 'x' }] } });
    const bad = await aac('validate');
    expect(bad.code).toBe(1);
    expect(bad.stdout + bad.stderr).toContain('widgets/broken.yaml:1:');
    expect(bad.stdout + bad.stderr).toContain("tool 'search x' is listed twice");
    rmSync(join(root, 'widgets', 'broken.yaml'));
  });

  it('plans a create in the kind\'s nouns and fields, and applies it', async () => {
    const plan = await aac('plan');
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('+ support/faq (create)');
    expect(plan.stdout).toContain('+ name = "faq-bot"');
    // As written: the definition's keys in the file's order, its instructions from the file after them.
    expect(plan.stdout).toContain('+ definition:\n          + model = "m-1"\n          + tools:');
    expect(plan.stdout).toContain('          + instructions:\n              + Answer from the FAQ only.');
    expect(plan.stdout).toContain('Plan: 1 to create, 0 to modify, 0 to delete, 0 unchanged.');
    const applied = await aac('apply', '--yes');
    expect(applied.code, applied.stderr).toBe(0);
    expect(applied.stdout).toContain('Apply complete: 1 created, 0 modified, 0 deleted.');
    expect(dialect.versions('faq-bot').map((v) => v.definition.instructions)).toEqual(['Answer from the FAQ only.\n']);
    const again = await aac('plan', '--detailed-exitcode');
    expect(again.code, again.stdout).toBe(0);
    expect(again.stdout).toContain("No changes in namespace 'seam-test'. 1 widget matches its definition.");
  });

  it('shows a change of a versioned field as a new version, and makes one', async () => {
    write('support/prompts/faq.md', 'Answer from the FAQ only. Be brief.\n');
    const plan = await aac('plan', '--format', 'json');
    const change = JSON.parse(plan.stdout).resource_changes[0];
    expect(change).toMatchObject({ key: 'support/faq', id: 'faq-bot', actions: ['update'], changed_fields: ['definition'], version: { from: '1', to: null } });
    expect((await aac('plan')).stdout).toContain('~ support/faq (faq-bot) (new version (after 1))');
    const applied = await aac('apply', '--yes');
    expect(applied.code, applied.stderr).toBe(0);
    expect(dialect.versions('faq-bot')).toHaveLength(2);
    expect((await aac('plan', '--detailed-exitcode')).code).toBe(0);
  });

  it('imports a widget made by hand; the plan then only adopts it, and after apply is clean', async () => {
    dialect.seed([{ name: 'made-by-hand', description: null, metadata: { team: 'ops' }, definition: { model: 'm-2', instructions: 'Hi.', tools: [] } }]);
    const imported = await aac('import');
    expect(imported.code, imported.stderr).toBe(0);
    const file = readFileSync(join(root, 'widgets', 'made-by-hand.yaml'), 'utf8');
    expect(file).toContain('id: made-by-hand');
    expect(file).toContain('definition:\n  model: m-2\n  instructions: Hi.');
    // Outside a repository that commits the schema: no schema line (none would resolve on every clone).
    expect(file).not.toContain('$schema=');
    const plan = await aac('plan');
    expect(plan.stdout).toContain('~ made-by-hand (made-by-hand) (adopt: add the marker)');
    expect(plan.stdout).toContain('Plan: 0 to create, 1 to modify, 0 to delete, 1 unchanged.');
    expect((await aac('apply', '--yes')).code).toBe(0);
    expect(dialect.versions('made-by-hand')).toHaveLength(1);
    const clean = await aac('plan', '--detailed-exitcode');
    expect(clean.code, clean.stdout).toBe(0);
    expect(clean.stdout).toContain("No changes in namespace 'seam-test'. 2 widgets match their definitions.");
  });
});
