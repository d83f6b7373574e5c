import { type ErrorContext, GatewayError } from './gateway-error.js';

/** The caller aborted the call through its AbortSignal. */
export class AbortError extends GatewayError {
  override name = 'AbortError';
  override readonly code = 'MCPGW_ABORTED';
  override readonly retryable = false;

  constructor(context: ErrorContext = {}) {
    super('the call was aborted by the caller', context);
  }
}
