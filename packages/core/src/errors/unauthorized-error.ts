import { HttpError, type HttpErrorOptions } from './http-error.js';

/** 401: the API key or the user token is missing or not accepted. */
export class UnauthorizedError extends HttpError {
  override name = 'UnauthorizedError';
  constructor(options: HttpErrorOptions = {}) {
    super(401, options, 'MCPGW_UNAUTHORIZED', 'check the API key and the user token');
  }
}
