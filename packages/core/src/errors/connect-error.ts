import { type ErrorContext, GatewayError } from './gateway-error.js';

/** The connection failed: refused, reset, DNS, TLS. `mayHaveReachedServer` says whether the request could have been sent. */
export class ConnectError extends GatewayError {
  override name = 'ConnectError';
  override readonly code = 'MCPGW_CONNECT';
  override readonly retryable = true;
  /** The system or undici error code behind it (`ECONNREFUSED`, `ENOTFOUND`, `UND_ERR_SOCKET`, ...). */
  readonly reason: string | undefined;

  constructor(message: string, reason: string | undefined, context: ErrorContext = {}) {
    super(message, context);
    this.reason = reason;
  }

  protected override details() {
    return { reason: this.reason, mayHaveReachedServer: this.mayHaveReachedServer };
  }
}
