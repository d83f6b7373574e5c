import type { ErrorContext } from './gateway-error.js';
import { withDetails } from './with-details.js';

/**
 * The policy said no. Nothing was sent to the gateway.
 * @deprecated Import it from `@mcpgw/opa`, the layer that throws it; core stops exporting it in the next minor.
 */
export class AuthorizationDeniedError extends withDetails<{ reason: string }>() {
  override name = 'AuthorizationDeniedError';
  override readonly code = 'MCPGW_AUTHZ_DENIED';
  override readonly retryable = false;

  constructor(reason: string, context: ErrorContext = {}) {
    super(`authorization denied: ${reason}`, { mayHaveReachedServer: false, ...context }, { reason });
  }
}
