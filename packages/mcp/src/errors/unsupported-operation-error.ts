import { GatewayError, type GatewayErrorOptions } from '@mcpgw/core';

/** The operation has no meaning in the client's protocol (a REST-only call on an MCP client); nothing was sent. */
export class UnsupportedOperationError extends GatewayError {
  override name = 'UnsupportedOperationError';
  override readonly code = 'MCPGW_UNSUPPORTED_OPERATION';

  constructor(operation: string, protocol: string, hint: string, options: GatewayErrorOptions = {}) {
    super(`${operation} is not part of the ${protocol} protocol; ${hint}`, 'MCPGW_UNSUPPORTED_OPERATION', false, {
      mayHaveReachedServer: false,
      ...options,
      operation,
    });
  }
}
