import { AbortError, ConnectError, type GatewayRequest, HttpError, TimeoutError } from '@mcpgw/core';

/**
 * Only availability failures count against a circuit: connect errors, attempt and transport timeouts, and 5xx
 * answers. A 4xx, a deny, a format error, a caller abort or a spent deadline says nothing about the upstream's
 * health, so none of them may open it.
 */
export function isAvailabilityFailure(error: unknown, request: GatewayRequest): boolean {
  if (request.signal?.aborted || error instanceof AbortError) return false;
  if (error instanceof ConnectError) return true;
  if (error instanceof TimeoutError) {
    return (
      error.phase === 'attempt' || error.phase === 'connect' || error.phase === 'headers' || error.phase === 'body'
    );
  }
  return error instanceof HttpError && error.status >= 500;
}
