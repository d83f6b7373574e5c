import { ConfigError } from '@mcpgw/core';
import { optionIssues } from '@mcpgw/core/kit';
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

const SLOTS = 10;

/**
 * The hedge budget: over a sliding window, hedges may add at most `ratio` of the hedgeable calls plus
 * `minPerSecond` per second of window, so hedging can never multiply the load on a gateway that got slow for
 * everyone. The retry budget's model (Finagle, Tower), kept separate: a hedge spends none of the retries.
 */
export function hedgeBudget(options: HedgeBudgetOptions = {}): HedgeBudget {
  const ratio = options.ratio ?? hedgeBudgetOptionSchema.ratio.default;
  const minPerSecond = options.minPerSecond ?? hedgeBudgetOptionSchema.minPerSecond.default;
  const windowMs = options.windowMs ?? hedgeBudgetOptionSchema.windowMs.default;
  const now = options.now ?? (() => performance.now());
  const issues = optionIssues(hedgeBudgetOptionSchema, { ratio, minPerSecond, windowMs }, 'hedge.budget');
  if (issues.length > 0) throw new ConfigError(issues);

  const reserve = minPerSecond * (windowMs / 1000);
  const slotMs = windowMs / SLOTS;
  const calls = new Array<number>(SLOTS).fill(0);
  const hedges = new Array<number>(SLOTS).fill(0);
  let callTotal = 0;
  let hedgeTotal = 0;
  let exhausted = 0;
  let currentSlot = Math.floor(now() / slotMs);

  // Drops the slots that slid out of the window since the last call.
  function advance(): number {
    const slot = Math.floor(now() / slotMs);
    const steps = Math.min(slot - currentSlot, SLOTS);
    for (let i = 1; i <= steps; i++) {
      const index = (currentSlot + i) % SLOTS;
      callTotal -= calls[index]!;
      hedgeTotal -= hedges[index]!;
      calls[index] = 0;
      hedges[index] = 0;
    }
    if (slot > currentSlot) currentSlot = slot;
    return currentSlot % SLOTS;
  }

  const available = () => Math.max(0, Math.floor(reserve + ratio * callTotal) - hedgeTotal);

  return {
    recordCall() {
      const index = advance();
      calls[index]! += 1;
      callTotal += 1;
    },
    canWithdraw() {
      advance();
      return available() > 0;
    },
    tryWithdraw() {
      const index = advance();
      if (available() <= 0) {
        exhausted += 1;
        return false;
      }
      hedges[index]! += 1;
      hedgeTotal += 1;
      return true;
    },
    stats() {
      advance();
      return { calls: callTotal, hedges: hedgeTotal, available: available(), exhausted };
    },
  };
}

export function isHedgeBudget(value: unknown): value is HedgeBudget {
  const budget = value as Partial<HedgeBudget> | null | undefined;
  return typeof budget?.tryWithdraw === 'function' && typeof budget.recordCall === 'function';
}
