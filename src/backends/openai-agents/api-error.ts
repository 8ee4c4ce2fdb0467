// The Agents API's error: `{"error": {"type", "code", "message", "param"}}`, all four keys present,
// `code` a string (never null, unlike the Assistants API), `param` null for a request-wide error
// (shared/openai-agents/AGENTS-API.md §1, ErrorResponse-2). The emulator dialect throws it and
// serialises it; the client reads the same shape back.

export interface AgentsErrorBody {
  error: { type: string; code: string; message: string; param: string | null };
}

export class AgentsApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly param: string | null = null,
    readonly code: string = 'invalid_value',
    readonly type: string = 'invalid_request_error',
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = 'AgentsApiError';
  }

  body(): AgentsErrorBody {
    return { error: { type: this.type, code: this.code, message: this.message, param: this.param } };
  }
}

/** A 400 naming the offending value by its path, e.g. `tools[0].parameters`. */
export function invalidRequest(param: string | null, message: string, code = 'invalid_value'): AgentsApiError {
  return new AgentsApiError(400, message, param, code);
}

export function agentNotFound(id: string): AgentsApiError {
  // The digest gives no wording for the 404; this follows the Assistants API's ("No assistant found
  // with id …") with a non-null code, as ErrorResponse-2 requires one.
  return new AgentsApiError(404, `No agent found with id '${id}'.`, null, 'not_found');
}
