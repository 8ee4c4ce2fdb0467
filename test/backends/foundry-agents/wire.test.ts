// The bodies aac sends and what it reads back: a definition written through the dialect reads
// back as the same canonical version, with the marker placed in metadata and taken out again.
import { describe, expect, test } from 'vitest';
import { createFoundryAgentsDialect } from '../../../src/backends/foundry-agents/emulator/dialect.js';
import { changedPaths, normalizeVersion } from '../../../src/backends/foundry-agents/normalize.js';
import { FOUNDRY_AGENT } from '../../../src/backends/foundry-agents/kind.js';
import { fingerprint } from '../../../src/backends/http/live-resource.js';
import { createBody, readAgent, versionBody, type DesiredAgent } from '../../../src/backends/foundry-agents/wire.js';

const marker = { namespace: 'team-a', key: 'support/billing' };
const req = (method: string, path: string, body?: unknown) => ({ method, path, query: new URLSearchParams('api-version=v1'), headers: { authorization: 'Bearer t' }, body });

const desired: DesiredAgent = {
  name: 'billing-support',
  description: 'Bills.',
  metadata: { team: 'support' },
  definition: {
    kind: 'prompt', model: 'gpt-4o', instructions: 'Help.',
    tools: [{ type: 'function', name: 'get_invoice' }, { type: 'code_interpreter' }],
  },
};

describe('wire', () => {
  test('a create body is valid, carries the marker and nulls the function members the API requires', () => {
    const body = createBody(desired, marker);
    expect(body).toEqual({
      name: 'billing-support',
      metadata: { team: 'support', 'aac@team-a': 'support/billing' },
      description: 'Bills.',
      definition: { ...desired.definition, tools: [{ type: 'function', name: 'get_invoice', parameters: null, strict: null }, { type: 'code_interpreter' }] },
    });
    expect(desired.definition.tools).toEqual([{ type: 'function', name: 'get_invoice' }, { type: 'code_interpreter' }]);
  });

  test('written through the dialect and read back, nothing governed differs; a new version likewise', () => {
    const d = createFoundryAgentsDialect({ validateResponses: true });
    const created = d.handle(req('POST', '/agents', createBody(desired, marker))).body as Record<string, unknown>;
    const live = readAgent(created);
    expect(live).toMatchObject({ name: 'billing-support', id: 'billing-support', version: '1', marker: { namespace: 'team-a', key: 'support/billing' } });
    expect(live.fields.metadata).toEqual({ team: 'support' });
    expect(changedPaths(normalizeVersion(live.fields), normalizeVersion(desired))).toEqual([]);

    const next = { ...desired, description: null, definition: { ...desired.definition, temperature: 0.2 } };
    d.handle(req('POST', '/agents/billing-support/versions', versionBody(next, marker)));
    const again = readAgent(d.handle(req('GET', '/agents/billing-support')).body as Record<string, unknown>);
    expect(again.version).toBe('2');
    const print = (a: { wire: object }) => fingerprint(a.wire, FOUNDRY_AGENT.bookkeeping);
    expect(print(again)).not.toBe(print(live));
    expect(changedPaths(normalizeVersion(again.fields), normalizeVersion(next))).toEqual([]);
    expect(changedPaths(normalizeVersion(live.fields), normalizeVersion(again.fields))).toEqual(['description', 'definition.temperature']);
    // The same version again: only the version's bookkeeping moves, which the fingerprint leaves out.
    d.handle(req('POST', '/agents/billing-support/versions', versionBody(next, marker)));
    const same = readAgent(d.handle(req('GET', '/agents/billing-support')).body as Record<string, unknown>);
    expect(same.version).toBe('3');
    expect(print(same)).toBe(print(again));
    expect(fingerprint(same.wire, [])).not.toBe(fingerprint(again.wire, []));
    expect(d.violations()).toEqual([]);
  });

  test('an agent without the marker reads as unmanaged', () => {
    const d = createFoundryAgentsDialect();
    const [agent] = d.seed([{ name: 'by-hand', definition: { kind: 'prompt', model: 'm' } }]);
    expect(readAgent(agent!)).toMatchObject({ marker: null, fields: { metadata: {}, description: null } });
  });
});
