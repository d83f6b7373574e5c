import { HttpError } from '@mcpgw/core';

/**
 * Statuses a caller is expected to handle: a bad argument (400), a server or tool that does not exist (404), a
 * conflict (409), parameters the tool refused (422). They say something about the call, not about the client or the
 * gateway, so they are logged at info, where nothing pages. 401, 403 and 429 are not here: a wrong key, a missing
 * grant or a rate limit is operational, and stays at error.
 */
export const callerErrorStatuses: ReadonlySet<number> = new Set([400, 404, 409, 422]);

/** The rule: an `HttpError` whose status is one of {@link callerErrorStatuses}. */
export function isCallerError(error: unknown): boolean {
  return error instanceof HttpError && callerErrorStatuses.has(error.status);
}
