import { countOption, msOption, numberOption } from '@mcpgw/core/kit';

/** Bounds, defaults and docs of `retry()`'s options; the preset's schema and docs read them. */
export const retryOptionSchema = {
  // Beyond 100 attempts a call is a load generator, not a retry.
  maxAttempts: countOption('attempts', 'Attempts in all, the first included.', 3, { min: 1, max: 100 }),
  baseDelayMs: msOption('Ceiling of the first backoff; doubles with each attempt.', 50, { min: 0 }),
  maxDelayMs: msOption('Ceiling of any backoff, and the longest Retry-After honoured.', 2_000, { min: 0 }),
} as const;

/** Bounds, defaults and docs of `retryBudget()`'s options. */
export const retryBudgetOptionSchema = {
  // More than one retry per request in the window is no budget at all: a total outage would multiply the load.
  ratio: numberOption('retries per request', 'Retries allowed as a share of the requests in the window.', 0.2, {
    min: 0,
    max: 1,
  }),
  minPerSecond: numberOption(
    'retries per second',
    'Retries allowed per second of window on top of the ratio, so a quiet client can still retry.',
    10,
    { min: 0, max: 1_000_000 },
  ),
} as const;
