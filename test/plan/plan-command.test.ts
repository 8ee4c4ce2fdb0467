// `aac plan` end to end: the CLI in-process, the emulator on loopback HTTP.
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { createServer, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { twoCursorRequests } from '../../src/backends/http/pagination.js';
import { SPEC_FIELDS, type AssistantSpec } from '../../src/backends/assistants/assistant.js';
import { TEST_MARKER as MARKER_KEY } from '../helpers/cli.js';
import { parsePlanFile, serializePlan, type PlanDocument } from '../../src/plan/plan-file.js';
import { runCli } from '../helpers/cli.js';
import { DRIFTS, FOUNDRY_SAFE, RICH, createBody, makeProject } from './project.js';

const KEY = 'sk-test-plan-5ecret-0000000000000000';

let emulators: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(emulators.map((e) => e.close()));
  emulators = [];
});

async function emulator(opts: Parameters<typeof startEmulator>[0] = {}): Promise<RunningEmulator> {
  const emu = await startEmulator({ apiKey: KEY, ...opts });
  emulators.push(emu);
  return emu;
}

const openaiEnv = (emu: RunningEmulator) => ({ OPENAI_BASE_URL: emu.url, OPENAI_API_KEY: KEY });

async function planJson(cwd: string, env: Record<string, string>, extra: string[] = []): Promise<PlanDocument> {
  const r = await runCli(['plan', '--format', 'json', ...extra], { cwd, env });
  expect(r.stderr).not.toContain('Error');
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout) as PlanDocument;
}

const byKey = (doc: PlanDocument, key: string) => doc.resource_changes.find((c) => c.key === key)!;

