import type { GatewayRequest } from '@mcpgw/core';
import { StreamLostError } from './errors/stream-lost-error.js';

/**
 * The MCP addition to a retry layer's table: an answer stream lost before its answer is worth another attempt of a
 * request safe to send twice (a read, or a `tools/call` whose trusted annotations say so). Anything else lost stays
 * the `StreamLostError` that says the call may have run. Use beside the standard table:
 * `retry({ shouldRetry: (e, r) => classifyForRetry(e, r).retry || mcpRetryable(e, r) })`.
 */
export function mcpRetryable(error: unknown, request: GatewayRequest): boolean {
  return error instanceof StreamLostError && request.idempotent && request.signal?.aborted !== true;
}

/**
 * The MCP addition to a breaker's failure test: an answer stream cut by the connection (not ended by the server)
 * is the transport failure a reset is. `breaker({ isFailure: (e, r) => isAvailabilityFailure(e, r) ||
 * mcpBreakerFailure(e, r) })`. JSON-RPC errors and `isError` results never count.
 */
export function mcpBreakerFailure(error: unknown, request: GatewayRequest): boolean {
  return error instanceof StreamLostError && error.connectionBroken && request.signal?.aborted !== true;
}
