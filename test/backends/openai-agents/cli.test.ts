// The "Must show" through the real CLI (plan, apply) against the emulator's Agents dialect,
// with a recording proxy in front so every request and body sent is checked.
import { afterEach, expect, test } from 'vitest';
import { AGENT_FIELDS, type AgentField } from '../../../src/backends/openai-agents/agent.js';
import { API_KEY, harness, recordingProxy, type Harness, type RecordedRequest, type Recorder } from '../../apply/helpers.js';
import { LOCK_KEY } from '../../../src/lock/lock-object.js';
import { TEST_MARKER } from '../../helpers/cli.js';
import { agent, DRIFTS, FULL } from './fixtures.js';
import { RESET_NOTE } from '../../../src/render/field-diff.js';

let h: Harness | undefined;
let proxy: Recorder | undefined;
afterEach(async () => {
  await proxy?.close();
  await h?.close();
  h = proxy = undefined;
});

/** The creates of aac's lock object among `requests`: the marker's value is LOCK_KEY. */
const lockCreates = (requests: RecordedRequest[]) => requests.filter((r) => r.method === 'POST' && (r.body as { metadata?: Record<string, string> } | undefined)?.metadata?.[TEST_MARKER] === LOCK_KEY);

async function setup(defs: Record<string, Record<string, unknown>>, opts = {}): Promise<{ h: Harness; proxy: Recorder; cli: (argv: string[]) => ReturnType<Harness['cli']> }> {
  h = await harness(defs, { provider: 'openai-agents', ...opts });
  proxy = await recordingProxy(h.emu.url);
  const p = proxy;
  return { h, proxy: p, cli: (argv) => h!.cli([...argv, '--provider', 'openai-agents'], { env: { OPENAI_BASE_URL: p.url, OPENAI_API_KEY: API_KEY } }) };
}

test('20 agents with every tool type: created, the re-plan is clean, a re-apply sends nothing; the beta header on every request', async () => {
  const { h, proxy, cli } = await setup(Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`a${i}`, agent(i)])));
  const applied = await cli(['apply', '--yes']);
  expect(applied.code, applied.stderr + applied.stdout).toBe(0);
  expect(applied.stdout).toContain('20 created, 0 modified, 0 deleted');
  expect(h.emu.resources()).toHaveLength(20);
  expect(proxy.requests.every((r) => r.headers['openai-beta'] === 'agents=v1')).toBe(true);
  expect(proxy.requests.every((r) => !r.path.includes('before='))).toBe(true);
  const plan = await cli(['plan', '--detailed-exitcode']);
  expect(plan.code, plan.stdout + plan.stderr).toBe(0);
  const writes = proxy.writes().length;
  expect((await cli(['apply', '--yes'])).code).toBe(0);
  // Nothing for the agents: only the namespace's lock, made and deleted.
  const sent = proxy.writes().slice(writes);
  expect(sent.map((r) => r.method)).toEqual(['POST', 'DELETE']);
  expect(lockCreates(sent)).toHaveLength(1);
  expect(h.emu.resources().map((a) => a.id)).not.toContain(sent[1]!.path.split('/').pop());
  expect(h.emu.resources()).toHaveLength(20);
});

test('a drift in each governed field is repaired by exactly one update carrying only that field', async () => {
  const drifts: Record<AgentField, unknown> = DRIFTS;
  const { h, proxy, cli } = await setup({ a: FULL });
  expect((await cli(['apply', '--yes'])).code).toBe(0);
  const live = h.emu.resources()[0]!;
  const marker = (live.metadata as Record<string, string>)[TEST_MARKER]!;
  for (const field of AGENT_FIELDS) {
    const drift = field === 'metadata' ? { ...(drifts.metadata as object), [TEST_MARKER]: marker } : drifts[field];
    h.emu.mutate(String(live.id), { [field]: drift });
    const plan = await cli(['plan', '--format', 'json']);
    const change = JSON.parse(plan.stdout).resource_changes.find((c: { key: string }) => c.key === 'a');
    expect(change.changed_fields, field).toEqual([field]);
    const before = proxy.writes().length;
    // Without the lock: the agent's own writes are counted (the lock's are in the test above).
    const applied = await cli(['apply', '--yes', '-lock=false']);
    expect(applied.code, applied.stderr).toBe(0);
    const sent = proxy.writes().slice(before);
    expect(sent.map((r) => `${r.method} ${r.path}`), field).toEqual([`POST /v1/agents/${String(live.id)}`]);
    expect(Object.keys(sent[0]!.body as object), field).toEqual([field]);
    expect((await cli(['plan', '--detailed-exitcode'])).code, field).toBe(0);
  }
});

