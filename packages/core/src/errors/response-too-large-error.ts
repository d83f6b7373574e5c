import type { ErrorContext } from './gateway-error.js';
import { withDetails } from './with-details.js';

/** A response (or a paginated listing) went past a configured bound; reading stopped there. */
export class ResponseTooLargeError extends withDetails<ResponseTooLargeDetails>() {
  override name = 'ResponseTooLargeError';
  override readonly code = 'MCPGW_RESPONSE_TOO_LARGE';
  override readonly retryable = false;

  constructor(limit: string, limitValue: number, context: ErrorContext = {}) {
    super(`response exceeded ${limit}=${limitValue}; raise ${limit} if this is expected`, context, {
      limit,
      limitValue,
    });
  }
}

interface ResponseTooLargeDetails {
  /** Which bound: `maxResponseBytes`, `maxPages` or `maxItems`. */
  readonly limit: string;
  readonly limitValue: number;
}
