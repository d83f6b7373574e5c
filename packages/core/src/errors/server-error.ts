import { HttpError, type HttpErrorOptions } from './http-error.js';

/** 5xx: the gateway or the tool server behind it failed. */
export class ServerError extends HttpError {
  override name = 'ServerError';
  constructor(status: number, options: HttpErrorOptions = {}) {
    super(status, options, 'MCPGW_SERVER_ERROR', 'the gateway or its upstream is failing');
  }
}