test('an omitted reasoning that the server resolves is no diff', async () => {
  const { h, cli } = await setup({ plain: { model: 'gpt-5' } });
  expect((await cli(['apply', '--yes'])).code).toBe(0);
  expect(h.emu.resources()[0]!.reasoning).toEqual({ effort: 'medium', summary: null });
  const plan = await cli(['plan', '--detailed-exitcode']);
  expect(plan.code, plan.stdout).toBe(0);
});

test('text, multi_agent and reasoning removed from a definition are planned and reset; service_tier stays the server\'s', async () => {
  const set = {
    model: 'gpt-5', service_tier: 'flex',
    reasoning: { effort: 'high', summary: 'auto' },
    text: { format: { type: 'json_schema', schema: { type: 'object' } }, verbosity: 'low' },
    multi_agent: { enabled: true, max_concurrent_subagents: 3 },
  };
  const { h, proxy, cli } = await setup({ a: set });
  expect((await cli(['apply', '--yes'])).code).toBe(0);
  h.ws.write('a', { model: 'gpt-5' });
  const plan = await cli(['plan', '--format', 'json']);
  const change = JSON.parse(plan.stdout).resource_changes[0];
  expect(change.changed_fields).toEqual(['reasoning', 'text', 'multi_agent']);
  // `null` is the API's reset for each (AGENTS-API.md §5), never a guessed value.
  expect(change.body).toEqual({ reasoning: null, text: null, multi_agent: null });
  const before = proxy.writes().length;
  const applied = await cli(['apply', '--yes', '-lock=false']);
  expect(applied.code, applied.stderr + applied.stdout).toBe(0);
  expect(applied.stdout).not.toContain('warning');
  expect(proxy.writes().slice(before).map((r) => r.body)).toEqual([{ reasoning: null, text: null, multi_agent: null }]);
  const live = h.emu.resources()[0]!;
  expect(live).toMatchObject({
    text: { format: { type: 'text' }, verbosity: 'medium' },
    multi_agent: { enabled: false, max_concurrent_subagents: null },
    reasoning: { summary: null },
    service_tier: 'flex',
  });
  const clean = await cli(['plan', '--detailed-exitcode']);
  expect(clean.code, clean.stdout).toBe(0);
});

// Each resolved field on its own: the plan names it alone and says the host's default follows, the
// update sends it alone as null (AGENTS-API.md §5), and what the host then holds plans clean.
test.each([
  ['text', { format: { type: 'json_schema', schema: { type: 'object' } }, verbosity: 'low' }, { format: { type: 'text' }, verbosity: 'medium' }],
  ['reasoning', { effort: 'high', summary: 'auto' }, { summary: null }],
  ['multi_agent', { enabled: true, max_concurrent_subagents: 3 }, { enabled: false, max_concurrent_subagents: null }],
] as const)('%s removed from a definition: planned as its reset, sent alone as null, and the host\'s default follows', async (field, set, reset) => {
  const { h, proxy, cli } = await setup({ a: { model: 'gpt-5', name: 'A', [field]: set } });
  expect((await cli(['apply', '--yes'])).code).toBe(0);
  expect(h.emu.resources()[0]![field]).toMatchObject(set);
  h.ws.write('a', { model: 'gpt-5', name: 'A' });

  const plan = await cli(['plan', '--format', 'json']);
  const change = JSON.parse(plan.stdout).resource_changes[0];
  expect([change.actions[0], change.changed_fields, change.body]).toEqual(['update', [field], { [field]: null }]);
  const text = await cli(['plan', '--no-color']);
  // One entry: null is sent, after which the host's default applies; what it held goes, below it.
  expect(text.stdout).toContain(`\n      ~ ${field}: (${RESET_NOTE})\n          - `);
  expect(text.stdout.match(new RegExp(`^ {6}[-+~] ${field}\\b`, 'gm'))).toHaveLength(1);
  expect(text.stdout).toContain('Plan: 0 to create, 1 to modify, 0 to delete, 0 unchanged.');

  const before = proxy.writes().length;
  const applied = await cli(['apply', '--yes', '-lock=false']);
  expect(applied.code, applied.stderr + applied.stdout).toBe(0);
  const live = h.emu.resources()[0]!;
  expect(proxy.writes().slice(before).map((r) => [r.method, r.path, r.body])).toEqual([['POST', `/v1/agents/${String(live.id)}`, { [field]: null }]]);
  expect(live[field]).toMatchObject(reset);
  // The effort is the model's own once reset, not the one removed.
  if (field === 'reasoning') expect((live.reasoning as { effort: string }).effort).not.toBe('high');
  expect((await cli(['plan', '--detailed-exitcode'])).code).toBe(0);
});

