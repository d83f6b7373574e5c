import { GatewayError, type GatewayErrorOptions } from './gateway-error.js';

/** The policy said no. Nothing was sent to the gateway. */
export class AuthorizationDeniedError extends GatewayError {
  override name = 'AuthorizationDeniedError';
  readonly reason: string;

  constructor(reason: string, options: GatewayErrorOptions = {}) {
    super(`authorization denied: ${reason}`, 'MCPGW_AUTHZ_DENIED', false, { mayHaveReachedServer: false, ...options });
    this.reason = reason;
  }

  protected override details() {
    return { reason: this.reason };
  }
}
