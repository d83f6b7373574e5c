import { HttpError, type HttpErrorOptions } from './http-error.js';

/** 404: the server or tool does not exist on the gateway. */
export class NotFoundError extends HttpError {
  override name = 'NotFoundError';
  constructor(options: HttpErrorOptions = {}) {
    super(404, options, 'MCPGW_NOT_FOUND', 'check the server and tool names');
  }
}