// The effort alone: removing it, or writing `reasoning: null`, hands it back to the model
// (AGENTS-API.md:76, "reasoning: null restores the model's default effort").
test.each([
  ['removed', { model: 'gpt-5' }, null],
  ['written as reasoning: null', { model: 'gpt-5', reasoning: null }, null],
  ['removed from a reasoning that keeps its summary', { model: 'gpt-5', reasoning: { summary: 'auto' } }, { summary: 'auto' }],
] as const)('an effort %s is planned as its reset and the model\'s default follows', async (_how, definition, sent) => {
  const { h, proxy, cli } = await setup({ a: { model: 'gpt-5', reasoning: { effort: 'low', ...(sent ?? {}) } } });
  expect((await cli(['apply', '--yes'])).code).toBe(0);
  h.ws.write('a', definition);
  const plan = JSON.parse((await cli(['plan', '--format', 'json'])).stdout).resource_changes[0];
  expect([plan.actions[0], plan.changed_fields, plan.body]).toEqual(['update', ['reasoning'], { reasoning: sent }]);
  const before = proxy.writes().length;
  const applied = await cli(['apply', '--yes', '-lock=false']);
  expect(applied.code, applied.stderr + applied.stdout).toBe(0);
  expect(proxy.writes().slice(before).map((r) => r.body)).toEqual([{ reasoning: sent }]);
  expect((h.emu.resources()[0]!.reasoning as { effort: string }).effort).toBe('medium');
  const clean = await cli(['plan', '--detailed-exitcode']);
  expect(clean.code, clean.stdout).toBe(0);
});

test('metadata keys removed from a definition really disappear', async () => {
  const { h, cli } = await setup({ a: { model: 'gpt-5', metadata: { team: 'x', owner: 'y' } } });
  expect((await cli(['apply', '--yes'])).code).toBe(0);
  h.ws.write('a', { model: 'gpt-5', metadata: { team: 'x' } });
  expect((await cli(['apply', '--yes'])).code).toBe(0);
  expect(Object.keys(h.emu.resources()[0]!.metadata as object).sort()).toEqual([TEST_MARKER, 'team']);
  h.ws.write('a', { model: 'gpt-5' });
  expect((await cli(['apply', '--yes'])).code).toBe(0);
  expect(Object.keys(h.emu.resources()[0]!.metadata as object)).toEqual([TEST_MARKER]);
  expect((await cli(['plan', '--detailed-exitcode'])).code).toBe(0);
});

test('lost create responses leave no duplicate', async () => {
  const { h, proxy, cli } = await setup(Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`a${i}`, agent(i)])), { commitThenDropRate: 1 });
  const first = await cli(['apply', '--yes']);
  h.emu.setFaults({ commitThenDropRate: 0 });
  expect(h.emu.resources()).toHaveLength(5);
  const creates = proxy.writes().filter((r) => r.path === '/v1/agents');
  // The lock's create and delete were answered lost too: its create was found again by its nonce,
  // not made twice, and its delete's retry found it gone; no warning, no lock object left.
  expect(lockCreates(creates)).toHaveLength(1);
  expect(creates).toHaveLength(5 + 1);
  expect(first.stderr).not.toContain('lock');
  expect((await cli(['apply', '--yes'])).code).toBe(0);
  expect(h.emu.resources()).toHaveLength(5);
  expect((await cli(['plan', '--detailed-exitcode'])).code).toBe(0);
});

test('unmanaged agents are untouched with --prune', async () => {
  const { h, cli } = await setup({ a: agent(1), b: agent(2) });
  const [byHand] = h.emu.seed([{ model: 'gpt-5', name: 'made by hand', metadata: { team: 'ops' } }]);
  expect((await cli(['apply', '--yes'])).code).toBe(0);
  h.ws.remove('b');
  const pruned = await cli(['apply', '--yes', '--prune']);
  expect(pruned.code, pruned.stderr).toBe(0);
  expect(pruned.stdout).toContain('1 deleted');
  const left = h.emu.resources();
  expect(left.map((a) => a.name).sort()).toEqual(['Agent 1', 'made by hand']);
  expect(left.find((a) => a.id === byHand!.id)).toEqual(byHand);
});
