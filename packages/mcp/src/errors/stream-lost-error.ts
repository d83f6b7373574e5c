import type { ErrorContext } from '@mcpgw/core';
import { withDetails } from '@mcpgw/core/kit';

/**
 * The server's event stream ended before the answer, and it cannot be resumed (no event id, the 2026-07-28 era, or
 * the resumptions were used up). The request may have run on the server.
 */
export class StreamLostError extends withDetails<StreamLostDetails>() {
  override name = 'StreamLostError';
  override readonly code = 'MCPGW_MCP_STREAM_LOST';
  override readonly retryable = true;

  constructor(method: string, reason: string, options: ErrorContext & { connectionBroken?: boolean } = {}) {
    const connectionBroken = options.connectionBroken === true;
    super(
      `the answer stream of ${method} ended before its answer (${reason}); it may have run on the server`,
      options,
      {
        method,
        connectionBroken,
      },
    );
  }
}

interface StreamLostDetails {
  readonly method: string;
  /** The connection broke (reset, cut) rather than the server ending the stream: a transport failure. */
  readonly connectionBroken: boolean;
}
