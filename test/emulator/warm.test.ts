// An emulator started with `warm` compiles its request validators before it listens (Dialect.warm),
// so no request of a timed run (the bench's) waits for a compile. Asserted by what is compiled
// afterwards: nothing. The file has a process of its own (vitest.config.ts OWN_PROCESS), so its
// validators start uncompiled; responses are not checked (their validators are not the requests',
// and are compiled only for an emulator that checks them).
import { Ajv2020 } from 'ajv/dist/2020.js';
import { afterEach, expect, test, vi } from 'vitest';
import { validateBody, validateVectorStoreBody, warmValidators, type ValidationRules } from '../../src/backends/assistants/emulator/request-validation.js';
import { call, emulator } from './helpers.js';

afterEach(() => void vi.restoreAllMocks());

// First: nothing is compiled yet, so a warm that did not reach the dialect would show here.
test('an emulator started warm answers its first create without compiling, and one served with another API too', async () => {
  const openai = await emulator({ validateResponses: false, warm: true });
  const foundry = await emulator({ provider: 'foundry,foundry-agents', validateResponses: false, warm: true });
  const compile = vi.spyOn(Ajv2020.prototype, 'compile');
  expect((await call(openai, 'POST', '/assistants', { model: 'gpt-4o', name: 'a' })).status).toBe(200);
  expect((await call(foundry, 'POST', '/assistants?api-version=v1', { model: 'gpt-4o', name: 'a' }, { authorization: 'Bearer entra-token' })).status).toBe(200);
  expect(compile).not.toHaveBeenCalled();
});

test("a Foundry agents emulator that does not check its responses compiles no response's validator, and one that does, its routes'", async () => {
  const compile = vi.spyOn(Ajv2020.prototype, 'compile');
  // A response's schemas point into the published document (foundry-agents/spec.ts), a request's into the closed one.
  const responses = () => compile.mock.calls.filter(([schema]) => JSON.stringify(schema).includes('"foundry-agents#/$defs/')).length;
  const answers = async (emu: Awaited<ReturnType<typeof emulator>>) => [
    (await call(emu, 'POST', '/agents?api-version=v1', { name: 'a', definition: { kind: 'prompt', model: 'gpt-4o' } })).status,
    (await call(emu, 'GET', '/agents?api-version=v1')).status,
    (await call(emu, 'GET', '/agents/missing?api-version=v1')).status,
  ];
  expect(await answers(await emulator({ provider: 'foundry-agents', validateResponses: false }))).toEqual([200, 200, 404]);
  expect(responses()).toBe(0);
  expect(await answers(await emulator({ provider: 'foundry-agents' }))).toEqual([200, 200, 404]);
  expect(responses()).toBeGreaterThan(0);
});

/** Bodies that reach every validator validateBody and validateVectorStoreBody pick (valid or not: only what they compile is asked). */
function checkEveryKind(rules: ValidationRules): void {
  const tools = [{ type: 'code_interpreter' }, { type: 'file_search' }, { type: 'function', function: { name: 'f' } }];
  const bodies: Array<[unknown, 'create' | 'modify']> = [
    [{ model: 'gpt-4o', tools, response_format: { type: 'json_schema', json_schema: { name: 's' } } }, 'create'],
    [{ model: 'gpt-4o', tools, response_format: { type: 'text' } }, 'modify'],
    [{ model: 'gpt-4o', response_format: { type: 'json_object' } }, 'create'],
  ];
  for (const [body, op] of bodies) {
    try {
      validateBody(body, op, rules);
    } catch {
      // A refusal is the API's 400: still checked by the compiled validators.
    }
  }
  validateVectorStoreBody({ name: 'docs' }, rules);
  validateVectorStoreBody({ name: 'docs' }, rules, 'modifyVectorStore');
}

test('once warmed for a host, checking any kind of body compiles nothing more', () => {
  const hosts: ValidationRules[] = [{ schema: 'openai', vectorStoresOnModify: false }, { schema: 'openai', vectorStoresOnModify: true }, { schema: 'foundry', vectorStoresOnModify: true }];
  for (const rules of hosts) warmValidators(rules);
  const compile = vi.spyOn(Ajv2020.prototype, 'compile');
  for (const rules of hosts) checkEveryKind(rules);
  expect(compile).not.toHaveBeenCalled();
});