describe('aac plan against the emulator', () => {
  it('plans a create for every definition when nothing is live', async () => {
    const emu = await emulator();
    const cwd = makeProject({ 'support/triage': RICH, billing: { model: 'gpt-4o-mini' } });
    const doc = await planJson(cwd, openaiEnv(emu));
    expect(doc.resource_changes.map((c) => [c.key, c.actions[0], c.id])).toEqual([
      ['billing', 'create', null],
      ['support/triage', 'create', null],
    ]);
    expect(doc.summary).toEqual({ create: 2, update: 0, delete: 0, unchanged: 0, orphans: 0, unmanaged: 0, other_namespaces: 0, legacy: 0, delete_versions: 0 });
    expect(byKey(doc, 'support/triage').body).toEqual(RICH);
    expect(byKey(doc, 'support/triage').file).toBe(join('assistants', 'support', 'triage.yaml'));

    const text = await runCli(['plan'], { cwd, env: openaiEnv(emu) });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Plan: 2 to create, 0 to modify, 0 to delete');
    // A plan only reads.
    expect(emu.stats().byRoute).not.toHaveProperty('POST /assistants');
    expect(emu.resources()).toEqual([]);
  });

  it('shows exactly the drifted field, for each governed field', async () => {
    expect(Object.keys(DRIFTS).sort()).toEqual([...SPEC_FIELDS].sort());
    const emu = await emulator();
    const keys = Object.keys(DRIFTS).map((field) => `drift/${field}`);
    const cwd = makeProject(Object.fromEntries(keys.map((k) => [k, RICH])));
    const seeded = emu.seed(keys.map((k) => createBody(k, RICH)));
    seeded.forEach((a, i) => emu.mutate(a.id as string, DRIFTS[Object.keys(DRIFTS)[i]!]!(keys[i]!)));

    const doc = await planJson(cwd, openaiEnv(emu));
    for (const field of Object.keys(DRIFTS)) {
      const change = byKey(doc, `drift/${field}`);
      expect(change.actions, field).toEqual(['update']);
      expect(change.changed_fields, field).toEqual([field]);
      expect(Object.keys(change.body), field).toEqual([field]);
      expect(change.patch.every((op) => op.path === `/${field}` || op.path.startsWith(`/${field}/`)), field).toBe(true);
    }
    expect(byKey(doc, 'drift/temperature').body).toEqual({ temperature: 0.3 });
    expect(byKey(doc, 'drift/metadata').body).toEqual({ metadata: { team: 'support' } });
    expect(doc.summary.update).toBe(SPEC_FIELDS.length);
  });

  it.each(['replace', 'merge'] as const)('shows no changes for assistants made as a create sends them (metadata %s)', async (metadataMode) => {
    const emu = await emulator({ metadataMode });
    const defs = { 'support/triage': RICH, plain: { model: 'gpt-4o-mini' }, 'fs/only': { model: 'm', tools: [{ type: 'file_search' as const }] } };
    const cwd = makeProject(defs);
    emu.seed(Object.entries(defs).map(([k, spec]) => createBody(k, spec)));
    const doc = await planJson(cwd, openaiEnv(emu));
    expect(doc.resource_changes.map((c) => [c.key, c.actions[0], c.changed_fields])).toEqual([
      ['fs/only', 'no-op', []],
      ['plain', 'no-op', []],
      ['support/triage', 'no-op', []],
    ]);
    const r = await runCli(['plan', '--detailed-exitcode'], { cwd, env: openaiEnv(emu) });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("No changes in namespace 'test'. 3 assistants match their definitions.");
  });

  it('names the namespace when nothing changes as when something does: text, markdown, json, show and apply', async () => {
    const emu = await emulator();
    const cwd = makeProject({ plain: { model: 'gpt-4o-mini' } });
    const env = { ...openaiEnv(emu), AAC_NAMESPACE: 'team-a' };
    const changing = await runCli(['plan'], { cwd, env });
    expect(changing.stdout).toContain("aac will perform the following actions in namespace 'team-a' on openai");
    const md = await runCli(['plan', '--format', 'markdown'], { cwd, env });
    expect(md.stdout).toContain('Target: namespace `team-a`, `openai`');
    expect((await runCli(['apply', '--yes'], { cwd, env })).code).toBe(0);

    const text = await runCli(['plan', '--out', 'plan.json'], { cwd, env });
    const line = "No changes in namespace 'team-a'. 1 assistant matches its definition.";
    expect(text.stdout.split('\n')[0]).toBe(line);
    const shown = await runCli(['show', 'plan.json'], { cwd, env });
    expect(shown.stdout.split('\n')[0]).toBe(line);
    const again = await runCli(['apply', '--yes'], { cwd, env });
    expect(again.stdout).toContain("No changes in namespace 'team-a'. 1 assistant matches its definition.");
    const none = await runCli(['plan', '--format', 'markdown'], { cwd, env });
    expect(none.stdout).toContain('**No changes.** 1 assistant matches its definition.');
    expect(none.stdout).toContain('Target: namespace `team-a`, `openai`');
    expect((await planJson(cwd, env)).target.namespace).toBe('team-a');
  });

  it.each(['replace', 'merge'] as const)('shows no changes after an apply that fixed drift (metadata %s)', async (metadataMode) => {
    const emu = await emulator({ metadataMode });
    const cwd = makeProject({ 'support/triage': RICH, fresh: { model: 'gpt-4o', tools: [{ type: 'code_interpreter' }] } });
    const [live] = emu.seed([createBody('support/triage', RICH)]);
    emu.mutate(live!.id as string, {
      name: 'Renamed',
      metadata: { team: 'support', extra: 'by hand', [MARKER_KEY]: 'support/triage' },
      tool_resources: { code_interpreter: { file_ids: ['file-abc'] }, file_search: { vector_store_ids: ['vs_byhand'] } },
    });
    const applied = await runCli(['apply', '--yes'], { cwd, env: openaiEnv(emu) });
    expect(applied.code, applied.stderr).toBe(0);
    const r = await runCli(['plan', '--detailed-exitcode'], { cwd, env: openaiEnv(emu) });
    expect(r.code, r.stdout).toBe(0);
    expect(r.stdout).toContain("No changes in namespace 'test'. 2 assistants match their definitions.");
  });

  it('ignores and counts unmanaged assistants, and lists orphans', async () => {
    const emu = await emulator();
    const cwd = makeProject({ kept: { model: 'gpt-4o' } });
    const [byHand1, byHand2] = emu.seed([{ model: 'gpt-4o', name: 'By hand' }, { model: 'gpt-4o-mini' }]);
    const [kept, orphan] = emu.seed([createBody('kept', { model: 'gpt-4o' }), createBody('retired/bot', { model: 'gpt-4o', name: 'Retired' })]);

    const doc = await planJson(cwd, openaiEnv(emu));
    expect(doc.summary).toEqual({ create: 0, update: 0, delete: 0, unchanged: 1, orphans: 1, unmanaged: 2, other_namespaces: 0, legacy: 0, delete_versions: 0 });
    const ids = doc.resource_changes.map((c) => c.id);
    expect(ids).toEqual([kept!.id, orphan!.id]);
    expect(ids).not.toContain(byHand1!.id);
    expect(ids).not.toContain(byHand2!.id);
    expect(byKey(doc, 'retired/bot')).toMatchObject({ actions: ['no-op'], orphan: true, file: null });

    const text = await runCli(['plan', '--detailed-exitcode'], { cwd, env: openaiEnv(emu) });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('retired/bot');
    expect(text.stdout).toMatch(/1 orphaned assistant is not deleted \(run with --prune\)/);
    // The pull-request comment (the Action's `aac plan --markdown-out`, as a user's own workflow's)
    // cannot tell which made it: its advice names the flag and the Action's input alike.
    const comment = join(cwd, 'comment.md');
    expect((await runCli(['plan', '--markdown-out', comment], { cwd, env: openaiEnv(emu) })).code).toBe(0);
    const md = readFileSync(comment, 'utf8');
    const advice = 'run with `--prune`, or give the Action or its workflows `prune: true`; after a merge, the apply workflow `replan: true` too';
    expect(md).toContain(`1 orphaned assistant is not deleted (${advice}).`);
    expect(md).toContain(`To delete it, ${advice}.\n\n- \`retired/bot\` (\`${orphan!.id as string}\`)\n`);
    expect(md.match(/--prune/g)).toHaveLength(2);

    const pruned = await planJson(cwd, openaiEnv(emu), ['--prune']);
    expect(byKey(pruned, 'retired/bot')).toMatchObject({ actions: ['delete'], orphan: true, id: orphan!.id });
    expect(pruned.summary.delete).toBe(1);
    expect((await runCli(['plan', '--prune', '--detailed-exitcode'], { cwd, env: openaiEnv(emu) })).code).toBe(2);
  });

  it('plans the delete of the newer of two copies of a key, and converges after apply', async () => {
    const emu = await emulator();
    const cwd = makeProject({ twin: { model: 'gpt-4o' }, other: { model: 'gpt-4o' } });
    const [older, newer] = emu.seed([
      { ...createBody('twin', { model: 'gpt-4o' }), created_at: 1_700_000_000 },
      { ...createBody('twin', { model: 'gpt-4o' }), created_at: 1_700_000_005 },
    ]);
    const r = await runCli(['plan'], { cwd, env: openaiEnv(emu) });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`- twin (${newer!.id as string}) (delete: extra copy, ${older!.id as string} is kept)`);
    // The other definitions are planned as usual: a duplicate blocks nothing.
    expect(r.stdout).toContain('+ other (create)');
    expect(r.stdout).toContain('Plan: 1 to create, 0 to modify, 1 to delete, 1 unchanged.');

    expect((await runCli(['apply', '--yes'], { cwd, env: openaiEnv(emu) })).code).toBe(0);
    expect(emu.resources().map((a) => a.id)).toContain(older!.id);
    expect(emu.resources().map((a) => a.id)).not.toContain(newer!.id);
    expect((await runCli(['plan', '--detailed-exitcode'], { cwd, env: openaiEnv(emu) })).code).toBe(0);
  });

  it('adopts an assistant pinned by id', async () => {
    const emu = await emulator();
    const [byHand] = emu.seed([{ model: 'gpt-4o', name: 'Made by hand' }]);
    const cwd = makeProject({ adopted: { id: byHand!.id, model: 'gpt-4o', name: 'Made by hand' } });
    const doc = await planJson(cwd, openaiEnv(emu));
    expect(byKey(doc, 'adopted')).toMatchObject({ id: byHand!.id, actions: ['update'], adopt: true, changed_fields: [], body: { metadata: {} } });
  });

  it('exits 2 with --detailed-exitcode when there are changes', async () => {
    const emu = await emulator();
    const cwd = makeProject({ one: { model: 'gpt-4o' } });
    expect((await runCli(['plan', '--detailed-exitcode'], { cwd, env: openaiEnv(emu) })).code).toBe(2);
    expect((await runCli(['plan'], { cwd, env: openaiEnv(emu) })).code).toBe(0);
  });

  it('saves with --out the same document --format json prints, and parsePlanFile reads it back', async () => {
    const emu = await emulator();
    const cwd = makeProject({ 'support/triage': RICH, fresh: { model: 'gpt-4o' } });
    const [live] = emu.seed([createBody('support/triage', RICH)]);
    emu.mutate(live!.id as string, { temperature: 1.2 });
    const r = await runCli(['plan', '--format', 'json', '--out', 'saved.plan.json'], { cwd, env: openaiEnv(emu) });
    expect(r.code).toBe(0);
    const text = readFileSync(join(cwd, 'saved.plan.json'), 'utf8');
    expect(text).toBe(r.stdout);
    expect(r.stderr).toContain('aac apply saved.plan.json');
    const plan = parsePlanFile(text, 'saved.plan.json', 'aac plan --out saved.plan.json');
    expect(serializePlan(plan)).toBe(text);
    expect(plan.changes.map((c) => [c.key, c.action])).toEqual([['fresh', 'create'], ['support/triage', 'update']]);
    expect(plan.changes[1]!.fieldChanges).toEqual([{ field: 'temperature', before: 1.2, after: 0.3 }]);
    // Atomic: only the plan itself is left behind.
    expect(readdirSync(cwd).filter((f) => f.includes('saved'))).toEqual(['saved.plan.json']);
  });

  it('stops on invalid definitions before any write, with annotations in GitHub Actions', async () => {
    const emu = await emulator();
    const cwd = makeProject({ broken: { model: 'gpt-4o', temperature: 7 } });
    const r = await runCli(['plan', '--format', 'json'], { cwd, env: { ...openaiEnv(emu), GITHUB_ACTIONS: 'true' } });
    expect(r.code).toBe(1);
    // As `terraform -json`: the failure is a JSON document on stdout too, the problem located.
    const doc = JSON.parse(r.stdout);
    expect(doc).toMatchObject({ valid: false, error_count: 2 });
    expect(doc.diagnostics[0]).toMatchObject({ file: 'assistants/broken.yaml', path: 'temperature' });
    expect(r.stdout).not.toContain('::error');
    expect(r.stderr).toContain('assistants/broken.yaml');
    expect(r.stderr).toMatch(/^::error file=assistants\/broken\.yaml,line=\d+/m);
    expect(r.stderr).toContain('in the definitions; nothing was changed');
    // The listing runs while the definitions load; nothing but reads may have gone out.
    expect(Object.keys(emu.stats().byRoute).every((route) => route.startsWith('GET '))).toBe(true);
  });

  it('reads 250 live assistants in ⌈250/100⌉ list requests (at most one more) and nothing else', async () => {
    const emu = await emulator();
    const keys = Array.from({ length: 250 }, (_, i) => `bulk/a${String(i).padStart(3, '0')}`);
    const cwd = makeProject(Object.fromEntries(keys.slice(0, 200).map((k) => [k, { model: 'gpt-4o' }])));
    emu.seed(keys.map((k) => createBody(k, { model: 'gpt-4o' })));
    const doc = await planJson(cwd, openaiEnv(emu));
    expect(doc.summary).toMatchObject({ unchanged: 200, orphans: 50 });
    const stats = emu.stats();
    expect(stats.total).toBeGreaterThanOrEqual(3);
    expect(stats.total).toBeLessThanOrEqual(twoCursorRequests(250));
    expect(Object.keys(stats.byRoute).every((route) => route.startsWith('GET'))).toBe(true);
  });

  it('plans a listing of several pages: a copy found on a later page, drift, orphans, the key redacted', async () => {
    // Pages 20 ms apart: those that arrive once the definitions are loaded are planned ahead of the
    // plan (how many depends on how fast the definitions load; test/plan/planned-pairs.test.ts
    // fixes the order). The newest copy of 'fleet/a220', alike the kept one, is on the first page and matches its
    // definition; the kept (older) copy comes on a later page.
    const emu = await emulator({ latencyMs: 20 });
    const keys = Array.from({ length: 450 }, (_, i) => `fleet/a${String(i).padStart(3, '0')}`);
    const spec = (i: number): AssistantSpec => ({ model: 'gpt-4o', name: `Bot ${i}`, instructions: i === 7 ? 'Never say it.' : 'Be brief.' });
    const cwd = makeProject(Object.fromEntries(keys.flatMap((k, i) => (i === 300 ? [] : [[k, spec(i)]]))));
    const drifted = new Set([5, 7, 150, 400, 449]);
    const [, ...seeded] = emu.seed([
      { ...createBody('fleet/a220', spec(220)), created_at: 1_700_009_999 },
      ...keys.map((k, i) => ({ ...createBody(k, drifted.has(i) ? { ...spec(i), instructions: `Be brief. ${KEY}` } : spec(i)), created_at: 1_700_000_000 + i })),
    ]);
    // Made by the other apply: the same definition, later.
    const copy = emu.resources().find((a) => a.created_at === 1_700_009_999)!;
    const doc = await planJson(cwd, openaiEnv(emu));
    expect(doc.summary).toEqual({ create: 0, update: 5, delete: 1, unchanged: 444, orphans: 1, unmanaged: 0, other_namespaces: 0, legacy: 0, delete_versions: 0 });
    expect(doc.resource_changes.filter((c) => c.actions[0] === 'update').map((c) => [c.key, c.changed_fields])).toEqual(
      [...drifted].map((i) => [keys[i], ['instructions']]),
    );
    expect(doc.resource_changes.filter((c) => c.key === 'fleet/a220').map((c) => [c.id, c.actions[0], c.duplicate_of])).toEqual([
      [seeded[220]!.id, 'no-op', null],
      [copy.id, 'delete', seeded[220]!.id],
    ]);
    expect(byKey(doc, 'fleet/a300')).toMatchObject({ id: seeded[300]!.id, orphan: true, actions: ['no-op'] });
    const text = JSON.stringify(doc);
    expect(text).not.toContain(KEY);
    // The key is in the drifted live prompts: shown redacted, not dropped.
    expect(text).toContain('Be brief. [redacted]');
  });

  /** 250 assistants live, the first `defined` of them defined: a project and its emulator. */
  async function fleetOf(defined: number, opts: Parameters<typeof startEmulator>[0] = {}) {
    const emu = await emulator(opts);
    const keys = Array.from({ length: 250 }, (_, i) => `fleet/a${String(i).padStart(3, '0')}`);
    const spec: AssistantSpec = { model: 'gpt-4o', instructions: 'Be brief.' };
    emu.seed(keys.map((k, i) => ({ ...createBody(k, spec), created_at: 1_700_000_000 + i })));
    return { emu, cwd: makeProject(Object.fromEntries(keys.slice(0, defined).map((k) => [k, spec]))) };
  }
  const newestPage = (url: string) => url.includes('order=desc') && !url.includes('after=');
  const oldestPage = (url: string) => url.includes('order=asc') && !url.includes('after=');

  it('asks for the oldest page while the newest one is on its way when more definitions are found than a page holds', async () => {
    const { emu, cwd } = await fleetOf(150);
    // Between aac and the emulator: the newest page is answered only once the oldest one is asked
    // for (or after 10 s, when the walk waited for it: then the test fails).
    let hold = false;
    let askedWhileHeld = false;
    let release: (() => void) | undefined;
    const target = new URL(emu.url);
    const proxy = createServer((req, res) => {
      const forward = () => {
        const up = httpRequest({ host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers }, (answer) => {
          res.writeHead(answer.statusCode!, answer.headers);
          answer.pipe(res);
        });
        req.pipe(up);
      };
      if (hold && oldestPage(req.url!) && release) {
        askedWhileHeld = true;
        release();
      }
      if (hold && newestPage(req.url!)) {
        const timer = setTimeout(() => release?.(), 10_000);
        release = () => {
          clearTimeout(timer);
          release = undefined;
          forward();
        };
        return;
      }
      forward();
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    try {
      const env = { ...openaiEnv(emu), OPENAI_BASE_URL: `http://127.0.0.1:${(proxy.address() as AddressInfo).port}/v1` };
      // The first run in this process loads the plan's modules after its first request (each one
      // compiled from TypeScript here), which the second does not.
      await planJson(cwd, env);
      hold = true;
      const doc = await planJson(cwd, env);
      expect(doc.summary).toMatchObject({ unchanged: 150, orphans: 100 });
      expect(askedWhileHeld).toBe(true);
    } finally {
      await new Promise((resolve) => proxy.close(resolve));
    }
  });

  it('asks for the oldest page only once the newest one says there are more when a page holds the definitions', async () => {
    // Each list request: when it arrived and when its answer went out (ms since the epoch).
    const served: Array<{ line: string; arrived: number; answered: number }> = [];
    const { emu, cwd } = await fleetOf(60, {
      latencyMs: 100,
      log(line) {
        const answered = Date.now();
        served.push({ line, arrived: answered - Number(/\((\d+) ms\)$/.exec(line)?.[1] ?? 0), answered });
      },
    });
    const doc = await planJson(cwd, openaiEnv(emu));
    expect(doc.summary).toMatchObject({ unchanged: 60, orphans: 190 });
    const newest = served.find((s) => newestPage(s.line))!;
    const oldest = served.find((s) => oldestPage(s.line))!;
    // (Times in whole ms: the newest page was answered 100 ms after the oldest one would have come.)
    expect(oldest.arrived).toBeGreaterThanOrEqual(newest.answered - 5);
    expect(served.length).toBeLessThanOrEqual(twoCursorRequests(250));
  });

  it('refuses an --out path it cannot write, with exit 1', async () => {
    const emu = await emulator();
    const cwd = makeProject({ one: { model: 'gpt-4o' } });
    const r = await runCli(['plan', '--out', 'no/such/dir/plan.json'], { cwd, env: openaiEnv(emu) });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`cannot write no/such/dir/plan.json: the directory ${join(cwd, 'no/such/dir')} does not exist; nothing was written`);
    // Before the plan was made or printed.
    expect(r.stdout).toBe('');
    expect(emu.stats().total).toBe(0);
    expect(existsSync(join(cwd, 'no'))).toBe(false);
  });
});

