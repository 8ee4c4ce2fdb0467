import { describe, expect, it } from 'vitest';
import { buildPlan } from '../../src/plan/build.js';
import { summarize } from '../../src/model/plan.js';
import { DEFAULTS, TARGET, desired, filledBlank, live } from './fixtures.js';
import { ASSISTANT } from '../../src/backends/assistants/kind.js';
import { FOUNDRY_AGENT } from '../../src/backends/foundry-agents/kind.js';

describe('buildPlan', () => {
  const liveSame = live('same', { ...filledBlank('gpt-4o'), name: 'Same' });
  const liveDrift = live('drift', { ...filledBlank('gpt-4o'), temperature: 1.4, metadata: { team: 'a' } });
  const orphan = live('gone', { ...filledBlank('gpt-4o'), name: 'Gone' });
  const byHand = live(null, filledBlank('gpt-4o'));
  const defs = [
    desired('same', { model: 'gpt-4o', name: 'Same' }),
    desired('drift', { model: 'gpt-4o', metadata: { team: 'a' } }),
    desired('brand-new', { model: 'gpt-4o', name: 'New', temperature: 0.2 }),
  ];

  it('makes one change per key, sorted by key, with summary counts and definition hashes', () => {
    const plan = buildPlan({ desired: defs, live: [liveSame, liveDrift, orphan, byHand], kind: ASSISTANT, target: TARGET, prune: false });
    expect(plan.changes.map((c) => [c.key, c.action, c.orphan])).toEqual([
      ['brand-new', 'create', false],
      ['drift', 'update', false],
      ['gone', 'no-op', true],
      ['same', 'no-op', false],
    ]);
    expect(plan.summary).toEqual({ create: 1, update: 1, delete: 0, unchanged: 1, orphans: 1, unmanaged: 1, other_namespaces: 0, legacy: 0, delete_versions: 0 });
    expect(plan.definitions).toEqual(Object.fromEntries(defs.map((d) => [d.key, d.sourceHash])));
    expect(plan.target).toEqual(TARGET);
    expect(Number.isNaN(Date.parse(plan.createdAt))).toBe(false);
  });

  it('gives the order and summary of a sort and a count of its changes, definitions in key order or not', () => {
    const copy = live('same', { ...filledBlank('gpt-4o'), name: 'Same' });
    const inOrder = [defs[2]!, defs[1]!, defs[0]!];
    for (const [given, prune] of [[inOrder, false], [inOrder, true], [defs, true], [[...inOrder].reverse(), false]] as const) {
      const plan = buildPlan({ desired: [...given], live: [liveSame, copy, liveDrift, orphan, byHand], kind: ASSISTANT, target: TARGET, prune });
      const keys = plan.changes.map((c) => c.key);
      expect(keys).toEqual([...keys].sort());
      // A key's kept copy before its extra one.
      expect(plan.changes.filter((c) => c.key === 'same').map((c) => c.duplicateOf ?? null)).toEqual([null, liveSame.id]);
      expect(plan.summary).toEqual(summarize(plan.changes, { unmanaged: 1, other_namespaces: 0, legacy: 0 }));
      // The extra copy is deleted with or without --prune; the orphan only with it.
      expect(plan.summary).toMatchObject({ create: 1, update: 1, delete: prune ? 2 : 1, orphans: 1 });
    }
    const ordered = buildPlan({ desired: inOrder, live: [liveSame, liveDrift], kind: ASSISTANT, target: TARGET, prune: false });
    expect(ordered.changes.map((c) => c.key)).toEqual(['brand-new', 'drift', 'same']);
  });

  it('sends only the changed fields on update, the reset (null) when the definition omits the field', () => {
    const plan = buildPlan({ desired: defs, live: [liveDrift], kind: ASSISTANT, target: TARGET, prune: false });
    const change = plan.changes.find((c) => c.key === 'drift')!;
    expect(change.changedFields).toEqual(['temperature']);
    expect(change.body).toEqual({ temperature: null });
    expect(change.patch).toEqual([{ op: 'replace', path: '/temperature', value: 1 }]);
    expect(change.liveFingerprint).toBe(liveDrift.fingerprint);
    expect(change.id).toBe(liveDrift.id);
  });

  it('sends metadata whole when one key changed, and tools whole', () => {
    const tools = [{ type: 'code_interpreter' as const }, { type: 'function' as const, function: { name: 'f' } }];
    const d = desired('k', { model: 'm', metadata: { a: '1', b: '2' }, tools });
    const l = live('k', { ...filledBlank('m'), metadata: { a: '1', b: 'old' }, tools: [{ type: 'code_interpreter' }] });
    const change = buildPlan({ desired: [d], live: [l], kind: ASSISTANT, target: TARGET, prune: false }).changes[0]!;
    expect(change.body).toEqual({ tools, metadata: { a: '1', b: '2' } });
  });

  it('clears the tool_resources lists the definition dropped with explicit empty lists', () => {
    const d = desired('k', { model: 'm', tools: [{ type: 'code_interpreter' }, { type: 'file_search' }], tool_resources: { file_search: { vector_store_ids: ['vs_1'] } } });
    const l = live('k', {
      ...filledBlank('m'),
      tools: [{ type: 'code_interpreter' }, { type: 'file_search' }],
      tool_resources: { code_interpreter: { file_ids: ['file-1'] }, file_search: { vector_store_ids: ['vs_1'] } },
    });
    const change = buildPlan({ desired: [d], live: [l], kind: ASSISTANT, target: TARGET, prune: false }).changes[0]!;
    expect(change.changedFields).toEqual(['tool_resources']);
    expect(change.body).toEqual({ tool_resources: { code_interpreter: { file_ids: [] }, file_search: { vector_store_ids: ['vs_1'] } } });
    const omitted = desired('k', { model: 'm', tools: [{ type: 'code_interpreter' }, { type: 'file_search' }] });
    const cleared = buildPlan({ desired: [omitted], live: [l], kind: ASSISTANT, target: TARGET, prune: false }).changes[0]!;
    expect(cleared.body).toEqual({ tool_resources: { code_interpreter: { file_ids: [] }, file_search: { vector_store_ids: [] } } });
  });

  it('creates with the full desired spec', () => {
    const plan = buildPlan({ desired: defs, live: [], kind: ASSISTANT, target: TARGET, prune: false });
    const create = plan.changes.find((c) => c.key === 'brand-new')!;
    expect(create).toMatchObject({ id: null, before: null, liveFingerprint: null, file: 'assistants/brand-new.yaml' });
    expect(create.body).toEqual({ model: 'gpt-4o', name: 'New', temperature: 0.2 });
    expect(create.changedFields).toEqual(['model', 'name', 'temperature']);
    expect(create.fieldChanges[0]).toEqual({ field: 'model', before: undefined, after: 'gpt-4o' });
  });

  it('deletes orphans only with prune', () => {
    const plan = buildPlan({ desired: [], live: [orphan, byHand], kind: ASSISTANT, target: TARGET, prune: true });
    expect(plan.changes).toHaveLength(1);
    expect(plan.changes[0]).toMatchObject({ key: 'gone', action: 'delete', orphan: true, after: null, body: {}, patch: [] });
    expect(plan.changes[0]!.changedFields).toEqual(['model', 'name']);
    expect(plan.summary).toMatchObject({ delete: 1, orphans: 1, unmanaged: 1, other_namespaces: 0, legacy: 0, delete_versions: 0 });
  });

  it('adopts a pinned assistant by sending its metadata whole, even when nothing else differs', () => {
    const byHandSame = live(null, { ...filledBlank('m'), name: 'Hand' }, 'asst_hand');
    const d = desired('hand', { model: 'm', name: 'Hand', metadata: { team: 'x' } }, { id: 'asst_hand' });
    const plainSame = live(null, { ...filledBlank('m'), metadata: { team: 'x' } }, 'asst_plain');
    const d2 = desired('plain', { model: 'm', metadata: { team: 'x' } }, { id: 'asst_plain' });
    const plan = buildPlan({ desired: [d, d2], live: [byHandSame, plainSame], kind: ASSISTANT, target: TARGET, prune: false });
    expect(plan.changes[0]).toMatchObject({ key: 'hand', action: 'update', adopt: true, changedFields: ['metadata'], body: { metadata: { team: 'x' } } });
    expect(plan.changes[1]).toMatchObject({ key: 'plain', action: 'update', adopt: true, changedFields: [], body: { metadata: { team: 'x' } } });
    expect(plan.summary.update).toBe(2);
  });
});

