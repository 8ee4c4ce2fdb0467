// A value checked against an API schema outside a request (a --state file's item): the first place
// the schema refuses, as a path and what is wrong there, for a message at the file's line and column.
import type { ErrorObject, ValidateFunction } from 'ajv';
import type { ItemProblem } from './state-file.js';
import { unknownProperty } from './closed-schema.js';
import { pointerTokens } from '../util/json-pointer.js';
import { paramPath } from './param-path.js';

/** What ajv's error `e` says, as the end of a sentence about the value at its path. */
function said(e: ErrorObject): { at: string[]; what: string } {
  const at = pointerTokens(e.instancePath);
  const unknown = unknownProperty(e.keyword, e.params as Record<string, unknown>);
  if (unknown !== undefined) return { at: [...at, unknown], what: "is not a field of the API's object" };
  if (e.keyword === 'required') return { at: [...at, String((e.params as { missingProperty: string }).missingProperty)], what: 'is missing' };
  if (e.keyword === 'enum') return { at, what: `must be one of ${((e.params as { allowedValues: unknown[] }).allowedValues).map((v) => JSON.stringify(v)).join(', ')}` };
  return { at, what: e.message ?? `fails ${e.keyword}` };
}

/**
 * The first problem `validate` (an ajv validator of an API object, compiled with allErrors off)
 * finds in `value`: its path below `value` (array indexes as numbers) and what is wrong, e.g.
 * `{path: ["tools", 0, "type"], what: "must be one of \"function\", …"}`; undefined when it fits.
 */
export function schemaProblem(validate: ValidateFunction, value: unknown): ItemProblem | undefined {
  if (validate(value)) return undefined;
  // ajv stops at the first keyword that fails, listing what led to it first: a oneOf's branches'
  // errors, then its own (the one to say: no branch fits); an if/then's errors, then its own
  // (`must match "then" schema`, which says less than what its `then` found).
  const errors = (validate.errors ?? []).filter((e) => e.keyword !== 'if');
  const last = errors.at(-1);
  if (!last) return { path: [], what: "is not the API's object" };
  const { at, what } = said(last);
  return { path: at.map((s) => (/^\d+$/.test(s) ? Number(s) : s)), what };
}

/**
 * The Error for `seeds[index]`, a resource seeded in-process (tests, the bench: Dialect.seed), that
 * `problem` (schemaProblem, at its path below the seed) makes one the emulator would not serve:
 * what a --state file's item is held to, named as the seed is (`the emulator's seed
 * seeds[1].tools[0].type must be one of …: a seed must be an assistant the API would send …`).
 * `object`: what the API would send, with its article (`an assistant`).
 */
export function seedRefused(index: number, problem: ItemProblem, object: string): Error {
  return new Error(`the emulator's seed ${paramPath(['seeds', index, ...problem.path])} ${problem.what}: a seed must be ${object} the API would send (a --state file's are held to the same)`);
}
