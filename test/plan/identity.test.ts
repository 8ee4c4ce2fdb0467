import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ownExtraCopies } from '../../src/apply/settle.js';
import { decodeMarker, defaultNamespace, droppedMarkers, encodeMarker, keeperOf, LEGACY_MARKER_KEY, NAMESPACE_MAX, namespaceProblem } from '../../src/model/marker.js';
import { filledBlank, live } from './fixtures.js';
import { ASSISTANT } from '../../src/backends/assistants/kind.js';
import { copyDifference } from '../../src/plan/copies.js';
import { NormalizedSpecs } from '../../src/plan/normalized.js';

const differ = copyDifference(new NormalizedSpecs(ASSISTANT, 'openai'));

const schema = JSON.parse(readFileSync(new URL('../../schema/aac.schema.json', import.meta.url), 'utf8')) as {
  properties: { namespace: { pattern: string; maxLength: number } };
};

describe('the marker', () => {
  it('round-trips namespace and key, whatever the key holds, and keeps the user pairs apart', () => {
    for (const key of ['faq', 'a/b/c', 'with:colon', 'x'.repeat(512)]) {
      const metadata = { team: 'a', ...encodeMarker({ namespace: 'teams/a', key }) };
      expect(decodeMarker(metadata)).toEqual({ marker: { namespace: 'teams/a', key }, rest: { team: 'a' }, markers: encodeMarker({ namespace: 'teams/a', key }) });
    }
    expect(Object.keys(encodeMarker({ namespace: 'n'.repeat(NAMESPACE_MAX), key: 'k' }))[0]).toHaveLength(64);
  });

  it('reads the previous marker as legacy (no namespace), and prefers a namespaced marker', () => {
    expect(decodeMarker({ [LEGACY_MARKER_KEY]: 'faq' })).toEqual({ marker: { namespace: null, key: 'faq' }, rest: {}, markers: { [LEGACY_MARKER_KEY]: 'faq' } });
    const all = { [LEGACY_MARKER_KEY]: 'faq', 'aac@b': 'x', 'aac@a': 'y' };
    expect(decodeMarker(all)).toEqual({ marker: { namespace: 'a', key: 'y' }, rest: {}, markers: all });
    // A key with the marker's prefix but no valid namespace is aac's too (isMarkerKey), naming no owner.
    expect(decodeMarker({ 'aac@not valid': 'v' })).toEqual({ marker: null, rest: {}, markers: { 'aac@not valid': 'v' } });
  });

  it('a write of the metadata drops every marker pair but the namespace it keeps', () => {
    const all = { [LEGACY_MARKER_KEY]: 'faq', 'aac@b': 'x', 'aac@a': 'y' };
    expect(droppedMarkers(all, 'a')).toEqual({ [LEGACY_MARKER_KEY]: 'faq', 'aac@b': 'x' });
    expect(droppedMarkers(all, null)).toEqual(all);
    expect(droppedMarkers({}, null)).toEqual({});
  });
});

describe('namespaces', () => {
  const samples = ['.', 'a', 'team-a', 'teams/a/assistants', 'A.b_c-1', 'n'.repeat(60), '', 'n'.repeat(61), '/a', 'a/', 'a//b', '-a', 'a b', 'a:b', '..', 'a/.x'];
  it('follow one rule in the code and in aac.schema.json', () => {
    const pattern = new RegExp(schema.properties.namespace.pattern);
    expect(schema.properties.namespace.maxLength).toBe(NAMESPACE_MAX);
    for (const name of samples) {
      const bySchema = pattern.test(name) && name.length >= 1 && name.length <= NAMESPACE_MAX;
      expect(namespaceProblem(name) === undefined, name).toBe(bySchema);
    }
  });

  it('default to the path below the repository root, or . at the root', () => {
    expect(defaultNamespace('teams/a')).toEqual({ namespace: 'teams/a' });
    expect(defaultNamespace('')).toEqual({ namespace: '.' });
    expect(defaultNamespace('has space')).toHaveProperty('problem');
  });
});

describe('the keep rule', () => {
  it('keeps the oldest created_at, then the smallest id; an apply deletes only its own losing copies', () => {
    const a = { ...live('k', filledBlank('m'), 'asst_b'), createdAt: 10 };
    const b = { ...live('k', filledBlank('m'), 'asst_a'), createdAt: 10 };
    const c = { ...live('k', filledBlank('m'), 'asst_0'), createdAt: 11 };
    expect(keeperOf([a, b, c])).toBe(b);
    expect(keeperOf([c, a])).toBe(a);
    const all = [a, b, c];
    expect(ownExtraCopies([{ key: 'k', id: 'asst_b' }], all, 'test', differ)).toEqual({ extra: [{ key: 'k', id: 'asst_b', keeper: 'asst_a' }], differing: [] });
    expect(ownExtraCopies([{ key: 'k', id: 'asst_a' }], all, 'test', differ)).toEqual({ extra: [], differing: [] });
    // A copy that differs is never this apply's to give way to: its own copy stays, whatever is older.
    const other = { ...live('k', filledBlank('other-model'), 'asst_00'), createdAt: 1 };
    expect(ownExtraCopies([{ key: 'k', id: 'asst_b' }], [other, ...all], 'test', differ)).toEqual({ extra: [{ key: 'k', id: 'asst_b', keeper: 'asst_a' }], differing: [] });
    expect(ownExtraCopies([{ key: 'k', id: 'asst_b' }], [other, a], 'test', differ)).toEqual({ extra: [], differing: [{ key: 'k', id: 'asst_b', others: ['asst_00'] }] });
    // Copies in another namespace are not copies of this key.
    expect(ownExtraCopies([{ key: 'k', id: 'asst_0' }], [c, { ...a, namespace: 'other' }], 'test', differ)).toEqual({ extra: [], differing: [] });
  });
});
