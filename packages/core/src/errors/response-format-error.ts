import { GatewayError, type GatewayErrorOptions } from './gateway-error.js';

export interface ResponseFormatErrorOptions extends GatewayErrorOptions {
  /** Where the problem is, e.g. `servers[3].server_url`. */
  field?: string | undefined;
}

/** The gateway's answer is not valid JSON or not of the expected shape. */
export class ResponseFormatError extends GatewayError {
  override name = 'ResponseFormatError';
  readonly field: string | undefined;

  constructor(message: string, options: ResponseFormatErrorOptions = {}) {
    super(message, 'MCPGW_RESPONSE_FORMAT', false, options);
    this.field = options.field;
  }

  protected override details() {
    return { field: this.field };
  }
}
