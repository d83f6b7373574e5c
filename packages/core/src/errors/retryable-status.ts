/**
 * Statuses worth another try of the same request: the server was busy, timed out or failed for now. The one table
 * behind `HttpError.retryable` and the retry layer's decision.
 */
const RETRYABLE_STATUSES: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);

export function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status);
}
