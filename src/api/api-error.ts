/**
 * The one error type of the HTTP API. Every failure becomes one of these (in
 * `renderError`), with a stable `code` that clients may switch on; the message says
 * what failed, then the state, and never carries a stack or a file path.
 */

/** Stable error codes, with the HTTP status each is sent with. */
export const API_ERROR_STATUS = {
  "bad-parameter": 400,
  unauthorized: 401,
  forbidden: 403,
  "not-found": 404,
  "method-not-allowed": 405,
  "payload-too-large": 413,
  "unsupported-media-type": 415,
  internal: 500,
  unavailable: 503,
} as const;

/** One of the stable error codes. */
export type ApiErrorCode = keyof typeof API_ERROR_STATUS;

/** An API failure: code, message, and the request parameter at fault (or null). */
export class ApiError extends Error {
  override readonly name = "ApiError";
  readonly code: ApiErrorCode;
  readonly parameter: string | null;

  constructor(code: ApiErrorCode, message: string, parameter: string | null = null) {
    super(message);
    this.code = code;
    this.parameter = parameter;
  }

  /** The HTTP status of this error's code. */
  get status(): (typeof API_ERROR_STATUS)[ApiErrorCode] {
    return API_ERROR_STATUS[this.code];
  }
}

/** A 400 naming the parameter. */
export function badParameter(parameter: string, message: string): ApiError {
  return new ApiError("bad-parameter", message, parameter);
}
