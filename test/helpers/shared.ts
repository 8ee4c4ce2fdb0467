// The API's sources of truth (`shared/`) sit beside a clone in this project's own CI and on its
// developers' machines; a plain GitHub checkout has only the repository. Tests that compare the
// project with them run wherever they are present and are reported as skipped elsewhere.
import { existsSync } from 'node:fs';

export const SHARED = new URL('../../../shared/', import.meta.url);
export const haveShared = existsSync(new URL('openai-openapi/openapi.yaml', SHARED));
