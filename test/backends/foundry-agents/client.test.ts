// The foundry-agents client over the shared transport and real HTTP: paged listing, creates and
// new versions, deletes, and writes whose response was lost settled by reading, never repeated
// blindly.
import { describe, expect, test } from 'vitest';
import { BackendError } from '../../../src/backends/backend.js';
import { Transport, type Call } from '../../../src/backends/http/transport.js';
import { FoundryAgentsClient } from '../../../src/backends/foundry-agents/client.js';
import { FoundryAgentsBackend } from '../../../src/backends/foundry-agents/foundry-agents-backend.js';
import { call, loopback, prompt, type Loopback } from './loopback.js';
import type { LiveResource } from '../../../src/model/definition.js';


function client(l: Loopback, onSend?: (call: Call) => void): FoundryAgentsClient {
  const transport = new Transport({
    connection: {
      provider: 'foundry', baseURL: l.url, bearer: 'entra-token', headers: {}, query: { 'api-version': 'v1' },
      organization: null, project: null, secrets: ['entra-token'], updateMethod: 'post', canOrder: false, credentialHint: 'check AAC_FOUNDRY_TOKEN',
    },
    maxRetries: 2,
    timeoutMs: 5000,
  });
  return new FoundryAgentsClient((call) => {
    onSend?.(call);
    return transport.send(call);
  }, transport.maxRetries);
}

const desired = (name: string, instructions = 'Help.') => ({ name, description: 'd', metadata: { team: 'a' }, definition: prompt('gpt-4o', { instructions }) });

