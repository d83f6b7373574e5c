import { ConfigError, type ConfigIssue } from '@mcpgw/core';
import { optionIssues } from '@mcpgw/core/kit';
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

const SLOTS = 10;

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
  const now = options.now ?? (() => performance.now());
  checkBudgetOptions(ratio, minPerSecond, windowMs);

  const reserve = minPerSecond * (windowMs / 1000);
  const slotMs = windowMs / SLOTS;
  const requests = new Array<number>(SLOTS).fill(0);
  const retries = new Array<number>(SLOTS).fill(0);
  let requestTotal = 0;
  let retryTotal = 0;
  let exhausted = 0;
  let currentSlot = Math.floor(now() / slotMs);

  // Drops the slots that slid out of the window since the last call.
  function advance(): number {
    const slot = Math.floor(now() / slotMs);
    const steps = Math.min(slot - currentSlot, SLOTS);
    for (let i = 1; i <= steps; i++) {
      const index = (currentSlot + i) % SLOTS;
      requestTotal -= requests[index]!;
      retryTotal -= retries[index]!;
      requests[index] = 0;
      retries[index] = 0;
    }
    if (slot > currentSlot) currentSlot = slot;
    return currentSlot % SLOTS;
  }

  const allowance = () => Math.floor(reserve + ratio * requestTotal);

  return {
    settings: { ratio, minPerSecond, windowMs },
    recordRequest() {
      const index = advance();
      requests[index]! += 1;
      requestTotal += 1;
    },
    recordRetry() {
      const index = advance();
      retries[index]! += 1;
      retryTotal += 1;
    },
    tryWithdraw() {
      const index = advance();
      if (retryTotal >= allowance()) {
        exhausted += 1;
        return false;
      }
      retries[index]! += 1;
      retryTotal += 1;
      return true;
    },
    stats() {
      advance();
      return {
        requests: requestTotal,
        retries: retryTotal,
        available: Math.max(0, allowance() - retryTotal),
        exhausted,
      };
    },
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
  if (!Number.isFinite(windowMs) || windowMs < SLOTS) {
    issues.push({ path: 'retry.budget.windowMs', message: `must be a number of ms >= ${SLOTS}` });
  }
  if (issues.length > 0) throw new ConfigError(issues);
}
