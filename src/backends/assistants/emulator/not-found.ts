// The Assistants API's 404 for an unknown assistant id.
import { ApiError } from '../../../emulator/errors.js';

export function notFound(id: string): ApiError {
  // Live wording (ASSISTANTS.md, Errors): param and code are null.
  return new ApiError(404, `No assistant found with id '${id}'.`);
}
