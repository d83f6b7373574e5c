import { HttpError, TimeoutError } from '@mcpgw/core';

/**
 * Whether a failed call says the gateway is overloaded (a drop) or nothing about its load (not a sample at all):
 * 503, 429 and 504 and a timeout of the attempt or the call are drops; a 4xx, a caller's abort, a closed client, a
 * refused connection or an open circuit are not (the breaker answers for a gateway that is down, not slow).
 */
export function isDrop(error: unknown): boolean {
  if (error instanceof TimeoutError) return error.phase !== 'queue' && error.phase !== 'connect';
  if (error instanceof HttpError) return error.status === 503 || error.status === 429 || error.status === 504;
  return false;
}
