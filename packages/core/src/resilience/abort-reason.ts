import { AbortError } from '../errors/abort-error.js';
import { GatewayError } from '../errors/gateway-error.js';
import type { GatewayRequest } from '../types.js';

/**
 * The error a call ends with when its signal aborts: the reason itself when a layer put a `GatewayError` there
 * (a deadline or attempt `TimeoutError`), otherwise an `AbortError` for the caller's own abort.
 */
export function errorForAbort(reason: unknown, request: GatewayRequest): GatewayError {
  if (reason instanceof GatewayError) return reason;
  return new AbortError({
    operation: request.operation,
    requestId: request.requestId,
    attempts: request.attempt,
    cause: reason,
  });
}