describe('the foundry-agents client', () => {
  test('lists every prompt agent 100 a page, and leaves other kinds out', async () => {
    const l = await loopback();
    l.dialect.seed(Array.from({ length: 250 }, (_, i) => ({ name: `a-${i}`, definition: prompt(), metadata: i % 2 ? { 'aac@ns': `k${i}` } : {} })));
    l.dialect.seed([{ name: 'hosted', definition: { kind: 'hosted', cpu: '1', memory: '1Gi' } }]);
    const all = await client(l).listAll();
    expect(all).toHaveLength(250);
    expect(l.requests['GET /agents']).toBe(3);
    expect(all.filter((a) => a.marker !== null)).toHaveLength(125);
    expect(new Set(all.map((a) => a.name)).size).toBe(250);
  });

  test('hands the backend each page as it arrives, as the live agents it returns; hashes an agent only when its fingerprint is read', async () => {
    const l = await loopback();
    l.dialect.seed(Array.from({ length: 250 }, (_, i) => ({ name: `a-${i}`, definition: prompt(), metadata: { 'aac@ns': `k${i}` } })));
    const connection = {
      provider: 'foundry-agents', baseURL: l.url, bearer: 'entra-token', headers: {}, query: { 'api-version': 'v1' },
      organization: null, project: null, secrets: ['entra-token'], updateMethod: 'post' as const, canOrder: false, credentialHint: 'check AAC_FOUNDRY_TOKEN',
    };
    const backend = new FoundryAgentsBackend(connection, new Transport({ connection, maxRetries: 0, timeoutMs: 5000 }));
    const pages: Array<readonly LiveResource[]> = [];
    const live = await backend.listAll((page) => pages.push(page));
    expect(pages.map((p) => p.length)).toEqual([100, 100, 50]);
    expect(pages.flat()).toEqual(live);
    expect(pages.flat().every((l, i) => l === live[i])).toBe(true);
    // The fingerprint is the agent's, stable, and changes when the agent does.
    const before = live[0]!.fingerprint;
    expect(before).toMatch(/^[0-9a-f]{64}$/);
    expect((await backend.listAll())[0]!.fingerprint).toBe(before);
    await backend.update(live[0]!.id, { description: 'changed', definition: prompt() }, { namespace: 'ns', key: 'k0' });
    expect((await backend.listAll()).find((a) => a.id === live[0]!.id)!.fingerprint).not.toBe(before);
  });

  test('asks for the next page before it reads and hands over the one it has', async () => {
    const l = await loopback();
    l.dialect.seed(Array.from({ length: 250 }, (_, i) => ({ name: `a-${i}`, definition: prompt() })));
    const events: string[] = [];
    // A request built ahead (Call.later) is asked for when its cursor is given, and goes then.
    const asked = (query: Call['query']) => events.push(`ask${query?.after ? ' after' : ''}`);
    const all = await client(l, (call) => (call.later ? void call.later.then((rest) => asked(rest.query)) : asked(call.query))).listAll((page) => events.push(`hand over ${page.length}`));
    expect(all).toHaveLength(250);
    expect(events).toEqual(['ask', 'ask after', 'hand over 100', 'ask after', 'hand over 100', 'hand over 50']);
  });

  test('an empty project is one request', async () => {
    const l = await loopback();
    expect(await client(l).listAll()).toEqual([]);
    expect(l.requests).toEqual({ 'GET /agents': 1 });
  });

  test('create, new version, versions, delete a version and the agent', async () => {
    const l = await loopback();
    const c = client(l);
    const { agent: made, concurrent } = await c.create(desired('billing'), { namespace: 'ns', key: 'support/billing' });
    expect(concurrent).toBeNull();
    expect(made).toMatchObject({ name: 'billing', version: '1', marker: { namespace: 'ns', key: 'support/billing' }, fields: { metadata: { team: 'a' } } });
    const { agent: next } = await c.createVersion(made, { ...desired('billing', 'Help more.') }, { namespace: 'ns', key: 'support/billing' });
    expect(next).toMatchObject({ name: 'billing', version: '2', fields: { definition: { instructions: 'Help more.' } } });
    expect((await c.versions('billing')).map((v) => v.version)).toEqual(['1', '2']);
    await c.deleteVersion('billing', '1');
    expect((await c.get('billing'))!.version).toBe('2');
    await c.deleteAgent('billing');
    expect(await c.get('billing')).toBeUndefined();
    // Already gone: not-found, for the caller to judge (apply warns, a lock's holder is told).
    await expect(c.deleteAgent('billing')).rejects.toMatchObject({ kind: 'not-found' });
    await expect(c.deleteVersion('billing', '1')).rejects.toMatchObject({ kind: 'not-found' });
    expect(l.dialect.agents()).toEqual([]);
  });

  test('a name taken since the plan is refused before anything is written', async () => {
    const l = await loopback();
    l.dialect.seed([{ name: 'billing', definition: prompt() }]);
    const err = await client(l).create(desired('billing'), { namespace: 'ns', key: 'k' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendError);
    expect((err as BackendError).message).toMatch(/exists now \(version 1, made since the plan: an agent aac does not manage .*\); nothing was sent; plan again$/);
    expect(l.requests['POST /agents']).toBeUndefined();
    expect(l.dialect.agents()[0]!.versions).toHaveLength(1);
  });

  test('a create whose response was lost is settled by reading, without a second agent version', async () => {
    const l = await loopback();
    l.dropWrites(1);
    const { agent: made } = await client(l).create(desired('billing'), { namespace: 'ns', key: 'k' });
    expect(made.version).toBe('1');
    expect(l.requests['POST /agents']).toBe(1);
    expect(l.dialect.agents()[0]!.versions).toHaveLength(1);
  });

  test('a new version whose response was lost is settled without an extra version', async () => {
    const l = await loopback();
    const c = client(l);
    const { agent: made } = await c.create(desired('billing'), { namespace: 'ns', key: 'k' });
    l.dropWrites(1);
    const { agent: next } = await c.createVersion(made, desired('billing', 'v2'), { namespace: 'ns', key: 'k' });
    expect(next.version).toBe('2');
    expect(l.requests['POST /agents/{agent_name}/versions']).toBe(1);
    expect(l.dialect.agents()[0]!.versions.map((v) => v.version)).toEqual(['1', '2']);
  });
});

describe('the foundry-agents backend and old versions', () => {
  test('lists versions oldest first, deletes an old one, and refuses the latest even when asked', async () => {
    const l = await loopback();
    const connection = {
      provider: 'foundry-agents', baseURL: l.url, bearer: 'entra-token', headers: {}, query: { 'api-version': 'v1' },
      organization: null, project: null, secrets: ['entra-token'], updateMethod: 'post' as const, canOrder: true, credentialHint: 'check AAC_FOUNDRY_TOKEN',
    };
    const backend = new FoundryAgentsBackend(connection, new Transport({ connection, maxRetries: 0, timeoutMs: 5000 }));
    const marker = { namespace: 'ns', key: 'billing' };
    const made = await backend.create(desired('billing'), marker);
    await backend.update(made.id, { ...desired('billing', 'Two.') }, marker);
    await backend.update(made.id, { ...desired('billing', 'Three.') }, marker);
    expect(await backend.versions(made.id)).toEqual(['1', '2', '3']);
    await expect(backend.deleteVersion(made.id, '3')).rejects.toThrow("refusing to delete version 3 of agent 'billing': it is the latest version");
    await backend.deleteVersion(made.id, '1');
    expect(await backend.versions(made.id)).toEqual(['2', '3']);
    expect(l.requests['DELETE /agents/{agent_name}/versions/{agent_version}']).toBe(1);
  });
});

/**
 * A client whose every request for a versions page goes through `onList` first: its query as it
 * leaves, `after` included (a request built ahead gets its cursor later: list-pages.ts), the
 * request held until `onList` is done. `rewrite` may change each answer before the client reads it,
 * as a proxy between would.
 */
function listingClient(l: Loopback, onList: (query: Record<string, unknown>) => Promise<void> | void, rewrite: (answer: any) => void = () => undefined): FoundryAgentsClient {
  const transport = new Transport({
    connection: {
      provider: 'foundry-agents', baseURL: l.url, bearer: 'entra-token', headers: {}, query: { 'api-version': 'v1' },
      organization: null, project: null, secrets: ['entra-token'], updateMethod: 'post', canOrder: true, listPath: '/agents', credentialHint: 'check AAC_FOUNDRY_TOKEN',
    },
    maxRetries: 0,
    timeoutMs: 5000,
  });
  return new FoundryAgentsClient(async <T,>(call: Call): Promise<T | undefined> => {
    let sent = call;
    if (call.method === 'get' && call.path.endsWith('/versions')) {
      if (call.later) sent = { ...call, later: call.later.then(async (rest) => (await onList({ ...call.query, ...rest.query }), rest)) };
      else await onList({ ...call.query });
    }
    const answer = await transport.send<T>(sent);
    rewrite(answer);
    return answer;
  }, transport.maxRetries);
}

const OWNER = { namespace: 'ns', key: 'billing' };
/** Unix seconds, the second every seeded version was made in: only the host's order tells them apart. */
const SAME_SECOND = 1_700_000_000;
const numbers = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));

