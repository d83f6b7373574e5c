import { HttpError, type HttpErrorContext } from './http-error.js';

/** 429: the gateway asked the client to slow down; `retryAfterMs` says for how long, when it said. */
export class RateLimitedError extends HttpError {
  protected static override readonly hint = 'slow down or raise the gateway quota';
  override name = 'RateLimitedError';
  override readonly code = 'MCPGW_RATE_LIMITED';

  constructor(context: HttpErrorContext = {}) {
    super(429, context);
  }
}
