// List pages: limit, order, after, before, and the page envelope.
import { describe, expect, test } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/index.js';
import { call, emulator } from './helpers.js';

async function five(): Promise<{ emu: RunningEmulator; ids: string[] }> {
  const emu = await emulator();
  // Two share a created_at second: ties keep insertion order.
  const ids = emu.seed([
    { model: 'm', created_at: 100 }, { model: 'm', created_at: 200 }, { model: 'm', created_at: 200 },
    { model: 'm', created_at: 300 }, { model: 'm', created_at: 400 },
  ]).map((a) => a.id as string);
  return { emu, ids };
}

const idsOf = (body: { data: Array<{ id: string }> }): string[] => body.data.map((a) => a.id);

describe('list', () => {
  test('defaults: desc by created_at, limit 20, ties newest-inserted first', async () => {
    const { emu, ids } = await five();
    const r = await call(emu, 'GET', '/assistants');
    expect(idsOf(r.body)).toEqual([...ids].reverse());
    expect(r.body).toMatchObject({ object: 'list', first_id: ids[4], last_id: ids[0], has_more: false });
  });

  test('asc with limit and after walks pages like the SDK does', async () => {
    const { emu, ids } = await five();
    const p1 = await call(emu, 'GET', '/assistants?order=asc&limit=2');
    expect(idsOf(p1.body)).toEqual(ids.slice(0, 2));
    expect(p1.body.has_more).toBe(true);
    const p2 = await call(emu, 'GET', `/assistants?order=asc&limit=2&after=${p1.body.last_id}`);
    expect(idsOf(p2.body)).toEqual(ids.slice(2, 4));
    const p3 = await call(emu, 'GET', `/assistants?order=asc&limit=2&after=${p2.body.last_id}`);
    expect(idsOf(p3.body)).toEqual(ids.slice(4));
    expect(p3.body.has_more).toBe(false);
  });

  test('before gives the items just before the cursor', async () => {
    const { emu, ids } = await five();
    const r = await call(emu, 'GET', `/assistants?order=asc&limit=2&before=${ids[4]}`);
    expect(idsOf(r.body)).toEqual(ids.slice(2, 4));
    expect(r.body.has_more).toBe(true);
  });

  test('after and before together bound the page on both sides', async () => {
    const { emu, ids } = await five();
    const r = await call(emu, 'GET', `/assistants?order=desc&after=${ids[4]}&before=${ids[0]}`);
    expect(idsOf(r.body)).toEqual([ids[3], ids[2], ids[1]]);
    expect(r.body.has_more).toBe(false);
    const limited = await call(emu, 'GET', `/assistants?order=desc&limit=2&after=${ids[4]}&before=${ids[0]}`);
    expect(idsOf(limited.body)).toEqual([ids[3], ids[2]]);
    expect(limited.body.has_more).toBe(true);
  });

  test('an empty page has first_id and last_id null', async () => {
    const emu = await emulator();
    const r = await call(emu, 'GET', '/assistants');
    expect(r.body).toEqual({ object: 'list', data: [], first_id: null, last_id: null, has_more: false });
  });

  test('limit 100 is accepted and caps the page', async () => {
    const emu = await emulator();
    emu.seed(Array.from({ length: 101 }, () => ({ model: 'm' })));
    const r = await call(emu, 'GET', '/assistants?limit=100');
    expect(r.body.data).toHaveLength(100);
    expect(r.body.has_more).toBe(true);
  });

  test('deleted assistants leave the list', async () => {
    const { emu, ids } = await five();
    const d = await call(emu, 'DELETE', `/assistants/${ids[1]}`);
    expect(d.body).toEqual({ id: ids[1], object: 'assistant.deleted', deleted: true });
    expect(idsOf((await call(emu, 'GET', '/assistants?order=asc')).body)).toEqual([ids[0], ids[2], ids[3], ids[4]]);
    expect((await call(emu, 'DELETE', `/assistants/${ids[1]}`)).status).toBe(404);
  });

  test('a cursor whose assistant was deleted between pages is a 400 on that parameter; the others still page from where they stand', async () => {
    const { emu, ids } = await five();
    const second = await call(emu, 'GET', `/assistants?order=asc&limit=2&after=${ids[1]}`);
    expect(idsOf(second.body)).toEqual(ids.slice(2, 4));
    await call(emu, 'DELETE', `/assistants/${ids[1]}`);
    for (const param of ['after', 'before']) {
      const r = await call(emu, 'GET', `/assistants?order=asc&limit=2&${param}=${ids[1]}`);
      expect(r.status).toBe(400);
      expect(r.body.error).toMatchObject({ param, code: 'invalid_value', message: `Invalid '${param}': no assistant found with id '${ids[1]}'.` });
    }
    expect(idsOf((await call(emu, 'GET', `/assistants?order=asc&limit=2&after=${ids[0]}`)).body)).toEqual([ids[2], ids[3]]);
    expect(idsOf((await call(emu, 'GET', `/assistants?order=desc&before=${ids[2]}`)).body)).toEqual([ids[4], ids[3]]);
  });

  test('a page lists each assistant as it is now, as a retrieve shows it: after a modify and a drift', async () => {
    const { emu, ids } = await five();
    await call(emu, 'GET', '/assistants');
    await call(emu, 'POST', `/assistants/${ids[2]}`, { name: 'renamed', temperature: 0.5 });
    emu.mutate(ids[3]!, { instructions: 'changed by hand' });
    const page = (await call(emu, 'GET', '/assistants?order=asc')).body;
    for (const [i, id] of ids.entries()) expect(page.data[i]).toEqual((await call(emu, 'GET', `/assistants/${id}`)).body);
    expect(page.data[2]).toMatchObject({ name: 'renamed', temperature: 0.5 });
    expect(page.data[3]).toMatchObject({ instructions: 'changed by hand' });
  });
});

describe('paging over any store (property)', () => {
  test('walking with after visits every assistant once, in order; before walks back the same way', async () => {
    const { default: fc } = await import('../helpers/fast-check.js');
    const { Store } = await import('../../src/backends/assistants/emulator/store.js');
    const { OPENAI_FILLS } = await import('../../src/backends/assistants/emulator/server-fills.js');
    fc.assert(fc.property(
      fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 40 }),
      fc.integer({ min: 1, max: 7 }),
      fc.constantFrom('asc' as const, 'desc' as const),
      (createdAts, limit, order) => {
        const store = new Store();
        const ids = createdAts.map((t, i) => store.seed({ model: 'm' }, OPENAI_FILLS, { created_at: t }, i).id as string);
        const expected = (order === 'asc' ? store.all() : store.all().reverse()).map((a) => a.id);
        expect(new Set(expected)).toEqual(new Set(ids));
        const forward: unknown[] = [];
        let after: string | undefined;
        for (;;) {
          const page = store.list({ limit, order, ...(after ? { after } : {}) });
          forward.push(...page.ids);
          // Each item's text is the stored assistant as a retrieve returns it.
          expect(page.texts.map((t) => JSON.parse(t.toString()))).toEqual(page.ids.map((id) => store.get(id)));
          if (!page.hasMore) break;
          after = page.ids.at(-1)!;
        }
        expect(forward).toEqual(expected);
        if (expected.length === 0) return;
        const backward: unknown[] = [expected.at(-1)];
        let before = expected.at(-1) as string;
        for (;;) {
          const page = store.list({ limit, order, before });
          backward.unshift(...page.ids);
          if (!page.hasMore) break;
          before = page.ids[0]!;
        }
        expect(backward).toEqual(expected);
      },
    ));
  });
});
