// Removing a metadata key converges whether the server replaces the map or merges into it.
import { afterEach, describe, expect, it } from 'vitest';
import { METADATA_MODES, type RunningEmulator } from '../../src/emulator/index.js';
import { TEST_MARKER as MARKER_KEY } from '../helpers/cli.js';
import { connect, emulator } from './helpers.js';

let emu: RunningEmulator | undefined;
afterEach(async () => {
  await emu?.close();
  emu = undefined;
});

describe.each(METADATA_MODES)('metadata in %s mode', (metadataMode) => {
  it('removes a key left out of the desired map, keeping the marker', async () => {
    emu = await emulator('openai', { metadataMode });
    const { backend } = await connect(emu);
    const created = await backend.create({ model: 'gpt-4o', metadata: { team: 'support', tier: 'gold' } }, { namespace: 'test', key: 'k' });

    const updated = await backend.update(created.id, { metadata: { team: 'care' } }, { namespace: 'test', key: 'k' });
    expect(updated.spec.metadata).toEqual({ team: 'care' });
    expect(updated.key).toBe('k');
    expect(emu.resources()[0]!.metadata).toEqual({ team: 'care', [MARKER_KEY]: 'k' });
    // A replacing server needs one modify; a merging one a second with the removals.
    expect(emu.stats().byRoute['POST /assistants/{id}']).toBe(metadataMode === 'merge' ? 2 : 1);

    const [live] = await backend.listAll();
    expect(live!.spec.metadata).toEqual({ team: 'care' });
  });

  it('empties the map when the definition has none (null), marker kept', async () => {
    emu = await emulator('openai', { metadataMode });
    const { backend } = await connect(emu);
    const created = await backend.create({ model: 'gpt-4o', metadata: { a: '1', b: '2' } }, { namespace: 'test', key: 'k' });
    const updated = await backend.update(created.id, { metadata: null }, { namespace: 'test', key: 'k' });
    expect(updated.spec.metadata).toEqual({});
    expect(emu.resources()[0]!.metadata).toEqual({ [MARKER_KEY]: 'k' });
  });

  it('adds the marker to an adopted assistant without touching fields not in the body', async () => {
    emu = await emulator('openai', { metadataMode });
    const [seeded] = emu.seed([{ model: 'gpt-4o', name: 'Hand made', metadata: { owner: 'ana' } }]);
    const { backend } = await connect(emu);
    const updated = await backend.update(seeded!.id as string, { metadata: { owner: 'ana' } }, { namespace: 'test', key: 'adopted' });
    expect(updated.key).toBe('adopted');
    expect(updated.spec.name).toBe('Hand made');
    expect(emu.stats().byRoute['POST /assistants/{id}']).toBe(1);
  });
});
