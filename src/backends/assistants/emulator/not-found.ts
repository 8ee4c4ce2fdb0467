// The Assistants API's 404s for an unknown assistant or vector store id.
import { ApiError } from '../../../emulator/errors.js';

export function notFound(id: string): ApiError {
  // Live wording (ASSISTANTS.md, Errors): param and code are null.
  return new ApiError(404, `No assistant found with id '${id}'.`);
}

/** The 404 of a vector store's retrieve or delete: the assistants' wording, for a vector store (the sources record no live one of its own). */
export function vectorStoreNotFound(id: string): ApiError {
  return new ApiError(404, `No vector store found with id '${id}'.`);
}
