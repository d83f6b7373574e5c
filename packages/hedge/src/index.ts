export { type HedgeMiddleware, type HedgeOptions, type HedgeStats, hedge } from './hedge.js';
export * from './hedge-budget.js';
export { isHedgeable } from './is-hedgeable.js';
export { LatencyHistogram, type LatencyHistogramOptions } from './latency-histogram.js';
export { hedgeBudgetOptionSchema, hedgeOptionSchema } from './option-schema.js';