describe('each profile plans against the emulator in its dialect', () => {
  const TOKEN = 'eyJ0eXAiOiJKV1QiLCJhbGciOi.test-token-secret';
  const profiles = [
    { provider: 'openai', spec: RICH, env: (url: string) => ({ OPENAI_BASE_URL: url, OPENAI_API_KEY: KEY }), secrets: [KEY] },
    {
      provider: 'foundry',
      spec: FOUNDRY_SAFE,
      env: (url: string) => ({ AZURE_AI_PROJECT_ENDPOINT: url, AAC_FOUNDRY_TOKEN: TOKEN }),
      secrets: [TOKEN],
      emulatorKey: TOKEN,
    },
    {
      provider: 'portkey',
      spec: RICH,
      env: (url: string) => ({ PORTKEY_BASE_URL: url, PORTKEY_API_KEY: KEY, PORTKEY_VIRTUAL_KEY: 'vk-secret-virtual' }),
      secrets: [KEY, 'vk-secret-virtual'],
      virtualKey: 'vk-secret-virtual',
    },
    { provider: 'zerobot', spec: RICH, env: (url: string) => ({ ZEROBOT_BASE_URL: url, ZEROBOT_API_KEY: KEY }), secrets: [KEY] },
  ] as const;

  it.each(profiles)('$provider', async (profile) => {
    const emu = await emulator({
      provider: profile.provider,
      apiKey: 'emulatorKey' in profile ? profile.emulatorKey : KEY,
      ...('virtualKey' in profile ? { virtualKey: profile.virtualKey } : {}),
    });
    const cwd = makeProject({ same: profile.spec, drifted: profile.spec, missing: profile.spec });
    const [, drifted] = emu.seed([createBody('same', profile.spec), createBody('drifted', profile.spec)]);
    emu.mutate(drifted!.id as string, { name: 'Drifted' });
    const env = profile.env(emu.url);
    const doc = await planJson(cwd, env, ['--provider', profile.provider]);
    expect(doc.target.provider).toBe(profile.provider);
    expect(doc.resource_changes.map((c) => [c.key, c.actions[0], c.changed_fields.join()])).toEqual([
      ['drifted', 'update', 'name'],
      ['missing', 'create', expect.any(String)],
      ['same', 'no-op', ''],
    ]);
    const listed = Object.entries(emu.stats().byRoute).filter(([route]) => route.startsWith('GET'));
    expect(listed.length).toBeGreaterThan(0);
    for (const secret of profile.secrets) expect(JSON.stringify(doc)).not.toContain(secret);

    // The wrong credentials are refused by the emulator and reported without echoing them.
    const wrong = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, profile.secrets.includes(v as never) ? `${v}-wrong` : v]));
    const refused = await runCli(['plan', '--provider', profile.provider], { cwd, env: wrong });
    expect(refused.code).toBe(1);
    for (const secret of profile.secrets) expect(refused.stderr + refused.stdout).not.toContain(secret);
  });
});

