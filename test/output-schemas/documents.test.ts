// Every JSON document aac prints or writes, made by the real commands against the emulator on
// loopback, follows its published schema (schema/output/): open, as a reader of any later minor
// validates it, and closed, so that a field this aac prints and the schema does not document fails
// as a documented field renamed or a value outside an enum does.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runCli, type RunOptions } from '../helpers/cli.js';
import { afterTest, testDir, testEmulator } from '../helpers/each-test.js';
import { recordingProxy } from '../apply/helpers.js';
import { expectDocument } from './schemas.js';
import { WRITTEN_SINCE } from '../../src/plan/plan-file.js';

const KEY = 'sk-test-output-schemas-0123';

/** A definitions directory in a new temporary directory, and aac run there against `url`. */
function workspace(url: string, defs: Record<string, Record<string, unknown>> = {}) {
  const root = testDir('aac-output-schemas-');
  const dir = join(root, 'assistants');
  mkdirSync(dir);
  const write = (key: string, spec: Record<string, unknown>) => {
    mkdirSync(join(dir, key, '..'), { recursive: true });
    writeFileSync(join(dir, `${key}.yaml`), stringify(spec, { lineWidth: 0 }));
  };
  for (const [key, spec] of Object.entries(defs)) write(key, spec);
  return {
    root,
    dir,
    write,
    remove: (key: string) => rmSync(join(dir, `${key}.yaml`)),
    file: (rel: string) => join(root, rel),
    aac: (argv: string[], opts: RunOptions = {}) => runCli(argv, { cwd: root, ...opts, env: { OPENAI_API_KEY: KEY, OPENAI_BASE_URL: url, ...opts.env } }),
  };
}

const gpt = (name: string, extra: Record<string, unknown> = {}) => ({ model: 'gpt-4o', name, ...extra });

/** A plan document's changes, for asserting what a run exercised. */
const changes = (doc: Record<string, unknown>) => doc.resource_changes as Array<Record<string, unknown>>;

