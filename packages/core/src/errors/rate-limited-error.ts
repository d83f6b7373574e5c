import { statusErrorClass } from './status-error-class.js';

/** 429: the gateway asked the client to slow down; `retryAfterMs` says for how long, when it said. */
export class RateLimitedError extends statusErrorClass(
  429,
  'RateLimitedError',
  'MCPGW_RATE_LIMITED',
  'slow down or raise the gateway quota',
) {}
