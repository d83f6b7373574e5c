import { GatewayError, type GatewayErrorOptions } from './gateway-error.js';

/** The client was closed: new calls are refused, and calls still running at the drain deadline are aborted. */
export class ClientClosedError extends GatewayError {
  override name = 'ClientClosedError';
  constructor(options: GatewayErrorOptions = {}) {
    super('the client is closed; create a new client', 'MCPGW_CLIENT_CLOSED', false, {
      mayHaveReachedServer: false,
      ...options,
    });
  }
}
