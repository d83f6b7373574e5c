import { type ErrorContext, GatewayError } from './gateway-error.js';

/** A response (or a paginated listing) went past a configured bound; reading stopped there. */
export class ResponseTooLargeError extends GatewayError {
  override name = 'ResponseTooLargeError';
  override readonly code = 'MCPGW_RESPONSE_TOO_LARGE';
  override readonly retryable = false;
  /** Which bound: `maxResponseBytes`, `maxPages` or `maxItems`. */
  readonly limit: string;
  readonly limitValue: number;

  constructor(limit: string, limitValue: number, context: ErrorContext = {}) {
    super(`response exceeded ${limit}=${limitValue}; raise ${limit} if this is expected`, context);
    this.limit = limit;
    this.limitValue = limitValue;
  }

  protected override details() {
    return { limit: this.limit, limitValue: this.limitValue };
  }
}
