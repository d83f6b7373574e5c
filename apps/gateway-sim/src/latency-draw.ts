import type { Latency } from './options.js';
import type { Random } from './seeded-random.js';

/** One answer's latency in ms: fixed, or uniform in `[min, max]`, times `tail.factor` for a `tail.share` of draws. */
export function drawLatency(latency: Latency, random: Random): number {
  if (typeof latency === 'number') return latency;
  const drawn = latency.min + Math.floor(random() * (latency.max - latency.min + 1));
  if (latency.tail === undefined || random() >= latency.tail.share) return drawn;
  return Math.min(drawn * latency.tail.factor, 600_000);
}
