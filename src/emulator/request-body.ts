// Reading request bodies the way the API does: at most 10 MB, JSON only, and a 400 (never a 500
// or a hang) for anything else.
import type { IncomingMessage } from 'node:http';
import { jsonStructureProblem, lineAndColumn } from '../util/json-syntax.js';
import { MAX_NESTING } from '../yaml/source.js';
import { ApiError, invalid } from './errors.js';

const MAX_BODY_BYTES = 10 * 1024 * 1024;
const BAD_JSON = "We could not parse the JSON body of your request. (HINT: This likely means you aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, but what was sent was not valid JSON.)";

/** The body, or an ApiError: over 10 MB is drained and refused, never buffered or left hanging. */
export async function readBody(req: IncomingMessage): Promise<Buffer | ApiError> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size <= MAX_BODY_BYTES) chunks.push(chunk as Buffer);
  }
  if (size > MAX_BODY_BYTES) {
    return invalid(null, `The request body is too large: ${size} bytes, the limit is ${MAX_BODY_BYTES} bytes (10 MB).`, 'request_too_large');
  }
  return Buffer.concat(chunks);
}

/**
 * The body's JSON value, or an ApiError (400): not JSON, or lists and objects nested more than
 * MAX_NESTING deep, aac's own limit on what it reads (the APIs document none): the emulator's
 * schema checks and its JSON.stringify walk a value by recursion, and a body nested 100,000 deep
 * overflowed the call stack into a 500.
 */
export function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) throw invalid(null, BAD_JSON, null);
  const text = raw.toString('utf8');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw invalid(null, BAD_JSON, null);
  }
  const deep = jsonStructureProblem(text, { maxDepth: MAX_NESTING, uniqueKeys: false });
  if (deep) {
    const at = lineAndColumn(text, deep.offset);
    throw invalid(null, `The JSON body of your request nests lists and objects more than ${MAX_NESTING} levels deep (line ${at.line}, column ${at.column}); the emulator reads at most ${MAX_NESTING}.`, 'nested_too_deep');
  }
  return value;
}
