import { CircuitOpenError, ConnectError, ServerError, TimeoutError } from '@mcpgw/core';

/**
 * Errors that say the gateway is unreachable or failing, not that the answer changed: only these let a stale
 * entry stand in. A 404, a 401 or a format error is an answer and must reach the caller.
 */
export function isAvailabilityError(error: unknown): boolean {
  return (
    error instanceof ConnectError ||
    error instanceof TimeoutError ||
    error instanceof ServerError ||
    error instanceof CircuitOpenError
  );
}
