import { HttpError, type HttpErrorContext } from './http-error.js';

/** 401: the API key or the user token is missing or not accepted. */
export class UnauthorizedError extends HttpError {
  protected static override readonly hint = 'check the API key and the user token';
  override name = 'UnauthorizedError';
  override readonly code = 'MCPGW_UNAUTHORIZED';

  constructor(context: HttpErrorContext = {}) {
    super(401, context);
  }
}
