export { backoffDelay } from './backoff.js';
export {
  isRetryBudget,
  type LocalRetryBudget,
  type RetryBudget,
  type RetryBudgetOptions,
  type RetryBudgetSettings,
  type RetryBudgetStats,
  retryBudget,
} from './budget.js';
export { classifyForRetry, isIdempotent, type RetryClassification, retryReason } from './classify.js';
export { isRetryBudgetExhausted } from './exhausted.js';
export { retryBudgetOptionSchema, retryOptionSchema } from './option-schema.js';
export { type RetryMiddleware, type RetryOptions, type RetryStats, retry } from './retry.js';
