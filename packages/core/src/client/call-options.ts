import { InvalidRequestError } from '../errors/invalid-request-error.js';
import { checkHeader } from '../request/headers.js';
import { isTimeoutMs } from '../resilience/timeout-option.js';
import type { Principal } from '../types.js';

/** Options every operation takes. */
export interface CallOptions {
  /** Aborts the call (and its retries and backoff). */
  signal?: AbortSignal;
  /** Overall timeout of this call, retries included. */
  timeoutMs?: number;
  /** The user the call is made for: a user JWT (sent as a Bearer token) or a principal. */
  user?: string | Principal;
  /** Correlation id; one is generated when absent. */
  requestId?: string;
}

export function checkCallOptions(options: CallOptions): void {
  const { signal, timeoutMs } = options;
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new InvalidRequestError('signal must be an AbortSignal', { field: 'signal' });
  }
  if (timeoutMs !== undefined && !isTimeoutMs(timeoutMs)) {
    throw new InvalidRequestError('timeoutMs must be a positive number of milliseconds', { field: 'timeoutMs' });
  }
  if (options.requestId !== undefined) {
    if (typeof options.requestId !== 'string' || options.requestId.length === 0 || options.requestId.length > 200) {
      throw new InvalidRequestError('requestId must be a non-empty string of at most 200 characters', {
        field: 'requestId',
      });
    }
    checkHeader('x-request-id', options.requestId);
  }
}

/** The principal and the authorization header for a `user` option. The token itself never appears in an error. */
export function resolveUser(user: string | Principal | undefined): {
  principal: Principal | undefined;
  authorization: string | undefined;
} {
  if (user === undefined) return { principal: undefined, authorization: undefined };
  if (typeof user === 'string') {
    if (user.length === 0 || /[\s\u0000-\u001f\u007f]/.test(user)) {
      throw new InvalidRequestError('user token must be a non-empty JWT without spaces or control characters', {
        field: 'user',
      });
    }
    const authorization = `Bearer ${user}`;
    try {
      checkHeader('authorization', authorization);
    } catch {
      throw new InvalidRequestError('user token has a character that cannot be sent in a header', { field: 'user' });
    }
    return { principal: undefined, authorization };
  }
  if (user === null || typeof user !== 'object' || typeof user.id !== 'string' || user.id.length === 0) {
    throw new InvalidRequestError('user must be a JWT string or a principal object with a non-empty string id', {
      field: 'user',
    });
  }
  for (const list of ['roles', 'teams'] as const) {
    const value = user[list];
    if (value !== undefined && !(Array.isArray(value) && value.every((v) => typeof v === 'string'))) {
      throw new InvalidRequestError(`user.${list} must be an array of strings`, { field: `user.${list}` });
    }
  }
  return { principal: user, authorization: undefined };
}

/** `limit` 1..1000 and `offset` >= 0, as the gateway accepts them. */
export function checkPaging(offset: unknown, limit: unknown): void {
  if (!Number.isSafeInteger(offset) || (offset as number) < 0) {
    throw new InvalidRequestError('offset must be an integer >= 0', { field: 'offset' });
  }
  if (!Number.isSafeInteger(limit) || (limit as number) < 1 || (limit as number) > 1000) {
    throw new InvalidRequestError('limit must be an integer from 1 to 1000', { field: 'limit' });
  }
}
