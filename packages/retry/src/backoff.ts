/**
 * Exponential backoff with full jitter: a delay drawn uniformly from `[0, min(cap, base * 2^(attempt-1)))`.
 * Full jitter spreads the retries of many clients that failed together, so they do not come back in step.
 * `attempt` is the 1-based attempt that just failed.
 */
export function backoffDelay(attempt: number, baseDelayMs: number, maxDelayMs: number, random: () => number): number {
  // 2^30 already exceeds any sane cap; clamping the exponent keeps the product finite.
  const ceiling = Math.min(maxDelayMs, baseDelayMs * 2 ** Math.min(Math.max(attempt - 1, 0), 30));
  return Math.floor(random() * ceiling);
}
