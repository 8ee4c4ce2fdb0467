// Copies of a key that differ: this namespace's marker for one key on a resource that is not the
// definition's twin (a dashboard clone, metadata copied by a script, a marker written by hand).
// aac settles copies alike (two applies that created the key at once) as before, and never picks
// among copies that differ: the plan is refused naming every copy, apply changes nothing, a saved
// plan made before the marker turned up is refused, and an `id:` pin chooses (README "Concurrent
// applies"). Each host where copies can exist, through the CLI against the emulator.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { harness, recordingProxy, type Harness } from '../apply/helpers.js';
import { runCli, TEST_MARKER } from '../helpers/cli.js';
import { testDir, testEmulator } from '../helpers/each-test.js';
import { expectDocument } from '../output-schemas/schemas.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const HOSTS = [
  { provider: 'openai', many: 'assistants', path: '/assistants' },
  { provider: 'openai-agents', many: 'agents', path: '/agents' },
];
const KEY = 'new/key';
const DEFINITION = { model: 'gpt-4o', name: 'New key', instructions: 'Answer briefly.' };
const now = () => Math.floor(Date.now() / 1000);

describe.each(HOSTS)('copies of a key ($provider)', ({ provider, many, path }) => {
  const cli = (argv: string[]) => h!.cli([...argv, '--provider', provider]);
  /** Every stored resource as it stands, by id: what "nothing changed" compares. */
  const snapshot = () => Object.fromEntries(h!.emu.resources().map((r) => [r.id as string, JSON.stringify(r)]));
  /** The definition applied: its one copy's id. */
  async function applied(): Promise<string> {
    h = await harness({ [KEY]: DEFINITION }, { provider });
    const r = await cli(['apply', '--yes']);
    expect(r.code, r.stderr).toBe(0);
    return h.emu.resources()[0]!.id as string;
  }
  /** Refused as a conflict, naming every copy and the way out; nothing written. */
  async function expectRefused(ids: string[], mine: string, other: { id: string; name: string }): Promise<void> {
    const before = snapshot();
    const plan = await cli(['plan']);
    expect(plan.code, plan.stdout).toBe(1);
    expect(plan.stderr).toContain(`${ids.length} live ${many} carry the marker ${TEST_MARKER}=${KEY}, and they differ (in `);
    for (const id of ids) expect(plan.stderr).toContain(`      ${id}: created 20`);
    expect(plan.stderr).toContain(`      ${other.id}: created ${new Date(h!.emu.resources().find((r) => r.id === other.id)!.created_at as number * 1000).toISOString()}, name ${JSON.stringify(other.name)}\n`);
    expect(plan.stderr).toContain(`      ${mine}: created `);
    expect(plan.stderr).toContain(`name "New key"; it matches assistants/${KEY}.yaml\n`);
    expect(plan.stderr).toContain(`to keep one, pin it with \`id: ${mine}\` (the one that matches it) in assistants/${KEY}.yaml`);
    expect(plan.stderr).toContain(`or remove ${TEST_MARKER}=${KEY} from the metadata of each that is not aac's`);
    const json = JSON.parse((await cli(['plan', '--format', 'json'])).stdout) as { diagnostics: Array<{ code: string; file: string }> };
    expect(json.diagnostics.filter((d) => d.code !== 'error').map((d) => [d.code, d.file])).toEqual([['copies-differ', `assistants/${KEY}.yaml`]]);
    const apply = await cli(['apply', '--yes']);
    expect(apply.code, apply.stdout).toBe(1);
    expect(apply.stderr).toContain('and they differ');
    expect(snapshot()).toEqual(before);
  }

  it('an older resource given the marker is not overwritten, nor is the definition\'s copy deleted: the plan is refused', async () => {
    const mine = await applied();
    const [older] = h!.emu.seed([{ model: 'gpt-4o', name: 'Old precious', instructions: 'Keep me.', created_at: now() - 3600 }]);
    h!.emu.mutate(older!.id as string, { metadata: { [TEST_MARKER]: KEY } });
    await expectRefused([older!.id as string, mine], mine, { id: older!.id as string, name: 'Old precious' });
  });

  it('a newer resource given the marker is not deleted by a plain apply: the plan is refused', async () => {
    const mine = await applied();
    const [clone] = h!.emu.seed([{ model: 'gpt-4o', name: 'Dashboard clone', instructions: 'Answer briefly.', metadata: { [TEST_MARKER]: KEY }, created_at: now() + 60 }]);
    await expectRefused([mine, clone!.id as string], mine, { id: clone!.id as string, name: 'Dashboard clone' });
  });

  it('an `id:` pin chooses: the other copy is an orphan of the key, kept without --prune and deleted with it', async () => {
    const mine = await applied();
    const [older] = h!.emu.seed([{ model: 'gpt-4o', name: 'Old precious', metadata: { [TEST_MARKER]: KEY }, created_at: now() - 3600 }]);
    h!.ws.write(KEY, { id: mine, ...DEFINITION });
    const plan = JSON.parse((await cli(['plan', '--format', 'json'])).stdout) as { resource_changes: Array<{ id: string; actions: string[]; orphan: boolean; duplicate_of: string | null }> };
    expect(plan.resource_changes.map((c) => [c.id, c.actions[0], c.orphan, c.duplicate_of])).toEqual([
      [mine, 'no-op', false, null],
      [older!.id, 'no-op', true, null],
    ]);
    const before = snapshot();
    expect((await cli(['apply', '--yes'])).code).toBe(0);
    expect(snapshot()).toEqual(before);
    const pruned = JSON.parse((await cli(['plan', '--prune', '--format', 'json'])).stdout) as typeof plan;
    expect(pruned.resource_changes.map((c) => [c.id, c.actions[0], c.orphan])).toEqual([
      [mine, 'no-op', false],
      [older!.id, 'delete', true],
    ]);
  });

  it('copies alike (what two applies at once make) are still settled: the newer is deleted, no --prune needed', async () => {
    const mine = await applied();
    const [twin] = h!.emu.seed([{ ...DEFINITION, metadata: { [TEST_MARKER]: KEY }, created_at: now() + 60 }]);
    const plan = await cli(['plan']);
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain(`- ${KEY} (${twin!.id as string}) (delete: extra copy, ${mine} is kept)`);
    expect((await cli(['apply', '--yes'])).code).toBe(0);
    expect(h!.emu.resources().map((r) => r.id)).toEqual([mine]);
  });

  it("an apply whose create meets a concurrent copy that differs (another branch's definition) deletes neither: the next plan refuses the key", async () => {
    h = await harness({ [KEY]: DEFINITION }, { provider });
    const proxy = await recordingProxy(h.emu.url, (req) => {
      if (req.method === 'POST' && req.path.endsWith(path)) h!.emu.seed([{ ...DEFINITION, instructions: 'Answer at length.', metadata: { [TEST_MARKER]: KEY }, created_at: now() - 60 }]);
      return undefined;
    });
    try {
      const summaryFile = join(testDir('aac-summary-'), 'summary.md');
      writeFileSync(summaryFile, '');
      const r = await h.cli(['apply', '-lock=false', '--yes', '--provider', provider, '--format', 'json'], { env: { OPENAI_BASE_URL: proxy.url, GITHUB_STEP_SUMMARY: summaryFile } });
      expect(r.code, r.stderr).toBe(0);
      expect(proxy.requests.filter((q) => q.method === 'DELETE')).toEqual([]);
      expect(h.emu.resources()).toHaveLength(2);
      const [other, mine] = h.emu.resources().map((a) => a.id as string);
      // The report says it apart from the warning's text: the other copies' ids, and the choice to make, with the `id:` that keeps this run's.
      const doc = expectDocument('apply-report', r.stdout) as { outcomes: Array<Record<string, unknown>> };
      expect(doc.outcomes).toEqual([expect.objectContaining({ key: KEY, id: mine, status: 'ok', copies_differ: {
        others: [other],
        fix: `to keep one, pin it with \`id:\` (\`id: ${mine!}\` keeps this run's, made from the definition) in assistants/${KEY}.yaml: the others are then ${many} its key no longer claims, deleted only with --prune; or remove ${TEST_MARKER}=${KEY} from the metadata of each that is not aac's`,
      } })]);
      expect(r.stderr).toContain(`    warning: ${other!} also carries the marker of '${KEY}' and differs from this run's ${mine!}: none was deleted; \`aac plan --provider ${provider}\` refuses '${KEY}' until \`id:\` pins the one to keep`);
      // The job summary says so on its own, after the closing line and before the table: the apply went through, and a person must choose.
      const md = readFileSync(summaryFile, 'utf8');
      expect(md).toContain([
        '**Apply complete: 1 created, 0 modified, 0 deleted.**',
        '',
        `**⚠️ 1 key needs \`id:\` to choose among copies that differ; the next plan refuses it until then:**`,
        '',
        `- \`${KEY}\`: \`\`${other!} also carries the marker of '${KEY}' and differs from this run's ${mine!}: none was deleted; \`aac plan --provider ${provider}\` refuses '${KEY}' until \`id:\` pins the one to keep\`\``,
        '',
        `| | ${many.slice(0, -1)} | id | result |`,
      ].join('\n'));
      const plan = await cli(['plan']);
      expect(plan.code).toBe(1);
      expect(plan.stderr).toContain('and they differ (in instructions)');
    } finally {
      await proxy.close();
    }
  });

  it('a saved plan made before the marker turned up on another resource is refused, and deletes nothing', async () => {
    const mine = await applied();
    const out = join(h!.ws.root, 'plan.json');
    expect((await cli(['plan', '--out', out])).code).toBe(0);
    const [clone] = h!.emu.seed([{ model: 'gpt-4o', name: 'Dashboard clone', created_at: now() + 60 }]);
    h!.emu.mutate(clone!.id as string, { metadata: { [TEST_MARKER]: KEY } });
    const before = snapshot();
    const r = await cli(['apply', out, '--yes']);
    expect(r.code, r.stdout).toBe(1);
    expect(snapshot()).toEqual(before);
    expect(Object.keys(before)).toEqual(expect.arrayContaining([mine, clone!.id]));
  });
});

