import { booleanOption, countOption, msOption, numberOption } from '@mcpgw/core/kit';

/** Bounds, defaults and docs of `hedge()`'s options; the preset's schema and docs read them. */
export const hedgeOptionSchema = {
  // Below p50 every other call would be hedged; p99.9 needs more samples than the window holds to mean anything.
  percentile: numberOption(
    'percent',
    'Latency percentile of the recent answers after which a second branch is sent.',
    95,
    { min: 50, max: 99.9 },
  ),
  delayMs: msOption('A fixed delay before the second branch, instead of the percentile.', undefined),
  minDelayMs: msOption('Floor of the delay: no branch is sent sooner than this.', 1),
  // Fewer samples than this make a percentile that is mostly noise.
  minSamples: countOption('samples', 'Answers seen per upstream and operation before anything is hedged.', 20, {
    min: 1,
    max: 100_000,
  }),
  // Each extra branch is a full request to a gateway that is already slow for this call.
  maxHedges: countOption('branches', 'Extra branches per call at most.', 1, { min: 1, max: 3 }),
  windowSamples: countOption('samples', 'Samples per half of the latency window (it keeps two halves).', 1_000, {
    min: 10,
    max: 1_000_000,
  }),
  hedgeInvokes: booleanOption(
    'Hedge an invoke that is idempotent (it carries an Idempotency-Key); reads only when false.',
    true,
  ),
} as const;

/** Bounds, defaults and docs of the hedge budget's options. */
export const hedgeBudgetOptionSchema = {
  // Hedging more than every other call doubles the load, which is what the budget is there to prevent.
  ratio: numberOption('hedges per call', 'Hedges allowed as a share of the hedgeable calls in the window.', 0.05, {
    min: 0,
    max: 0.5,
  }),
  minPerSecond: numberOption(
    'hedges per second',
    'Hedges allowed per second of window on top of the ratio, so a quiet client can still hedge.',
    1,
    { min: 0, max: 1_000_000 },
  ),
  windowMs: msOption('Length of the sliding window of the budget.', 10_000, { min: 10 }),
} as const;
