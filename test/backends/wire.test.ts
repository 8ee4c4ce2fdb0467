// The pure parts: wire mapping, redaction, the server-defaults table.
import { describe, expect, it } from 'vitest';
import { SERVER_DEFAULTS } from '../../src/backends/assistants/server-defaults.js';
import {
  fromWire,
  leftoverMetadataKeys,
  toCreateBody,
  toUpdateBody,
  type WireAssistant,
} from '../../src/backends/assistants/wire.js';
import { TEST_MARKER as MARKER_KEY } from '../helpers/cli.js';
import { PROVIDERS } from '../../src/backends/assistants/providers.js';
import { redact, redactHeaders } from '../../src/util/redact.js';

/** This test's marker: namespace 'test', key 'k'. */
const K = { namespace: 'test', key: 'k' };

const WIRE: WireAssistant = {
  id: 'asst_abc',
  object: 'assistant',
  created_at: 1_700_000_000,
  name: 'Triage',
  description: null,
  model: 'gpt-4o',
  instructions: null,
  tools: [{ type: 'function', function: { name: 'f', strict: false, parameters: { type: 'object', properties: {} } } }],
  top_p: 1,
  temperature: 1,
  reasoning_effort: null,
  tool_resources: {},
  metadata: { team: 'support', [MARKER_KEY]: 'support/triage' },
  response_format: 'auto',
  hybrid_future_field: { x: 1 },
};

describe('fromWire', () => {
  it('takes the marker out of metadata into key and ignores unknown fields', () => {
    const live = fromWire(WIRE);
    expect(live.id).toBe('asst_abc');
    expect(live.key).toBe('support/triage');
    expect(live.createdAt).toBe(1_700_000_000);
    expect(live.spec.metadata).toEqual({ team: 'support' });
    expect(live.spec).not.toHaveProperty('hybrid_future_field');
    expect(live.spec).not.toHaveProperty('object');
    expect(live.spec.name).toBe('Triage');
    expect(live.spec.description).toBeNull();
  });

  it('gives key null to an unmanaged assistant', () => {
    expect(fromWire({ ...WIRE, metadata: { team: 'x' } }).key).toBeNull();
    expect(fromWire({ ...WIRE, metadata: {} }).key).toBeNull();
  });

  it('fingerprints the canonical JSON: key order does not matter, any value change does', () => {
    const reordered = Object.fromEntries(Object.entries(WIRE).reverse()) as WireAssistant;
    expect(fromWire(reordered).fingerprint).toBe(fromWire(WIRE).fingerprint);
    expect(fromWire({ ...WIRE, temperature: 0.5 }).fingerprint).not.toBe(fromWire(WIRE).fingerprint);
    expect(fromWire({ ...WIRE, hybrid_future_field: { x: 2 } }).fingerprint).not.toBe(fromWire(WIRE).fingerprint);
    expect(fromWire(WIRE).fingerprint).toMatch(/^[0-9a-f]{64}$/);
  });
});

describe('bodies', () => {
  it('sends a create with the fields set and the marker added', () => {
    expect(toCreateBody({ model: 'gpt-4o', name: 'n', temperature: undefined }, K)).toEqual({
      model: 'gpt-4o',
      name: 'n',
      metadata: { [MARKER_KEY]: 'k' },
    });
    expect(toCreateBody({ model: 'm', metadata: { a: '1' } }, K).metadata).toEqual({ a: '1', [MARKER_KEY]: 'k' });
  });

  it('sends an update with only the fields in the body; metadata whole with the marker', () => {
    expect(toUpdateBody({ name: 'n' }, K)).toEqual({ name: 'n' });
    expect(toUpdateBody({ metadata: { a: '1' }, tools: [] }, K)).toEqual({ tools: [], metadata: { a: '1', [MARKER_KEY]: 'k' } });
    expect(toUpdateBody({ metadata: null }, K)).toEqual({ metadata: { [MARKER_KEY]: 'k' } });
    expect(toUpdateBody({ description: null }, K)).toEqual({ description: null });
  });

  it('finds the metadata keys a merging server kept', () => {
    expect(leftoverMetadataKeys({ a: '1', [MARKER_KEY]: 'k' }, { ...WIRE, metadata: { a: '1', b: '2', [MARKER_KEY]: 'k' } })).toEqual(['b']);
    expect(leftoverMetadataKeys({ a: '1' }, { ...WIRE, metadata: { a: '1' } })).toEqual([]);
  });
});

describe('redact', () => {
  it('replaces exact secrets, bearer tokens, sk- keys, credential headers and URL userinfo', () => {
    const text = [
      'token opaque-secret-value here',
      'Authorization: Bearer abc.def.ghi',
      "Incorrect API key provided: sk-proj-****************************1234.",
      'api-key=zzz123&x=1',
      'x-portkey-virtual-key: vk-1234',
      'https://user:pa55word@host/v1',
    ].join('\n');
    const out = redact(text, ['opaque-secret-value']);
    for (const leak of ['opaque-secret-value', 'abc.def.ghi', 'sk-proj', '1234.', 'zzz123', 'vk-1234', 'pa55word']) {
      expect(out).not.toContain(leak);
    }
    expect(out).toContain('&x=1');
    expect(out).toContain('https://[redacted]@host/v1');
  });

  it('replaces a longer secret whole when it contains a shorter one', () => {
    expect(redact('key=abcd1234efgh', ['abcd', 'abcd1234efgh'])).not.toMatch(/1234|efgh/);
  });

  it('leaves ordinary text alone', () => {
    const text = 'GET http://127.0.0.1:8080/v1/assistants?limit=100&order=desc → 200 (3 ms, attempt 1)';
    expect(redact(text, [])).toBe(text);
  });

  it('hides secret header values in header dumps', () => {
    const line = redactHeaders([
      ['Authorization', 'Bearer t0ken'],
      ['OpenAI-Beta', 'assistants=v2'],
      ['x-portkey-api-key', 'pk'],
      ['api-key', 'azure'],
    ]);
    expect(line).toBe('authorization=[redacted] openai-beta=assistants=v2 x-portkey-api-key=[redacted] api-key=[redacted]');
  });
});

describe('server defaults', () => {
  it('has an entry with a source for every filled field, for every provider', () => {
    for (const provider of PROVIDERS) {
      const d = SERVER_DEFAULTS[provider];
      for (const [field, entry] of Object.entries(d.fields)) {
        expect(entry!.source, field).toMatch(/ASSISTANTS\.md|AGENTS\.md/);
      }
      expect(d.fields.temperature!.value).toBe(1);
      expect(d.fields.response_format!.value).toBe('auto');
      expect(d.functionParameters.value).toEqual({ type: 'object', properties: {} });
      expect(d.fileSearchRankingOptions.value).toEqual({ ranker: 'auto', score_threshold: 0 });
      expect(d.serverResolved.value.autoRanker).toBe('auto');
    }
  });
});