// Foundry agents are addressed by name: two applies of one definition make one agent (the second
// adds a version), never two. Two agents carrying one key's marker have two names, so they are
// never alike: a conflict, never a delete (before, the newer agent went, with all its versions).
describe('copies of a key (foundry-agents)', () => {
  it('an agent of another name given the marker is a conflict; `id:` chooses, the other an orphan', async () => {
    const emu = await testEmulator({ provider: 'foundry-agents', seed: 1 });
    const dir = testDir('aac-copies-');
    mkdirSync(join(dir, 'agents'));
    const file = join(dir, 'agents', 'billing.yaml');
    writeFileSync(file, 'name: billing-support\ndefinition:\n  kind: prompt\n  model: gpt-4o\n');
    const env = { AZURE_AI_PROJECT_ENDPOINT: emu.url, AAC_FOUNDRY_TOKEN: 'entra-token', AAC_NAMESPACE: 'team-a' };
    const aac = (...args: string[]) => runCli([...args, '--provider', 'foundry-agents', '--dir', 'agents'], { cwd: dir, env });
    expect((await aac('apply', '--yes')).code).toBe(0);
    emu.seed([{ name: 'billing-clone', definition: { kind: 'prompt', model: 'gpt-4o' }, metadata: { 'aac@team-a': 'billing' } }]);
    const before = JSON.stringify(emu.resources());
    const plan = await aac('plan');
    expect(plan.code, plan.stdout).toBe(1);
    expect(plan.stderr).toContain('2 live agents carry the marker aac@team-a=billing, and they differ (in name)');
    expect(plan.stderr).toMatch(/ {6}billing-support: created [^\n]*, name "billing-support"; it matches agents\/billing\.yaml\n/);
    expect(plan.stderr).toMatch(/ {6}billing-clone: created [^\n]*, name "billing-clone"\n/);
    expect((await aac('apply', '--yes')).code).toBe(1);
    expect(JSON.stringify(emu.resources())).toBe(before);
    writeFileSync(file, `id: billing-support\n${readFileSync(file, 'utf8')}`);
    const pinned = JSON.parse((await aac('plan', '--prune', '--format', 'json')).stdout) as { resource_changes: Array<{ id: string; actions: string[]; orphan: boolean }> };
    expect(pinned.resource_changes.map((c) => [c.id, c.actions[0], c.orphan])).toEqual([
      ['billing-support', 'no-op', false],
      ['billing-clone', 'delete', true],
    ]);
  });
});

describe("a copy's name longer than the API takes", () => {
  // Printed whole, a host's name of a million characters made the refusal a line of a megabyte.
  // The Agents API's response schema sets no length on a name, so its emulator may answer one.
  it('is cut in the refusal, saying how much was left out', async () => {
    h = await harness({ [KEY]: DEFINITION }, { provider: 'openai-agents' });
    const cli = (argv: string[]) => h!.cli([...argv, '--provider', 'openai-agents']);
    expect((await cli(['apply', '--yes'])).code).toBe(0);
    const mine = h.emu.resources()[0]!.id as string;
    const [older] = h.emu.seed([{ model: 'gpt-4o', name: 'Old', created_at: now() - 3600 }]);
    h.emu.mutate(older!.id as string, { name: 'n'.repeat(1_000_000), metadata: { [TEST_MARKER]: KEY } });
    const plan = await cli(['plan']);
    expect(plan.code, plan.stdout).toBe(1);
    expect(plan.stderr).toContain(`      ${older!.id as string}: created `);
    expect(plan.stderr).toContain(`, name "${'n'.repeat(256)}…(999,744 more characters)"\n      ${mine}: created `);
    expect(plan.stderr.length).toBeLessThan(3_000);
  });
});
