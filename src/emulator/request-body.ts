// Reading request bodies the way the API does: at most 10 MB, JSON only, and a 400 (never a 500
// or a hang) for anything else.
import type { IncomingMessage } from 'node:http';
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

export function parseJson(raw: Buffer): unknown {
  if (raw.length === 0) throw invalid(null, BAD_JSON, null);
  try {
    return JSON.parse(raw.toString('utf8'));
  } catch {
    throw invalid(null, BAD_JSON, null);
  }
}
