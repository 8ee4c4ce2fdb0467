// A refusal an emulated API answers with: its status, message, the offending parameter, a code and
// a type, and any headers. Each dialect renders it in its API's error shape (`Dialect.errorBody`);
// `body()` is the OpenAI-family shape `{error: {message, type, param, code}}` most of them share.

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
