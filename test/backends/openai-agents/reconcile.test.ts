// The backend's pieces in one reconcile loop over HTTP — client (transport, SDK), marker in
// metadata, normalisation, write rule — against the dialect on loopback: the "Must show"
// at the backend level. The loop below is test glue standing in for the core's plan and apply.
import { expect, test } from 'vitest';
import { BackendError } from '../../../src/backends/backend.js';
import { Transport } from '../../../src/backends/http/transport.js';
import { AGENT_FIELDS, type AgentField, type AgentSpec } from '../../../src/backends/openai-agents/agent.js';
import { AgentsClient, connectAgents, type WireAgent } from '../../../src/backends/openai-agents/client.js';
import { comparableAgent, normalizeAgent } from '../../../src/backends/openai-agents/normalize.js';
import { createBody, updateBody } from '../../../src/backends/openai-agents/write.js';
import type { ProjectConfig } from '../../../src/model/config.js';
import type { JsonObject } from '../../../src/model/json.js';
import { sameJson } from '../../../src/model/canonical.js';
import { agent as agentFixture, DRIFTS } from './fixtures.js';
import { loopback, type Loopback } from './loopback.js';

const MARKER = 'aac@test';
const agent = (i: number): AgentSpec => agentFixture(i) as AgentSpec;

interface Change { key: string; id: string; fields: AgentField[] }

function client(lb: Loopback): AgentsClient {
  const connection = connectAgents({ provider: 'openai', options: {} } as unknown as ProjectConfig, { OPENAI_API_KEY: 'sk-k', OPENAI_BASE_URL: lb.url });
  return new AgentsClient(new Transport({ connection, maxRetries: 0, timeoutMs: 5_000 }));
}

function managed(live: WireAgent[]): Map<string, WireAgent> {
  return new Map(live.filter((a) => a.metadata?.[MARKER]).map((a) => [a.metadata![MARKER]!, a]));
}

function withoutMarker(a: WireAgent): AgentSpec {
  const { [MARKER]: _m, ...metadata } = a.metadata ?? {};
  return { ...(a as unknown as AgentSpec), metadata };
}

/** What differs, per managed key (plan). */
async function plan(c: AgentsClient, desired: Record<string, AgentSpec>): Promise<{ creates: string[]; updates: Change[]; orphans: WireAgent[] }> {
  const live = managed(await c.listAll());
  const creates: string[] = [];
  const updates: Change[] = [];
  for (const [key, spec] of Object.entries(desired)) {
    const a = live.get(key);
    if (!a) { creates.push(key); continue; }
    const have = normalizeAgent(withoutMarker(a));
    const want = comparableAgent(have, normalizeAgent(spec));
    const fields = AGENT_FIELDS.filter((f) => !sameJson(have[f], want[f]));
    if (fields.length > 0) updates.push({ key, id: a.id, fields });
  }
  return { creates, updates, orphans: [...live].filter(([k]) => !(k in desired)).map(([, a]) => a) };
}

/** Makes the plan's changes; a create whose answer was lost is settled by listing again (apply). */
async function apply(c: AgentsClient, desired: Record<string, AgentSpec>, prune = false): Promise<void> {
  const p = await plan(c, desired);
  let lost = false;
  for (const key of p.creates) {
    const body = createBody(desired[key]!);
    try {
      await c.create({ ...body, metadata: { ...((body.metadata as JsonObject | undefined) ?? {}), [MARKER]: key } }, key);
    } catch (e) {
      if (!(e instanceof BackendError && e.kind === 'outcome-unknown')) throw e;
      lost = true;
    }
  }
  for (const u of p.updates) {
    const body = updateBody(desired[u.key]!, u.fields);
    if ('metadata' in body) body.metadata = { ...((body.metadata as JsonObject | null) ?? {}), [MARKER]: u.key };
    await c.update(u.id, body, u.key).catch((e: unknown) => { if (!(e instanceof BackendError && e.kind === 'outcome-unknown')) throw e; });
  }
  if (prune) for (const o of p.orphans) await c.delete(o.id);
  if (lost) {
    const again = await plan(c, desired);
    for (const key of again.creates) throw new Error(`create of ${key} was lost and not made`);
  }
}

