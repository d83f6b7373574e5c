import { InvalidRequestError } from '../errors/invalid-request-error.js';
import type { GatewayRequest } from '../types.js';

/** Largest timeout accepted: setTimeout's own limit (about 24.8 days); longer ones would fire at once. */
export const MAX_TIMEOUT_MS = 2_147_483_647;

export function isTimeoutMs(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= MAX_TIMEOUT_MS;
}

/** Throws before anything is sent when a per-call timeout is not a positive number of ms. */
export function checkTimeoutMs(value: number, request: GatewayRequest, field: string): number {
  if (!isTimeoutMs(value)) {
    throw new InvalidRequestError(`${field} must be a number of ms in 1..${MAX_TIMEOUT_MS}, got ${String(value)}`, {
      operation: request.operation,
      requestId: request.requestId,
      field,
    });
  }
  return value;
}
