// One rule says which metadata keys are aac's (model/marker.ts isMarkerKey): every key with the
// marker's prefix, a valid namespace or not, and the legacy key. The live side's reading (what is
// the user's metadata) and the comparison (what a definition may hold, what is compared) agree on
// `aac@not valid`: aac's, never the user's, so a write that drops it says so in the plan.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { decodeMarker, isMarkerKey } from '../../src/model/marker.js';
import { kindForProvider } from '../../src/backends/registry.js';
import { harness, type Harness } from '../apply/helpers.js';
import { TEST_MARKER } from '../helpers/cli.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('which metadata keys are aac\'s', () => {
  it('decoding a live resource and normalizing for comparison agree, both ways', () => {
    const metadata = { [TEST_MARKER]: 'bot', 'aac@not valid': 'x', 'aac:key': 'old', 'aac-team': 'a', team: 'b' };
    const { marker, rest, markers } = decodeMarker(metadata);
    expect(marker).toEqual({ namespace: 'test', key: 'bot' });
    // aac's: out of the user's metadata, whatever follows the prefix.
    expect(Object.keys(markers).sort()).toEqual(Object.keys(metadata).filter(isMarkerKey).sort());
    expect(Object.keys(markers).sort()).toEqual(['aac:key', 'aac@not valid', TEST_MARKER].sort());
    // The user's: kept by decoding and by every kind's normalize.
    expect(rest).toEqual({ 'aac-team': 'a', team: 'b' });
    // The kinds whose normalize meets live metadata as written (Foundry's versions carry it whole).
    const assistant = kindForProvider('openai').normalize({ model: 'gpt-4o', metadata } as never, 'openai') as { metadata: Record<string, string> };
    expect(assistant.metadata).toEqual(rest);
    const agent = kindForProvider('foundry-agents').normalize({ name: 'a', definition: { kind: 'prompt', model: 'gpt-4o' }, metadata } as never, 'foundry-agents') as { metadata: Record<string, string> };
    expect(agent.metadata).toEqual(rest);
  });

  it('a live aac@not valid is never the user\'s: a metadata write that removes it says so, and removes it', async () => {
    h = await harness({ bot: { model: 'gpt-4o', metadata: { team: 'b' } } });
    h.emu.seed([{ model: 'gpt-4o', metadata: { [TEST_MARKER]: 'bot', 'aac@not valid': 'x', team: 'a' } }]);
    const plan = await h.cli(['plan', '--format', 'json']);
    expect(plan.code, plan.stderr).toBe(0);
    const change = JSON.parse(plan.stdout).resource_changes[0];
    expect(change.changed_fields).toEqual(['metadata']);
    expect(change.removed_markers).toEqual({ 'aac@not valid': 'x' });
    const text = await h.cli(['plan', '--no-color']);
    expect(text.stdout).toMatch(/- .?aac@not valid.? = "x" → null \(aac's prefix aac@ without a valid namespace: the metadata is sent whole with this namespace's marker alone\)/);
    expect((await h.cli(['apply', '-lock=false', '--yes'])).code).toBe(0);
    expect(h.emu.resources()[0]!.metadata).toEqual({ team: 'b', [TEST_MARKER]: 'bot' });
  });

  it('a definition may not hold one: it is aac\'s', async () => {
    h = await harness({ bot: { model: 'gpt-4o', metadata: { 'aac@not valid': 'x' } } });
    const r = await h.cli(['validate']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("metadata key 'aac@not valid' is reserved: aac's marker");
  });
});

describe('a definition holding one of aac\'s keys is refused on every backend', () => {
  it.each([
    ['openai', 'model: gpt-4o\n'],
    ['openai-agents', 'model: gpt-4o\nname: a\ninstructions: hi\n'],
    ['foundry-agents', 'name: a\ndefinition:\n  kind: prompt\n  model: gpt-4o\n'],
  ])('%s', async (provider, fields) => {
    h = await harness();
    mkdirSync(join(h.ws.root, 'defs'));
    writeFileSync(join(h.ws.root, 'defs', 'a.yaml'), `${fields}metadata:\n  "aac@team-b": a\n  "aac@not valid": x\n`);
    const r = await h.cli(['validate', '--dir', 'defs', '--provider', provider]);
    expect(r.code).toBe(1);
    expect(r.stdout.match(/reserved-metadata-key|is reserved: aac's marker/g)).toHaveLength(2);
  });
});
