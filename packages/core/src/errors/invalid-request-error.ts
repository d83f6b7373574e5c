import { FieldError, type FieldErrorContext } from './field-error.js';

export type InvalidRequestErrorContext = FieldErrorContext;

/** The caller's input is not valid; nothing was sent. */
export class InvalidRequestError extends FieldError {
  override name = 'InvalidRequestError';
  override readonly code = 'MCPGW_INVALID_REQUEST';
  override readonly retryable = false;

  constructor(message: string, context: InvalidRequestErrorContext = {}) {
    super(message, { mayHaveReachedServer: false, ...context });
  }
}
