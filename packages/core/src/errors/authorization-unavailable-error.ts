import { GatewayError, type GatewayErrorOptions } from './gateway-error.js';

/** No decision could be had (OPA down, slow, erroring, undefined policy, unreadable answer): refused, fail closed. */
export class AuthorizationUnavailableError extends GatewayError {
  override name = 'AuthorizationUnavailableError';
  /** `unreachable`, `timeout`, `http-status`, `undefined-policy`, `bad-response`, `circuit-open`. */
  readonly reason: string;

  constructor(reason: string, detail: string, options: GatewayErrorOptions = {}) {
    super(
      `authorization unavailable (${reason}): ${detail}; the call was refused (fail closed)`,
      'MCPGW_AUTHZ_UNAVAILABLE',
      false,
      {
        mayHaveReachedServer: false,
        ...options,
      },
    );
    this.reason = reason;
  }

  protected override details() {
    return { reason: this.reason };
  }
}
