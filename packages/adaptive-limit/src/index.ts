export {
  type AdaptiveAlgorithm,
  type AdaptiveConcurrency,
  type AdaptiveConcurrencyOptions,
  type AdaptiveConcurrencyStats,
  adaptiveConcurrency,
} from './adaptive-concurrency.js';
export { isDrop } from './drop-signal.js';
export { Gradient2Limit, type Gradient2Options } from './gradient2.js';
export type { LimitAlgorithm } from './limit-algorithm.js';
export { adaptiveConcurrencyOptionSchema } from './option-schema.js';
export { SampleWindow, type WindowSummary } from './sample-window.js';
export { VegasLimit, type VegasOptions } from './vegas.js';
