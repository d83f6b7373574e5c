import { type ErrorContext, GatewayError } from '@mcpgw/core';

/**
 * The server forgot the session again right after a new `initialize`: the client re-initializes once per request,
 * never in a loop, and gives up with this.
 */
export class SessionLostError extends GatewayError {
  override name = 'SessionLostError';
  override readonly code = 'MCPGW_MCP_SESSION_LOST';
  override readonly retryable = true;

  constructor(options: ErrorContext = {}) {
    super(
      'the MCP server forgot the session again after a new initialize; check that requests reach the same server instance',
      options,
    );
  }
}
