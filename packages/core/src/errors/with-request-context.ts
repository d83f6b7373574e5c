import type { GatewayRequest } from '../types.js';
import { GatewayError } from './gateway-error.js';

/**
 * The error with what it did not know of the call filled in from the request (operation, request id, attempt):
 * itself when it knew all of it, otherwise a copy. For the layer that catches an error made without the request
 * at hand (a decoder, a user's middleware); nothing a thrower gave is replaced.
 */
export function withRequestContext<E>(
  error: E,
  request: Pick<GatewayRequest, 'operation' | 'requestId' | 'attempt'>,
): E {
  if (!(error instanceof GatewayError)) return error;
  return error.withContext({
    operation: error.operation ?? request.operation,
    requestId: error.requestId ?? request.requestId,
    attempts: error.attempts === 0 ? request.attempt : error.attempts,
  });
}
