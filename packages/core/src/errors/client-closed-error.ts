import { type ErrorContext, GatewayError } from './gateway-error.js';

/** The client was closed: new calls are refused, and calls still running at the drain deadline are aborted. */
export class ClientClosedError extends GatewayError {
  override name = 'ClientClosedError';
  override readonly code = 'MCPGW_CLIENT_CLOSED';
  override readonly retryable = false;

  constructor(context: ErrorContext = {}) {
    super('the client is closed; create a new client', { mayHaveReachedServer: false, ...context });
  }
}
