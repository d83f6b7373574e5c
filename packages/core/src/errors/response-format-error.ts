import { type ErrorContext, GatewayError } from './gateway-error.js';

export interface ResponseFormatErrorContext extends ErrorContext {
  /** Where the problem is, e.g. `servers[3].server_url`. */
  readonly field?: string | undefined;
}

/** @deprecated Renamed `ResponseFormatErrorContext`; this name goes in the next minor release. */
export type ResponseFormatErrorOptions = ResponseFormatErrorContext;

/** The gateway's answer is not valid JSON or not of the expected shape. */
export class ResponseFormatError extends GatewayError {
  override name = 'ResponseFormatError';
  override readonly code = 'MCPGW_RESPONSE_FORMAT';
  override readonly retryable = false;
  readonly field: string | undefined;

  constructor(message: string, context: ResponseFormatErrorContext = {}) {
    super(message, context);
    this.field = context.field;
  }

  protected override details() {
    return { field: this.field };
  }
}
