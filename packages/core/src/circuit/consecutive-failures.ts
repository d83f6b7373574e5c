import type { TripRule } from './circuit.js';

/** Opens after `threshold` failures in a row; any success starts the count again. */
export function consecutiveFailures(threshold: number): TripRule {
  let failures = 0;
  return {
    success() {
      failures = 0;
    },
    failure() {
      return ++failures >= threshold;
    },
    reset() {
      failures = 0;
    },
  };
}
