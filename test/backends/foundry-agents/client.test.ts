// The foundry-agents client over the shared transport and real HTTP: paged listing, creates and
// new versions, deletes, and writes whose response was lost settled by reading, never repeated
// blindly.
import { describe, expect, test } from 'vitest';
import { BackendError } from '../../../src/backends/backend.js';
import { Transport, type Call } from '../../../src/backends/http/transport.js';
import { FoundryAgentsClient } from '../../../src/backends/foundry-agents/client.js';
import { FoundryAgentsBackend } from '../../../src/backends/foundry-agents/foundry-agents-backend.js';
import { loopback, prompt, type Loopback } from './loopback.js';
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
