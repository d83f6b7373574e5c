import { AbortError, ConnectError, type GatewayRequest, HttpError, TimeoutError } from '@mcpgw/core';

/**
 * A caller abort or a spent deadline: the call ended before the upstream could show anything, so it neither counts
 * against a circuit nor, as a probe, closes one.
 */
export function saysNothingOfUpstream(error: unknown, request: GatewayRequest): boolean {
  return (
    request.signal?.aborted === true ||
    error instanceof AbortError ||
    (error instanceof TimeoutError && error.phase === 'deadline')
  );
}

/**
 * Only availability failures count against a circuit: connect errors, attempt and transport timeouts, and 5xx
 * answers. A 4xx, a deny, a format error, a caller abort or a spent deadline says nothing about the upstream's
 * health, so none of them may open it.
 */
export function isAvailabilityFailure(error: unknown, request: GatewayRequest): boolean {
  if (saysNothingOfUpstream(error, request)) return false;
  if (error instanceof ConnectError) return true;
  if (error instanceof TimeoutError) {
    return (
      error.phase === 'attempt' || error.phase === 'connect' || error.phase === 'headers' || error.phase === 'body'
    );
  }
  return error instanceof HttpError && error.status >= 500;
}