describe('job summary', () => {
  it('keeps the exit code of the plan when the summary cannot be written, and says so', async () => {
    const emu = await emulator();
    const cwd = makeProject({ billing: { model: 'gpt-4o-mini' } });
    // The project directory is a directory: appending to it fails.
    const r = await runCli(['plan', '--detailed-exitcode'], { cwd, env: { ...openaiEnv(emu), GITHUB_STEP_SUMMARY: cwd } });
    expect(r.code).toBe(2);
    expect(r.stdout).toContain('Plan: 1 to create');
    expect(r.stderr).toContain(`Warning: could not write the job summary to ${cwd} (GITHUB_STEP_SUMMARY): illegal operation on a directory (EISDIR)\n`);
  });
});

describe('secrets', () => {
  it('never shows the API key in any output, plan file or job summary', async () => {
    const emu = await emulator();
    const cwd = makeProject({ 'support/triage': RICH, other: { model: 'gpt-4o' } });
    const [live] = emu.seed([createBody('support/triage', RICH), createBody('gone', { model: 'gpt-4o' })]);
    emu.mutate(live!.id as string, { instructions: 'changed' });
    const summary = join(cwd, 'step-summary.md');
    const env = { ...openaiEnv(emu), GITHUB_STEP_SUMMARY: summary, GITHUB_ACTIONS: 'true' };
    const outputs: string[] = [];
    for (const argv of [
      ['plan'],
      ['plan', '--debug'],
      ['plan', '--format', 'json', '--debug'],
      ['plan', '--format', 'markdown', '--prune'],
      ['plan', '--out', 'p.json', '--debug', '--detailed-exitcode'],
    ]) {
      const r = await runCli(argv, { cwd, env });
      expect(r.code === 0 || r.code === 2, `${argv.join(' ')}: ${r.stderr}`).toBe(true);
      outputs.push(r.stdout, r.stderr);
    }
    const refused = await runCli(['plan', '--debug'], { cwd, env: { ...env, OPENAI_API_KEY: `${KEY}x` } });
    expect(refused.code).toBe(1);
    outputs.push(refused.stdout, refused.stderr);
    outputs.push(readFileSync(join(cwd, 'p.json'), 'utf8'), readFileSync(summary, 'utf8'));

    expect(outputs.join('\n')).toContain('support/triage');
    // The debug log did print the requests, with their credentials redacted.
    expect(outputs.join('\n')).toMatch(/\[debug\] GET .*authorization=\[redacted\]/);
    for (const text of outputs) {
      expect(text).not.toContain(KEY);
      expect(text).not.toContain(KEY.slice(-12));
    }
    expect(readFileSync(summary, 'utf8')).toContain('support/triage');
  });
});
