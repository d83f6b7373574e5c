import { booleanOption, countOption, msOption, numberOption } from '@mcpgw/core/kit';

/** Bounds, defaults and docs of `breaker()`'s options; the preset's schema and docs read them. */
export const breakerOptionSchema = {
  // A circuit opens when more than this share failed: at 100 it could never open.
  errorThresholdPercentage: numberOption(
    'percent of calls',
    'Failure share (%) of the calls in the rolling window above which a circuit opens.',
    50,
    { min: 0, max: 100, belowMax: true },
  ),
  volumeThreshold: countOption('calls', 'Calls needed in the rolling window before a circuit may open at all.', 20, {
    min: 0,
  }),
  resetTimeoutMs: msOption('Time a circuit stays open before it lets a probe through.', 10_000),
  rollingCountTimeoutMs: msOption('Length of the rolling window.', 10_000),
  rollingCountBuckets: countOption('buckets', 'Buckets of the rolling window.', 10, { min: 1 }),
  halfOpenMaxProbes: countOption('probes', 'Probes allowed in flight while half-open; the others fail fast.', 1, {
    min: 1,
  }),
  perOperation: booleanOption('One circuit per origin and operation instead of per origin.', false),
} as const;
