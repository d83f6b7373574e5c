import { concurrencyLimitOptionSchema, countOption, msOption, numberOption } from '@mcpgw/core/kit';

/**
 * Bounds, defaults and docs of `adaptiveConcurrency()`'s options; the preset's schema and docs read them. `maxLimit`,
 * `maxQueue` and `queueTimeoutMs` are the fixed bulkhead's (`maxConcurrent`, `maxQueue`, `queueTimeoutMs`).
 */
export const adaptiveConcurrencyOptionSchema = {
  maxLimit: { ...concurrencyLimitOptionSchema.maxConcurrent, doc: 'The ceiling of the limit.' },
  maxQueue: concurrencyLimitOptionSchema.maxQueue,
  queueTimeoutMs: concurrencyLimitOptionSchema.queueTimeoutMs,
  // Below a handful of calls one slow tool starves the rest of the process; the gateway's 503s still cut to it.
  minLimit: countOption('calls', 'The floor of the limit.', 8, { min: 1, max: 1_000_000 }),
  initialLimit: countOption(
    'calls',
    'The limit before the first window closes (kept within the floor and ceiling).',
    20,
    {
      min: 1,
      max: 1_000_000,
    },
  ),
  windowMs: msOption('Calls are averaged over a window at least this long before the limit moves.', 200),
  minWindowSamples: countOption('calls', 'Calls a window needs before it closes (unless it saw a drop).', 10, {
    min: 1,
    max: 100_000,
  }),
  alpha: numberOption(
    'calls per log10(limit)',
    'Vegas: fewer calls queued at the gateway than this grows the limit.',
    3,
    {
      min: 0,
      max: 100,
    },
  ),
  beta: numberOption('calls per log10(limit)', 'Vegas: more calls queued at the gateway than this shrinks it.', 6, {
    min: 0,
    max: 100,
  }),
  baselineWindow: countOption('windows', 'Vegas: windows over which the no-load latency forgets its minimum.', 600, {
    min: 1,
    max: 1_000_000,
  }),
  smoothing: numberOption('share', 'Gradient2: How far the limit moves toward its new value in one window.', 0.2, {
    min: 0.01,
    max: 1,
  }),
  rttTolerance: numberOption(
    'ratio',
    "Gradient2: How much slower than the long-term latency a window's may be before the limit falls.",
    1.5,
    { min: 1, max: 10 },
  ),
  queueSize: countOption('calls', 'Gradient2: Headroom added to the limit each window while latency holds.', 4, {
    min: 0,
    max: 1_000,
  }),
  longWindow: countOption('windows', 'Gradient2: Windows the long-term latency averages over (exponentially).', 600, {
    min: 2,
    max: 1_000_000,
  }),
  backoffRatio: numberOption('ratio', 'The limit is multiplied by this after a window with a drop.', 0.9, {
    min: 0.1,
    max: 1,
    belowMax: true,
  }),
} as const;
