// The pure parts of request validation: JSON paths and the prose-only limits.
import { expect, test } from 'vitest';
import { ApiError } from '../../src/emulator/errors.js';
import { checkMetadata, parseListQuery, validateBody } from '../../src/backends/assistants/emulator/request-validation.js';
import { paramPath } from '../../src/emulator/param-path.js';
import { swaggerToJsonSchema } from '../../src/backends/assistants/emulator/spec.js';

test('paramPath writes the API\'s JSON paths', () => {
  expect(paramPath(['tools', 3, 'function', 'name'])).toBe('tools[3].function.name');
  expect(paramPath(['tool_resources', 'code_interpreter', 'file_ids', '20'])).toBe('tool_resources.code_interpreter.file_ids[20]');
  expect(paramPath([])).toBe('');
});

test('metadata limits: 16 pairs, keys 64, values 512, exactly at the limit passes', () => {
  const sixteen = Object.fromEntries(Array.from({ length: 16 }, (_, i) => [`k${i}`.padEnd(64, 'x'), 'v'.repeat(512)]));
  expect(() => checkMetadata(sixteen)).not.toThrow();
  expect(() => checkMetadata({ ...sixteen, extra: 'v' })).toThrow(ApiError);
});

test('list query defaults', () => {
  expect(parseListQuery(new URLSearchParams())).toEqual({ limit: 20, order: 'desc' });
  expect(parseListQuery(new URLSearchParams('limit=100&order=asc&after=a&before=b'))).toEqual({ limit: 100, order: 'asc', after: 'a', before: 'b' });
});

test('a valid create passes in each schema', () => {
  expect(() => validateBody({ model: 'gpt-4o', tools: [{ type: 'function', function: { name: 'f', strict: true } }] }, 'create', { schema: 'openai', vectorStoresOnModify: false })).not.toThrow();
  expect(() => validateBody({ model: 'gpt-4o', name: null, tools: [{ type: 'function', function: { name: 'f', parameters: {} } }] }, 'create', { schema: 'foundry', vectorStoresOnModify: true })).not.toThrow();
});

test('swaggerToJsonSchema turns x-nullable into JSON Schema null', () => {
  expect(swaggerToJsonSchema({ type: 'string', 'x-nullable': true })).toEqual({ type: ['string', 'null'] });
  expect(swaggerToJsonSchema({ $ref: '#/definitions/X', 'x-nullable': true, description: 'd' })).toEqual({ anyOf: [{ $ref: '#/definitions/X' }, { type: 'null' }] });
  expect(swaggerToJsonSchema({ type: 'string', enum: ['a'], 'x-nullable': true })).toEqual({ type: ['string', 'null'], enum: ['a', null] });
  expect(swaggerToJsonSchema({ type: 'object', discriminator: 'type', properties: { a: { type: 'integer' } } })).toEqual({ type: 'object', properties: { a: { type: 'integer' } } });
});
