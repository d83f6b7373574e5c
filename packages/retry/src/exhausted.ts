/**
 * When the retry budget refuses a retry, the error of the last attempt is thrown as it is, with an own property
 * `retryBudgetExhausted: true`, so that callers and logs can tell "failed, and we chose not to retry" from
 * "failed after every attempt".
 */
export function markBudgetExhausted(error: unknown): void {
  if (typeof error === 'object' && error !== null && Object.isExtensible(error)) {
    (error as { retryBudgetExhausted?: boolean }).retryBudgetExhausted = true;
  }
}

/** True for an error thrown because the retry budget was spent. */
export function isRetryBudgetExhausted(error: unknown): boolean {
  return (error as { retryBudgetExhausted?: unknown } | null)?.retryBudgetExhausted === true;
}
