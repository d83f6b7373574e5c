import { type ErrorContext, GatewayError } from '@mcpgw/core';

/** The operation has no meaning in the client's protocol (a REST-only call on an MCP client); nothing was sent. */
export class UnsupportedOperationError extends GatewayError {
  override name = 'UnsupportedOperationError';
  override readonly code = 'MCPGW_UNSUPPORTED_OPERATION';
  override readonly retryable = false;

  constructor(operation: string, protocol: string, hint: string, options: ErrorContext = {}) {
    super(`${operation} is not part of the ${protocol} protocol; ${hint}`, {
      mayHaveReachedServer: false,
      ...options,
      operation,
    });
  }
}
