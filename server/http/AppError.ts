/**
 * The one error the server throws on purpose. The error middleware turns it into
 * `{ error: { code, message, details } }` with its status; anything else is a 500.
 */
export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** Extra response headers, e.g. Retry-After. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = 'AppError';
  }

  static badRequest(message: string, details?: unknown) {
    return new AppError(400, 'bad_request', message, details);
  }
  static notFound(message = 'not found', details?: unknown) {
    return new AppError(404, 'not_found', message, details);
  }
  static unauthorized(message = 'sign in first') {
    return new AppError(401, 'unauthorized', message);
  }
  static forbidden(message = 'your role may not do this', code = 'forbidden') {
    return new AppError(403, code, message);
  }
  static conflict(code: string, message: string, details?: unknown) {
    return new AppError(409, code, message, details);
  }
}
