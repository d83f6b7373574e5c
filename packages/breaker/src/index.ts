export { type BreakerMiddleware, type BreakerOptions, type BreakerStats, breaker } from './breaker.js';
export { isAvailabilityFailure } from './is-failure.js';
export { breakerOptionSchema } from './option-schema.js';
