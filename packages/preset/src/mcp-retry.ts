import { isAvailabilityFailure } from '@mcpgw/breaker';
import type { GatewayRequest, Middleware } from '@mcpgw/core';
import { jsonRpcIdPerAttempt, mcpBreakerFailure, mcpRetryable } from '@mcpgw/mcp';

export { mcpCacheDialect } from '@mcpgw/mcp';

import { classifyForRetry } from '@mcpgw/retry';

/** The retry table for MCP: the standard one, plus a lost answer stream of a request safe to send twice. */
export function mcpShouldRetry(error: unknown, request: GatewayRequest): boolean {
  return classifyForRetry(error, request).retry || mcpRetryable(error, request);
}

/** The breaker's failure test for MCP: the standard one, plus an answer stream the connection cut. */
export function mcpIsFailure(error: unknown, request: GatewayRequest): boolean {
  return isAvailabilityFailure(error, request) || mcpBreakerFailure(error, request);
}

/** The retry layer with `jsonRpcIdPerAttempt()` just inside it: every retried JSON-RPC request gets a new id. */
export function withJsonRpcIdPerAttempt(retry: Middleware): Middleware {
  const ids = jsonRpcIdPerAttempt();
  return (next) => retry(ids(next));
}