describe('plan, show and apply documents', () => {
  // A dozen runs of aac one after another, each reading the live state: more than a test's default time on a busy machine.
  it('a plan with creates, updates, deletes, drift and notes; its saved file; show; an apply that fails in part, its resumption, a refusal and a cancel', async () => {
    const emu = await testEmulator({ apiKey: KEY });
    // A host that refuses the create of 'Fresh' while `refuse` is set: the apply fails in part.
    let refuse = true;
    const proxy = await recordingProxy(emu.url, (req) => (refuse && req.method === 'POST' && req.path.endsWith('/assistants') && (req.body as { name?: string })?.name === 'Fresh' ? { status: 400, message: "Invalid value for 'name'" } : undefined));
    afterTest(() => proxy.close());
    const ws = workspace(proxy.url, {
      edit: gpt('Edit', { temperature: 0.5 }),
      gone: gpt('Gone'),
      drifted: gpt('Drifted'),
      old: gpt('Moved', { instructions: 'Moved without moved_from.' }),
      'renamed-old': gpt('Renamed'),
      keep: gpt('Keep'),
    });
    const first = await ws.aac(['apply', '--yes', '-lock=false', '--format', 'json']);
    expect(first.code, first.stderr).toBe(0);
    const created = expectDocument('apply-report', first.stdout);
    expect((created.summary as Record<string, number>).created).toBe(6);

    // Every kind of change and note the plan document has on the Assistants API.
    ws.write('edit', gpt('Edit')); // temperature left out: an update whose value is the server's (defaulted_fields)
    ws.remove('gone'); // an orphan, deleted with --prune
    const drifted = emu.resources().find((a) => a.name === 'Drifted')!;
    emu.mutate(drifted.id as string, { name: 'Drifted by hand' }); // an update no changed file explains: drift
    renameSync(join(ws.dir, 'old.yaml'), join(ws.dir, 'new.yaml')); // a create likely moved from 'old'
    ws.remove('renamed-old');
    ws.write('renamed', { ...gpt('Renamed'), moved_from: ['renamed-old'] });
    ws.write('fresh', gpt('Fresh'));
    ws.write('unmarked', gpt('Unmarked'));
    emu.seed([{ model: 'gpt-4o', name: 'Unmarked', metadata: {} }]); // its own, the marker removed by hand: likely_unmarked
    emu.seed([{ model: 'gpt-4o', name: 'Legacy', metadata: { 'aac:key': 'legacy-one' } }]);
    writeFileSync(ws.file('changed.txt'), ['edit', 'new', 'renamed', 'fresh', 'unmarked'].map((k) => `assistants/${k}.yaml`).join('\n'));

    const plan = await ws.aac(['plan', '--prune', '--changed-files', 'changed.txt', '--format', 'json', '--out', 'plan.json']);
    expect(plan.code, plan.stderr).toBe(0);
    const doc = expectDocument('plan', plan.stdout);
    const all = changes(doc);
    const actions = new Set(all.map((c) => (c.actions as string[])[0]));
    expect([...actions].sort()).toEqual(['create', 'delete', 'no-op', 'update']);
    expect(all.find((c) => c.key === 'drifted')).toMatchObject({ drift: true });
    expect(all.find((c) => c.key === 'new')).toMatchObject({ likely_moved_from: 'old' });
    expect(all.find((c) => c.key === 'unmarked')).toHaveProperty('likely_unmarked');
    expect(all.find((c) => c.key === 'renamed')).toMatchObject({ moved_from: 'renamed-old' });
    expect(all.find((c) => c.key === 'edit')).toMatchObject({ defaulted_fields: ['temperature'] });
    expect(doc.legacy).toEqual([expect.objectContaining({ key: 'legacy-one' })]);
    // The saved file is that document, and show prints it.
    expectDocument('plan', readFileSync(ws.file('plan.json'), 'utf8'));
    const shown = await ws.aac(['show', 'plan.json', '--format', 'json']);
    expect(shown.code, shown.stderr).toBe(0);
    expect(expectDocument('plan', shown.stdout)).toEqual(doc);

    // A file of an earlier 1.x is shown as it was written, not relabelled as this aac's format.
    const older = { ...doc, format_version: '1.11' } as Record<string, unknown>;
    // As 1.11 wrote it: without the fields written since (WRITTEN_SINCE), all of them top-level.
    for (const [field, since] of Object.entries(WRITTEN_SINCE)) {
      if (since <= 11) continue;
      expect(field).not.toContain('.');
      delete older[field];
    }
    writeFileSync(ws.file('older.json'), JSON.stringify(older, null, 2));
    const olderShown = await ws.aac(['show', 'older.json', '--format', 'json']);
    expect(olderShown.code, olderShown.stderr).toBe(0);
    expect(expectDocument('plan', olderShown.stdout)).toEqual(older);

    // Applied with the host refusing one create: failed in part.
    const partly = await ws.aac(['apply', 'plan.json', '-lock=false', '--format', 'json']);
    expect(partly.code).toBe(1);
    const failed = expectDocument('apply-report', partly.stdout);
    expect((failed.outcomes as Array<Record<string, unknown>>).filter((o) => o.status === 'failed')).toEqual([expect.objectContaining({ key: 'fresh', action: 'create' })]);

    // The same file again, the host taking it: only what is left is made, the rest listed as applied already.
    refuse = false;
    const resumed = await ws.aac(['apply', 'plan.json', '-lock=false', '--format', 'json']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const rest = expectDocument('apply-report', resumed.stdout);
    expect((rest.applied_already as unknown[]).length).toBeGreaterThan(0);
    expect(rest.outcomes).toEqual([expect.objectContaining({ key: 'fresh', status: 'ok' })]);

    // A third time: refused, as applied already, with the error document.
    const again = await ws.aac(['apply', 'plan.json', '-lock=false', '--format', 'json']);
    expect(again.code).toBe(1);
    const refused = expectDocument('diagnostics', again.stdout);
    expect(refused).toMatchObject({ valid: false, definitions: null, definition_count: null, valid_definition_count: null, provider: null });
    expect(refused.diagnostics).toEqual([expect.objectContaining({ code: 'plan-applied', file: null })]);

    // A confirmation answered no: the cancelled document.
    ws.write('later', gpt('Later'));
    const cancelled = await ws.aac(['apply', '-lock=false', '--format', 'json'], { interactive: true, answers: ['no'] });
    expect(cancelled.code).toBe(1);
    expect(expectDocument('apply-report', cancelled.stdout)).toMatchObject({ outcomes: [], summary: { cancelled: true } });
  }, 120_000);

  it('an apply stopped as the host refuses the credentials', async () => {
    const emu = await testEmulator({ apiKey: KEY });
    // The listing passes; every write is answered 401, as a key that lacks a permission is.
    const proxy = await recordingProxy(emu.url, (req) => (req.method === 'POST' ? { status: 401, message: 'Incorrect API key provided' } : undefined));
    afterTest(() => proxy.close());
    const ws = workspace(proxy.url, { a: gpt('A'), b: gpt('B') });
    const r = await ws.aac(['apply', '--yes', '-lock=false', '--format', 'json', '--concurrency', '1']);
    expect(r.code).toBe(1);
    const doc = expectDocument('apply-report', r.stdout);
    expect(doc.summary).toMatchObject({ stopped: { cause: 'credentials' } });
  });
});

describe('validate documents', () => {
  it('errors and warnings, located', async () => {
    const ws = workspace('http://127.0.0.1:1/v1', { good: gpt('Good'), bad: { ...gpt('Bad'), temprature: 1 } });
    writeFileSync(join(ws.dir, 'aac.yaml'), 'provider: openai\n');
    writeFileSync(join(ws.dir, 'aac.yml'), 'provider: openai\n'); // ignored beside aac.yaml: a warning
    const r = await ws.aac(['validate', '--format', 'json']);
    expect(r.code).toBe(1);
    const doc = expectDocument('diagnostics', r.stdout);
    expect(doc).toMatchObject({ valid: false, definition_count: 2, valid_definition_count: 1, definitions: 1, provider: 'openai' });
    expect(doc.error_count).toBeGreaterThan(0);
    expect(doc.warning_count).toBeGreaterThan(0);

    ws.remove('bad');
    const ok = await ws.aac(['validate', '--format', 'json']);
    expect(ok.code).toBe(0);
    expect(expectDocument('diagnostics', ok.stdout)).toMatchObject({ valid: true, error_count: 0 });
  });
});

describe('import documents', () => {
  it('imported, skipped, recorded settings and a refusal', async () => {
    const emu = await testEmulator({ apiKey: KEY });
    const [plain, long, foreign] = emu.seed([
      { model: 'gpt-4o', name: 'Support Bot', metadata: {} },
      { model: 'gpt-4o', name: 'Long Prompt', instructions: Array.from({ length: 20 }, (_, i) => `Rule ${i}.`).join('\n'), metadata: {} },
      { model: 'gpt-4o', name: 'Theirs', metadata: { 'aac@team-a': 'theirs' } },
    ]).map((a) => a.id as string);
    const ws = workspace(emu.url);
    const dry = await ws.aac(['import', '--dry-run', '--format', 'json']);
    expect(dry.code, dry.stderr).toBe(0);
    expect(expectDocument('import-report', dry.stdout)).toMatchObject({ dry_run: true });

    const r = await ws.aac(['import', '--namespace', 'team-b', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = expectDocument('import-report', r.stdout);
    expect(doc.config_file).toMatchObject({ recorded: { namespace: 'team-b' } });
    expect((doc.imported as Array<Record<string, unknown>>).map((a) => a.id).sort()).toEqual([plain, long].sort());
    expect((doc.imported as Array<Record<string, unknown>>).find((a) => a.id === long)!.instructions_file).toEqual(expect.any(String));
    expect(doc.managed_left_alone_by).toMatchObject({ other_namespaces: { 'team-a': 1 } });

    // Chosen by id, one defined already and another namespace's: skipped, and refused. In the
    // namespace aac.yaml now records (the tests' AAC_NAMESPACE would contradict it, and be refused).
    const chosen = await ws.aac(['import', '--id', plain!, '--id', foreign!, '--format', 'json'], { env: { AAC_NAMESPACE: undefined } });
    expect(chosen.code).toBe(1);
    const skipped = expectDocument('import-report', chosen.stdout);
    expect((skipped.skipped as Array<Record<string, unknown>>).map((s) => [s.reason, s.refused]).sort()).toEqual([['defined', true], ['foreign', true]]);
  });
});

describe('migrate documents', () => {
  it('a migration with losses accepted and notes; a refusal for losses not accepted', async () => {
    const ws = workspace('http://127.0.0.1:1/v1', {
      'support/billing': { ...gpt('Billing'), temperature: 0.3, id: 'asst_0123456789abcdefghijklmn' },
      triage: gpt('Triage'),
    });
    // Without the key migrate reads no live state (the endpoint here serves nothing), and says so in `live`.
    const noKey = { env: { OPENAI_API_KEY: undefined } };
    const refused = await ws.aac(['migrate', '--to', 'openai-agents', '--out', 'agents', '--format', 'json'], noKey);
    expect(refused.code).toBe(1);
    const error = expectDocument('diagnostics', refused.stdout);
    expect((error.diagnostics as Array<Record<string, unknown>>).some((d) => d.code === 'migrate-loss' && typeof d.line === 'number')).toBe(true);

    const r = await ws.aac(['migrate', '--to', 'openai-agents', '--out', 'agents', '--accept-losses', '--format', 'json'], noKey);
    expect(r.code, r.stderr).toBe(0);
    const doc = expectDocument('migrate-report', r.stdout);
    expect(doc.live).toEqual([{ environment: null, read: false, endpoint: null, unread: 'OPENAI_API_KEY is not set', drift: [] }]);
    expect(doc).toMatchObject({ valid: true, provider: 'openai-agents', definitions: 2 });
    expect(doc.losses).toEqual([expect.objectContaining({ path: 'temperature' })]);
    expect(doc.notes).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'not-carried' })]));
  });
});

describe('environments documents', () => {
  it('every environment, and a name not declared', async () => {
    const ws = workspace('http://127.0.0.1:1/v1');
    writeFileSync(join(ws.dir, 'aac.yaml'), stringify({
      provider: 'openai',
      environments: { dev: { endpoint: 'https://DEV.example.com:443/v1/' }, prod: { provider: 'foundry', endpoint: 'https://prod.example.com/api/projects/p' } },
    }));
    const r = await ws.aac(['environments', '--format', 'json']);
    expect(r.code, r.stderr).toBe(0);
    const doc = expectDocument('environments', r.stdout);
    expect(doc).toMatchObject({ provider: 'openai', endpoint: null, environments: [{ name: 'dev', endpoint: 'https://dev.example.com/v1' }, { name: 'prod', provider: 'foundry' }] });

    const unknown = await ws.aac(['environments', 'qa', '--format', 'json']);
    expect(unknown.code).toBe(1);
    expect(expectDocument('diagnostics', unknown.stdout).valid).toBe(false);
  });
});
