import { HttpError, type HttpErrorOptions } from './http-error.js';

/** 429: the gateway asked the client to slow down; `retryAfterMs` says for how long, when it said. */
export class RateLimitedError extends HttpError {
  override name = 'RateLimitedError';
  constructor(options: HttpErrorOptions = {}) {
    super(429, options, 'MCPGW_RATE_LIMITED', 'slow down or raise the gateway quota');
  }
}
