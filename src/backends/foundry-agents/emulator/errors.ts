// The API's error: `ApiErrorResponse` = `{error: ApiError}`, ApiError = OpenAI's Error
// `{code, message, param, type}` (all four required, code and param nullable) plus optional
// `details`, `additionalInfo`, `debugInfo` (azure-foundry common-models.tsp; the extracted spec's
// $defs.ApiError): the shell's ApiError renders exactly that. Live codes and messages are not in
// the sources (AGENTS.md part 2, "What the spec does not say"): these are the emulator's own.
import { ApiError, invalid } from '../../../emulator/errors.js';

export { ApiError as FoundryAgentsError, invalid };

export function agentNotFound(name: string): ApiError {
  return new ApiError(404, `Agent '${name}' not found.`, 'agent_name', 'not_found');
}

export function versionNotFound(name: string, version: string): ApiError {
  return new ApiError(404, `Version '${version}' of agent '${name}' not found.`, 'agent_version', 'not_found');
}
