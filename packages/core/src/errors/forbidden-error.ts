import { HttpError, type HttpErrorContext } from './http-error.js';

/** 403: the gateway refused the call for these credentials. */
export class ForbiddenError extends HttpError {
  protected static override readonly hint = 'the credentials are not allowed to do this';
  override name = 'ForbiddenError';
  override readonly code = 'MCPGW_FORBIDDEN';

  constructor(context: HttpErrorContext = {}) {
    super(403, context);
  }
}