describe('buildPlan: the bodies it holds', () => {
  const FOUNDRY_TARGET = { ...TARGET, backend: 'foundry-agents', provider: 'foundry-agents' };
  const agent = (instructions: string, temperature: number) => ({ name: 'triage', metadata: { team: 'a' }, definition: { kind: 'prompt', model: 'gpt-4o-mini', instructions, temperature } });

  it('holds no body for an unchanged definition, even of a kind whose update sends the whole version', () => {
    const d = desired('triage', agent('Answer politely.', 0.5) as never);
    const same = buildPlan({ desired: [d], live: [live('triage', { ...agent('Answer politely.', 0.5), description: null } as never)], kind: FOUNDRY_AGENT, target: FOUNDRY_TARGET, prune: false });
    expect(same.changes.map((c) => [c.action, c.body])).toEqual([['no-op', {}]]);
    const drifted = buildPlan({ desired: [d], live: [live('triage', { ...agent('Answer politely.', 0.9), description: null } as never)], kind: FOUNDRY_AGENT, target: FOUNDRY_TARGET, prune: false });
    expect(drifted.changes.map((c) => [c.action, c.body])).toEqual([['update', { description: null, metadata: { team: 'a' }, definition: agent('Answer politely.', 0.5).definition }]]);
  });
  // Version ids are strings whose format the API leaves open (AgentVersionObject.version): that a
  // change makes a version, and which old ones retention deletes, never depends on their form.
  it.each([
    ['whole numbers', ['1', '2', '3'], { from: '3', to: null }],
    ['another form', ['v1', 'v2', 'v3'], { from: 'v3', to: null }],
  ])('a new version after ids of %s: named, and counted among the versions kept', (_form, versions, version) => {
    const d = desired('triage', agent('Answer politely.', 0.5) as never);
    const drifted = { ...live('triage', { ...agent('Answer politely.', 0.9), description: null } as never), version: versions.at(-1)!, versions };
    const plan = buildPlan({ desired: [d], live: [drifted], kind: FOUNDRY_AGENT, target: FOUNDRY_TARGET, prune: false, retainVersions: 2 });
    expect(plan.changes.map((c) => [c.version, c.deleteVersions])).toEqual([[version, versions.slice(0, 2)]]);
  });
});
