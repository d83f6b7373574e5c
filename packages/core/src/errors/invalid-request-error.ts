import { type ErrorContext, GatewayError } from './gateway-error.js';

export interface InvalidRequestErrorContext extends ErrorContext {
  readonly field?: string | undefined;
}

/** @deprecated Renamed `InvalidRequestErrorContext`; this name goes in the next minor release. */
export type InvalidRequestErrorOptions = InvalidRequestErrorContext;

/** The caller's input is not valid; nothing was sent. */
export class InvalidRequestError extends GatewayError {
  override name = 'InvalidRequestError';
  override readonly code = 'MCPGW_INVALID_REQUEST';
  override readonly retryable = false;
  readonly field: string | undefined;

  constructor(message: string, context: InvalidRequestErrorContext = {}) {
    super(message, { mayHaveReachedServer: false, ...context });
    this.field = context.field;
  }

  protected override details() {
    return { field: this.field };
  }
}
