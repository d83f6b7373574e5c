import { ConfigError, type ConfigIssue } from '@mcpgw/core';
import { MIN_RATIO_WINDOW_MS, optionIssues, RatioWindow } from '@mcpgw/core/kit';
import { retryBudgetOptionSchema } from './option-schema.js';

export interface RetryBudgetOptions {
  /** Retries allowed as a share of the requests in the window. Default 0.2. */
  ratio?: number;
  /** Retries allowed per second of window on top of the ratio, so that a quiet client can still retry. Default 10. */
  minPerSecond?: number;
  /** Length of the sliding window, in ms. Default 10 000. */
  windowMs?: number;
  /** Clock in ms; for tests. Default `performance.now`. */
  now?: () => number;
}

export interface RetryBudgetStats {
  /** Requests (first attempts) seen in the window. */
  readonly requests: number;
  /** Retries spent in the window. */
  readonly retries: number;
  /** Retries that may still be spent now. */
  readonly available: number;
  /** Retries refused since the budget was created. */
  readonly exhausted: number;
}

export interface RetryBudget {
  /** Counts one logical request (its first attempt); deposits `ratio` of a retry. */
  recordRequest(): void;
  /** Takes one retry from the budget; false when it is spent. */
  tryWithdraw(): boolean;
  stats(): RetryBudgetStats;
}

/** The settings a `retryBudget()` runs with, defaults filled in. */
export interface RetryBudgetSettings {
  readonly ratio: number;
  readonly minPerSecond: number;
  readonly windowMs: number;
}

/** `retryBudget()`'s own budget: a `RetryBudget` that a wider one (a fleet's, `@mcpgw/fleet`) can fall back to. */
export interface LocalRetryBudget extends RetryBudget {
  readonly settings: RetryBudgetSettings;
  /**
   * Counts a retry another budget allowed (a fleet-wide one, while it decides), without a check, so that this
   * window knows the recent retries when it has to decide alone again.
   */
  recordRetry(): void;
}

/**
 * A retry budget, the Finagle and Tower model: over a sliding window, retries may add at most `ratio` of the
 * requests plus `minPerSecond` per second of window. In a total outage this keeps the load at about
 * `(1 + ratio)` times the calls instead of `maxAttempts` times. Share one budget across pipelines by passing it to
 * each `retry({ budget })`.
 */
export function retryBudget(options: RetryBudgetOptions = {}): LocalRetryBudget {
  const ratio = options.ratio ?? 0.2;
  const minPerSecond = options.minPerSecond ?? 10;
  const windowMs = options.windowMs ?? 10_000;
  checkBudgetOptions(ratio, minPerSecond, windowMs);
  const window = new RatioWindow(ratio, minPerSecond, windowMs, options.now ?? (() => performance.now()));
  let exhausted = 0;
  return {
    settings: { ratio, minPerSecond, windowMs },
    recordRequest: () => window.deposit(),
    recordRetry: () => window.record(),
    tryWithdraw() {
      if (window.tryWithdraw()) return true;
      exhausted += 1;
      return false;
    },
    stats: () => ({
      requests: window.deposits,
      retries: window.withdrawals,
      available: window.available,
      exhausted,
    }),
  };
}

/** A budget that never refuses, for `retry({ budget: false })`; it still counts, so stats stay meaningful. */
export function unlimitedBudget(): RetryBudget {
  let requests = 0;
  let retries = 0;
  return {
    recordRequest() {
      requests++;
    },
    tryWithdraw() {
      retries++;
      return true;
    },
    stats: () => ({ requests, retries, available: Number.POSITIVE_INFINITY, exhausted: 0 }),
  };
}

export function isRetryBudget(value: unknown): value is RetryBudget {
  const budget = value as Partial<RetryBudget> | null | undefined;
  return typeof budget?.tryWithdraw === 'function' && typeof budget.recordRequest === 'function';
}

function checkBudgetOptions(ratio: number, minPerSecond: number, windowMs: number): void {
  const issues: ConfigIssue[] = optionIssues(retryBudgetOptionSchema, { ratio, minPerSecond }, 'retry.budget');
  if (!Number.isFinite(windowMs) || windowMs < MIN_RATIO_WINDOW_MS) {
    issues.push({ path: 'retry.budget.windowMs', message: `must be a number of ms >= ${MIN_RATIO_WINDOW_MS}` });
  }
  if (issues.length > 0) throw new ConfigError(issues);
}
