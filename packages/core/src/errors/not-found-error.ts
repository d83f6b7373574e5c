import { HttpError, type HttpErrorContext } from './http-error.js';

/** 404: the server or tool does not exist on the gateway. */
export class NotFoundError extends HttpError {
  protected static override readonly hint = 'check the server and tool names';
  override name = 'NotFoundError';
  override readonly code = 'MCPGW_NOT_FOUND';

  constructor(context: HttpErrorContext = {}) {
    super(404, context);
  }
}
