import { GatewayError, type GatewayErrorOptions } from './gateway-error.js';

export interface InvalidRequestErrorOptions extends GatewayErrorOptions {
  field?: string | undefined;
}

/** The caller's input is not valid; nothing was sent. */
export class InvalidRequestError extends GatewayError {
  override name = 'InvalidRequestError';
  readonly field: string | undefined;

  constructor(message: string, options: InvalidRequestErrorOptions = {}) {
    super(message, 'MCPGW_INVALID_REQUEST', false, { mayHaveReachedServer: false, ...options });
    this.field = options.field;
  }

  protected override details() {
    return { field: this.field };
  }
}
