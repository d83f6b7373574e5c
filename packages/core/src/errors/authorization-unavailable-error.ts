import type { ErrorContext } from './gateway-error.js';
import { withDetails } from './with-details.js';

/**
 * No decision could be had (OPA down, slow, erroring, undefined policy, unreadable answer): refused, fail closed.
 * @deprecated Import it from `@mcpgw/opa`, the layer that throws it; core stops exporting it in the next minor.
 */
export class AuthorizationUnavailableError extends withDetails<UnavailableDetails>() {
  override name = 'AuthorizationUnavailableError';
  override readonly code = 'MCPGW_AUTHZ_UNAVAILABLE';
  override readonly retryable = false;

  constructor(reason: string, detail: string, context: ErrorContext = {}) {
    super(
      `authorization unavailable (${reason}): ${detail}; the call was refused (fail closed)`,
      { mayHaveReachedServer: false, ...context },
      { reason },
    );
  }
}

interface UnavailableDetails {
  /** `unreachable`, `timeout`, `http-status`, `undefined-policy`, `bad-response`, `circuit-open`. */
  readonly reason: string;
}
