// Opt-in check of every response body against the official response schemas, for tests: a
// violation is recorded, never thrown, so the test that caused it can assert there were none.
import { paramPath } from '../../../emulator/param-path.js';
import { specValidators } from './spec.js';
import { pointerTokens } from '../../../util/json-pointer.js';

export type ResponseKind = 'assistant' | 'list' | 'deleted' | 'error' | 'vectorStore' | 'vectorStoreList' | 'vectorStoreDeleted';

export interface ResponseViolation {
  route: string;
  status: number;
  kind: ResponseKind;
  errors: string[];
}

export function checkResponse(schema: 'openai' | 'foundry', kind: ResponseKind, body: unknown): string[] {
  let subject = body;
  // Documented exception (ASSISTANTS.md, "Validating with ajv"): the live API answers an empty page
  // with first_id/last_id null, which ListAssistantsResponse (strings, required) rejects, and
  // ListVectorStoresResponse, the same cursor page, likewise. The
  // emulator sends what the live API sends; the nulls are checked here instead of by the schema.
  if (schema === 'openai' && (kind === 'list' || kind === 'vectorStoreList')) {
    const page = body as { data?: unknown[]; first_id?: unknown; last_id?: unknown };
    if (Array.isArray(page.data) && page.data.length === 0) {
      if (page.first_id !== null || page.last_id !== null) return ['an empty page must have first_id and last_id null'];
      subject = { ...page, first_id: '', last_id: '' };
    }
  }
  const validate = specValidators()[schema][kind];
  if (validate(subject)) return [];
  return (validate.errors ?? []).map((e) => `${paramPath(pointerTokens(e.instancePath)) || '(body)'}: ${e.message ?? e.keyword}`);
}
