// The API's error object, `{error: {message, type, param, code}}`, and the statuses it comes with.

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly param: string | null = null,
    readonly code: string | null = null,
    readonly type: string = 'invalid_request_error',
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }

  body(): { error: { message: string; type: string; param: string | null; code: string | null } } {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

export function invalid(param: string | null, message: string, code: string | null = 'invalid_value'): ApiError {
  return new ApiError(400, message, param, code);
}

export function notFound(id: string): ApiError {
  // Live wording (ASSISTANTS.md, Errors): param and code are null.
  return new ApiError(404, `No assistant found with id '${id}'.`);
}
