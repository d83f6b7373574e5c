import type { GatewayRequest } from '@mcpgw/core';

/**
 * The default test of which calls may be hedged: those safe to send twice by the retry layer's rule (a read, or an
 * invoke that carries an Idempotency-Key, every branch with the same key), and never a stream meant to stay open,
 * whose "answer" never comes, so every one of them would be hedged.
 */
export function isHedgeable(request: GatewayRequest): boolean {
  if (request.eventStream?.longLived === true) return false;
  return request.idempotent || request.headers['idempotency-key'] !== undefined;
}
