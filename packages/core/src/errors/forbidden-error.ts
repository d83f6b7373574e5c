import { HttpError, type HttpErrorOptions } from './http-error.js';

/** 403: the gateway refused the call for these credentials. */
export class ForbiddenError extends HttpError {
  override name = 'ForbiddenError';
  constructor(options: HttpErrorOptions = {}) {
    super(403, options, 'MCPGW_FORBIDDEN', 'the credentials are not allowed to do this');
  }
}