const posts = (lb: Loopback) => lb.requests.filter((r) => r.startsWith('POST'));

test('20 agents with every tool type: created, the re-plan is clean, a re-apply sends nothing', async () => {
  const lb = await loopback();
  const c = client(lb);
  const desired = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`a${i}`, agent(i)]));
  await apply(c, desired);
  expect(lb.dialect.resources()).toHaveLength(20);
  expect(posts(lb)).toHaveLength(20);
  expect(await plan(c, desired)).toEqual({ creates: [], updates: [], orphans: [] });
  const sent = lb.requests.length;
  await apply(c, desired);
  expect(lb.requests.slice(sent).filter((r) => !r.startsWith('GET'))).toEqual([]);
});

test('a drift in each governed field is repaired by exactly one update carrying only that field', async () => {
  const drifts: Record<AgentField, unknown> = { ...DRIFTS, metadata: { ...DRIFTS.metadata, [MARKER]: 'a' } };
  const lb = await loopback();
  const c = client(lb);
  const desired = { a: agent(1) };
  await apply(c, desired);
  const id = String(lb.dialect.resources()[0]!.id);
  for (const field of AGENT_FIELDS) {
    lb.dialect.mutate(id, { [field]: drifts[field] });
    expect((await plan(c, desired)).updates, field).toEqual([{ key: 'a', id, fields: [field] }]);
    const before = lb.requests.length;
    await apply(c, desired);
    const sent = lb.requests.map((r, i) => ({ r, body: lb.bodies[i] })).slice(before).filter((x) => x.r.startsWith('POST'));
    expect(sent.map((x) => x.r), field).toEqual([`POST /v1/agents/${id}`]);
    expect(Object.keys(sent[0]!.body as object), field).toEqual([field]);
    expect((await plan(c, desired)).updates, field).toEqual([]);
  }
});

test('an omitted reasoning that the server resolves is no diff', async () => {
  const lb = await loopback();
  const c = client(lb);
  const desired = { plain: { model: 'gpt-5' } };
  await apply(c, desired);
  expect(lb.dialect.resources()[0]!.reasoning).toEqual({ effort: 'medium', summary: null });
  expect((await plan(c, desired)).updates).toEqual([]);
});

test('metadata keys removed from the definition really disappear', async () => {
  const lb = await loopback();
  const c = client(lb);
  await apply(c, { a: { model: 'gpt-5', metadata: { team: 'x', owner: 'y' } } });
  await apply(c, { a: { model: 'gpt-5', metadata: { team: 'x' } } });
  expect(lb.dialect.resources()[0]!.metadata).toEqual({ team: 'x', [MARKER]: 'a' });
  await apply(c, { a: { model: 'gpt-5' } });
  expect(lb.dialect.resources()[0]!.metadata).toEqual({ [MARKER]: 'a' });
});

test('lost create responses leave no duplicate', async () => {
  const lb = await loopback();
  const c = client(lb);
  lb.dropWrites = true;
  const desired = Object.fromEntries(Array.from({ length: 5 }, (_, i) => [`a${i}`, agent(i)]));
  await apply(c, desired);
  lb.dropWrites = false;
  expect(lb.dialect.resources()).toHaveLength(5);
  expect(posts(lb)).toHaveLength(5);
  await apply(c, desired);
  expect(lb.dialect.resources()).toHaveLength(5);
});

test('unmanaged agents are untouched by a pruning apply', async () => {
  const lb = await loopback();
  const c = client(lb);
  const [byHand] = lb.dialect.seed([{ model: 'gpt-5', name: 'made by hand', metadata: { team: 'ops' } }]);
  await apply(c, { a: agent(1), b: agent(2) });
  await apply(c, { a: agent(1) }, true);
  const left = lb.dialect.resources();
  expect(left.map((a) => a.name).sort()).toEqual(['Agent 1', 'made by hand']);
  expect(left.find((a) => a.id === byHand!.id)).toEqual(byHand);
});
