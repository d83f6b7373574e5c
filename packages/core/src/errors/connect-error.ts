import type { ErrorContext } from './gateway-error.js';
import { withDetails } from './with-details.js';

/** The connection failed: refused, reset, DNS, TLS. `mayHaveReachedServer` says whether the request could have been sent. */
export class ConnectError extends withDetails<ConnectDetails>() {
  override name = 'ConnectError';
  override readonly code = 'MCPGW_CONNECT';
  override readonly retryable = true;

  constructor(message: string, reason: string | undefined, context: ErrorContext = {}) {
    super(message, context, { reason });
  }

  protected override details() {
    // Logged with the reason: whether the failed request may have run is what an operator asks next.
    return { ...super.details(), mayHaveReachedServer: this.mayHaveReachedServer };
  }
}

interface ConnectDetails {
  /** The system or undici error code behind it (`ECONNREFUSED`, `ENOTFOUND`, `UND_ERR_SOCKET`, ...). */
  readonly reason: string | undefined;
}
