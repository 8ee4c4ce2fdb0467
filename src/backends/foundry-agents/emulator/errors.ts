// The API's error: `ApiErrorResponse` = `{error: ApiError}`, ApiError = OpenAI's Error
// `{code, message, param, type}` (all four required, code and param nullable) plus optional
// `details`, `additionalInfo`, `debugInfo` (azure-foundry common-models.tsp; the extracted
// spec's $defs.ApiError). Live codes and messages are not in the sources (AGENTS.md part 2, "What
// the spec does not say"): the ones below are the emulator's own, worded to say what to fix.

export interface ApiErrorBody {
  error: { code: string | null; message: string; param: string | null; type: string };
}

export class FoundryAgentsError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly code: string | null,
    readonly param: string | null = null,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'FoundryAgentsError';
  }

  /** `invalid_request_error` for 4xx, `server_error` for 5xx, as OpenAI's Error `type` reads. */
  get type(): string {
    return this.status >= 500 ? 'server_error' : 'invalid_request_error';
  }

  body(): ApiErrorBody {
    return { error: { code: this.code, message: this.message, param: this.param, type: this.type } };
  }
}

export function invalid(param: string | null, message: string, code = 'invalid_value'): FoundryAgentsError {
  return new FoundryAgentsError(400, message, code, param);
}

export function agentNotFound(name: string): FoundryAgentsError {
  return new FoundryAgentsError(404, `Agent '${name}' not found.`, 'not_found', 'agent_name');
}

export function versionNotFound(name: string, version: string): FoundryAgentsError {
  return new FoundryAgentsError(404, `Version '${version}' of agent '${name}' not found.`, 'not_found', 'agent_version');
}
