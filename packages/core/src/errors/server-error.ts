import { HttpError, type HttpErrorContext } from './http-error.js';

/** 5xx: the gateway or the tool server behind it failed. */
export class ServerError extends HttpError {
  protected static override readonly hint = 'the gateway or its upstream is failing';
  override name = 'ServerError';
  override readonly code = 'MCPGW_SERVER_ERROR';

  constructor(status: number, context: HttpErrorContext = {}) {
    super(status, context);
  }
}
