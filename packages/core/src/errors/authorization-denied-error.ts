import { type ErrorContext, GatewayError } from './gateway-error.js';

/**
 * The policy said no. Nothing was sent to the gateway.
 * @deprecated Import it from `@mcpgw/opa`, the layer that throws it; core stops exporting it in the next minor.
 */
export class AuthorizationDeniedError extends GatewayError {
  override name = 'AuthorizationDeniedError';
  override readonly code = 'MCPGW_AUTHZ_DENIED';
  override readonly retryable = false;
  readonly reason: string;

  constructor(reason: string, context: ErrorContext = {}) {
    super(`authorization denied: ${reason}`, { mayHaveReachedServer: false, ...context });
    this.reason = reason;
  }

  protected override details() {
    return { reason: this.reason };
  }
}
