// What a plan reads after the listing for the records aac keeps (commands/live-reads.ts
// readRecorded), against the emulator: a plan whose definitions rely on no record sends no read
// and gets the listing back as it is (the same list: nothing copied at 10,000 resources); one that
// relies on a record reads that store, once, and marks the resource whose store is gone.
import { afterEach, expect, it } from 'vitest';
import { createBackend } from '../../src/backends/registry.js';
import { readRecorded } from '../../src/commands/live-reads.js';
import type { Definition } from '../../src/model/definition.js';
import { NormalizedSpecs } from '../../src/plan/normalized.js';
import { API_KEY, apiEnv, harness, type Harness } from '../apply/helpers.js';
import { TEST_NAMESPACE } from '../helpers/cli.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const helped = { model: 'gpt-4o', tools: [{ type: 'file_search' }], tool_resources: { file_search: { vector_stores: [{ file_ids: ['file-1'] }] } } };
const plain = { model: 'gpt-4o' };

/** A loaded definition of `key` with `spec`, as the loader gives it (only what the reads look at matters). */
const definition = (key: string, spec: Record<string, unknown>): Definition => ({
  key,
  spec,
  movedFrom: [],
  file: `assistants/${key}.yaml`,
  sourceHash: key,
  locate: () => ({ file: `assistants/${key}.yaml`, line: 1, column: 1 }),
});

it('reads no store, and gives the listing back as it is, unless a definition relies on a record; one that does reads its store once', async () => {
  h = await harness({ helped, plain });
  const applied = await h.cli(['apply', '-lock=false', '--yes']);
  expect(applied.code, applied.stdout + applied.stderr).toBe(0);
  const backend = await createBackend({ config: { provider: 'openai', options: {} }, env: apiEnv(h.emu.url) });
  const live = await backend.listAll();
  expect(live.map((l) => l.key).sort()).toEqual(['helped', 'plain']);
  const reads = () => h!.emu.stats().byRoute['GET /vector_stores/{id}'] ?? 0;
  const read = (desired: Definition[]) => readRecorded(backend, live, [TEST_NAMESPACE], desired, new NormalizedSpecs(backend.kind, 'openai'), 4);
  const before = h.emu.stats().total;

  // The helped assistant carries a record, but no definition here takes it (an orphan), or the
  // one that does names its store by id, or another namespace's marker is on it: nothing is read.
  expect(await read([definition('plain', plain)])).toBe(live);
  const store = (live.find((l) => l.key === 'helped')!.spec as { tool_resources: { file_search: { vector_store_ids: string[] } } }).tool_resources.file_search.vector_store_ids[0]!;
  expect(await read([definition('helped', { ...plain, tools: [{ type: 'file_search' }], tool_resources: { file_search: { vector_store_ids: [store] } } }), definition('plain', plain)])).toBe(live);
  expect(await readRecorded(backend, live, ['elsewhere'], [definition('helped', helped)], new NormalizedSpecs(backend.kind, 'openai'), 4)).toBe(live);
  expect(h.emu.stats().total).toBe(before);

  // Relied on: one read, and the store is there, so the listing comes back as it is.
  const all = [definition('helped', helped), definition('plain', plain)];
  expect(await read(all)).toBe(live);
  expect(reads()).toBe(1);
  expect(h.emu.stats().total).toBe(before + 1);

  // Deleted on the host: the resource comes back marked (a new object in a new list), the others as they were.
  const deleted = await fetch(`${h.emu.url}/vector_stores/${store}`, { method: 'DELETE', headers: { authorization: `Bearer ${API_KEY}`, 'openai-beta': 'assistants=v2' } });
  expect(deleted.status).toBe(200);
  const marked = await read(all);
  expect(reads()).toBe(2);
  expect(marked).not.toBe(live);
  expect(marked.find((l) => l.key === 'helped')).toMatchObject({ recordGone: { id: store } });
  expect(marked.find((l) => l.key === 'helped')!.recordGone!.expired).toBeUndefined();
  expect(marked.find((l) => l.key === 'plain')).toBe(live.find((l) => l.key === 'plain'));
  expect(live.some((l) => l.recordGone !== undefined)).toBe(false);
});
