import { type ErrorContext, GatewayError } from '@mcpgw/core';

/**
 * The server's event stream ended before the answer, and it cannot be resumed (no event id, the 2026-07-28 era, or
 * the resumptions were used up). The request may have run on the server.
 */
export class StreamLostError extends GatewayError {
  override name = 'StreamLostError';
  override readonly code = 'MCPGW_MCP_STREAM_LOST';
  override readonly retryable = true;
  readonly method: string;
  /** The connection broke (reset, cut) rather than the server ending the stream: a transport failure. */
  readonly connectionBroken: boolean;

  constructor(method: string, reason: string, options: ErrorContext & { connectionBroken?: boolean } = {}) {
    super(`the answer stream of ${method} ended before its answer (${reason}); it may have run on the server`, options);
    this.method = method;
    this.connectionBroken = options.connectionBroken === true;
  }

  protected override details() {
    return { method: this.method, connectionBroken: this.connectionBroken };
  }
}
