// The official openai SDK (v6, client.beta.assistants) as a real client of the emulator.
import OpenAI, { APIConnectionError, NotFoundError } from 'openai';
import { expect, test } from 'vitest';
import { emulator } from './helpers.js';

function client(url: string, maxRetries = 0): OpenAI {
  return new OpenAI({ apiKey: 'sk-test', baseURL: url, maxRetries });
}

test('create, retrieve, update, list and delete through the SDK', async () => {
  const emu = await emulator();
  const sdk = client(emu.url);
  const created = await sdk.beta.assistants.create({
    model: 'gpt-4o',
    name: 'Support',
    tools: [{ type: 'function', function: { name: 'lookup' } }],
    metadata: { 'aac:key': 'support' },
  });
  expect(created.id).toMatch(/^asst_[A-Za-z0-9]{24}$/);
  expect(created.tools).toEqual([{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: {} }, strict: false } }]);

  const got = await sdk.beta.assistants.retrieve(created.id);
  expect(got).toEqual(created);

  const updated = await sdk.beta.assistants.update(created.id, { instructions: 'Be brief.' });
  expect(updated.instructions).toBe('Be brief.');
  expect(updated.name).toBe('Support');

  const listed = await sdk.beta.assistants.list();
  expect(listed.data.map((a) => a.id)).toEqual([created.id]);

  const deleted = await sdk.beta.assistants.delete(created.id);
  expect(deleted).toEqual({ id: created.id, object: 'assistant.deleted', deleted: true });
  await expect(sdk.beta.assistants.retrieve(created.id)).rejects.toBeInstanceOf(NotFoundError);
});

test('auto-pagination walks more than 100 assistants, newest first', async () => {
  const emu = await emulator();
  const seeded = emu.seed(Array.from({ length: 130 }, (_, i) => ({ model: 'gpt-4o', name: `a${i}` })));
  const seen: string[] = [];
  for await (const a of client(emu.url).beta.assistants.list({ limit: 100 })) seen.push(a.id);
  expect(seen).toEqual(seeded.map((a) => a.id).reverse());
  expect(emu.stats().byRoute['GET /assistants']).toBe(2);
});

test('a 404 surfaces as NotFoundError with the API message', async () => {
  const emu = await emulator();
  const err = await client(emu.url).beta.assistants.retrieve('asst_missing').catch((e: unknown) => e);
  expect(err).toBeInstanceOf(NotFoundError);
  expect((err as NotFoundError).message).toContain("No assistant found with id 'asst_missing'.");
});

test('a 429 is retried by the SDK after retry-after', async () => {
  // A one-second window keeps retry-after at 1 s, so the SDK's wait stays short.
  const emu = await emulator({ rateLimitPerMinute: 1, rateLimitWindowMs: 1000 });
  const sdk = client(emu.url, 2);
  await sdk.beta.assistants.create({ model: 'gpt-4o' });
  const second = await sdk.beta.assistants.create({ model: 'gpt-4o', name: 'after the wait' });
  expect(second.name).toBe('after the wait');
  expect(emu.stats().byStatus).toEqual({ '200': 2, '429': 1 });
  expect(emu.stats().faults).toEqual({ rate_limited: 1 });
  expect(emu.resources()).toHaveLength(2);
});

test('commit-then-drop: the SDK sees a connection error and its blind retry makes a duplicate', async () => {
  const emu = await emulator({ commitThenDropRate: 1 });
  const err = await client(emu.url, 1).beta.assistants.create({ model: 'gpt-4o', name: 'once' }).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(APIConnectionError);
  // Both attempts were committed: exactly the duplicate a reconciler must avoid.
  expect(emu.resources().map((a) => a.name)).toEqual(['once', 'once']);
  expect(emu.stats().faults).toEqual({ dropped: 2 });
});
