import { GatewayError, type GatewayErrorOptions } from '@mcpgw/core';

/**
 * The server's event stream ended before the answer, and it cannot be resumed (no event id, the 2026-07-28 era, or
 * the resumptions were used up). The request may have run on the server.
 */
export class StreamLostError extends GatewayError {
  override name = 'StreamLostError';
  override readonly code = 'MCPGW_MCP_STREAM_LOST';
  readonly method: string;

  constructor(method: string, reason: string, options: GatewayErrorOptions = {}) {
    super(
      `the answer stream of ${method} ended before its answer (${reason}); it may have run on the server`,
      'MCPGW_MCP_STREAM_LOST',
      true,
      options,
    );
    this.method = method;
  }

  protected override details() {
    return { method: this.method };
  }
}