describe('the foundry-agents versions listing (the shared one-cursor walk, order=asc)', () => {
  test('reads several pages of versions oldest first, in the order they were made within one second, 100 a page', async () => {
    const l = await loopback();
    l.dialect.seed([{ name: 'billing', definition: prompt(), metadata: { 'aac@ns': 'billing' }, versions: 250, created_at: SAME_SECOND }]);
    const queries: Array<Record<string, unknown>> = [];
    const versions = await listingClient(l, (q) => void queries.push(q)).versions('billing');
    expect(versions.map((v) => v.version)).toEqual(numbers(1, 250));
    expect(versions.every((v) => v.createdAt === SAME_SECOND && v.markers['aac@ns'] === 'billing' && /^[0-9a-f]{64}$/.test(v.held))).toBe(true);
    // ⌈250/100⌉ requests, each asking oldest first; each next cursor the previous page's last version id.
    expect(l.requests['GET /agents/{agent_name}/versions']).toBe(3);
    expect(queries).toEqual([{ limit: 100, order: 'asc' }, { limit: 100, order: 'asc', after: 'billing:100' }, { limit: 100, order: 'asc', after: 'billing:200' }]);
  });

  test('one page for an agent of up to 100 versions', async () => {
    const l = await loopback();
    l.dialect.seed([{ name: 'billing', definition: prompt(), versions: 100 }]);
    expect((await listingClient(l, () => undefined).versions('billing')).map((v) => v.version)).toEqual(numbers(1, 100));
    expect(l.requests['GET /agents/{agent_name}/versions']).toBe(1);
  });

  test('a cursor whose version is deleted mid-walk: the listing is read again from the start, once, and holds every version left', async () => {
    const l = await loopback();
    l.dialect.seed([{ name: 'billing', definition: prompt(), versions: 250, created_at: SAME_SECOND }]);
    let deleted = false;
    const c = listingClient(l, async (q) => {
      // retain_versions of a concurrent apply deletes the version the next page starts after.
      if (q.after !== 'billing:100' || deleted) return;
      deleted = true;
      expect((await call(l, 'DELETE', '/agents/billing/versions/100')).status).toBe(200);
    });
    const versions = await c.versions('billing');
    expect(deleted).toBe(true);
    expect(versions.map((v) => v.version)).toEqual([...numbers(1, 99), ...numbers(101, 250)]);
    // The first page, the page after the deleted cursor (400 on `after`), then three pages again.
    expect(l.requests['GET /agents/{agent_name}/versions']).toBe(5);
  });

  test('a listed version whose metadata is not an object is refused in words, as an agent\'s latest version is', async () => {
    const l = await loopback();
    l.dialect.seed([{ name: 'billing', definition: prompt(), versions: 3 }]);
    const c = listingClient(l, () => undefined, (answer) => {
      if (Array.isArray(answer?.data)) answer.data[1].metadata = 5;
    });
    await expect(c.versions('billing')).rejects.toThrow("listing the versions of agent 'billing': the server's list page holds an agent version at data[1] whose 'metadata' is a number, where the API sends an object or null");
  });

  test("a concurrent apply's identical version is found past the first page of an agent's versions", async () => {
    const l = await loopback();
    l.dialect.seed([{ name: 'billing', definition: prompt('gpt-4o', { instructions: 'Old.' }), description: 'd', metadata: { team: 'a', 'aac@ns': 'billing' }, versions: 150, created_at: SAME_SECOND }]);
    const c = listingClient(l, () => undefined);
    const read = (await c.get('billing'))!;
    expect(read.version).toBe('150');
    // Another apply of this namespace, from the same read, made the same new version first (151).
    await c.createVersion(read, desired('billing', 'New.'), OWNER);
    const { agent, twin } = await c.createVersion(read, desired('billing', 'New.'), OWNER, true);
    expect(twin).toEqual({ version: '151', dropped: "this run's version 152 was deleted again, and theirs (151) is the latest" });
    expect(agent.version).toBe('151');
    expect(l.dialect.agents()[0]!.versions.map((v) => v.version)).toEqual(numbers(1, 151));
  });
});
