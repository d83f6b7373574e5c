import { ConfigError } from '@mcpgw/core';
import { optionIssues, RatioWindow } from '@mcpgw/core/kit';
import { hedgeBudgetOptionSchema } from './option-schema.js';

export interface HedgeBudgetOptions {
  /** Hedges allowed as a share of the hedgeable calls in the window. Default 0.05. */
  ratio?: number;
  /** Hedges allowed per second of window on top of the ratio. Default 1. */
  minPerSecond?: number;
  /** Length of the sliding window, in ms. Default 10 000. */
  windowMs?: number;
  /** Clock in ms; for tests. Default `performance.now`. */
  now?: () => number;
}

export interface HedgeBudgetStats {
  /** Hedgeable calls seen in the window. */
  readonly calls: number;
  /** Hedges spent in the window. */
  readonly hedges: number;
  /** Hedges that may still be sent now. */
  readonly available: number;
  /** Hedges refused since the budget was created. */
  readonly exhausted: number;
}

export interface HedgeBudget {
  /** Counts one hedgeable call; deposits `ratio` of a hedge. */
  recordCall(): void;
  /** Whether a hedge could be sent now, without taking one. */
  canWithdraw(): boolean;
  /** Takes one hedge; false when the budget is spent. */
  tryWithdraw(): boolean;
  stats(): HedgeBudgetStats;
}

/**
 * The hedge budget: over a sliding window, hedges may add at most `ratio` of the hedgeable calls plus
 * `minPerSecond` per second of window, so hedging can never multiply the load on a gateway that got slow for
 * everyone. The retry budget's arithmetic (core's `RatioWindow`), kept separate: a hedge spends none of the retries.
 */
export function hedgeBudget(options: HedgeBudgetOptions = {}): HedgeBudget {
  const ratio = options.ratio ?? hedgeBudgetOptionSchema.ratio.default;
  const minPerSecond = options.minPerSecond ?? hedgeBudgetOptionSchema.minPerSecond.default;
  const windowMs = options.windowMs ?? hedgeBudgetOptionSchema.windowMs.default;
  const issues = optionIssues(hedgeBudgetOptionSchema, { ratio, minPerSecond, windowMs }, 'hedge.budget');
  if (issues.length > 0) throw new ConfigError(issues);
  const window = new RatioWindow(ratio, minPerSecond, windowMs, options.now ?? (() => performance.now()));
  let exhausted = 0;
  return {
    recordCall: () => window.deposit(),
    canWithdraw: () => window.available > 0,
    tryWithdraw() {
      if (window.tryWithdraw()) return true;
      exhausted += 1;
      return false;
    },
    stats: () => ({ calls: window.deposits, hedges: window.withdrawals, available: window.available, exhausted }),
  };
}

export function isHedgeBudget(value: unknown): value is HedgeBudget {
  const budget = value as Partial<HedgeBudget> | null | undefined;
  return typeof budget?.tryWithdraw === 'function' && typeof budget.recordCall === 'function';
}
