export interface LatencySummary {
  p50: number;
  p90: number;
  p99: number;
  max: number;
}

/** Percentiles that the sample count can support: a p99 needs at least 100 calls, a p90 10, or it is undefined. */
export function summariseLatency(latenciesMs: Float64Array): Partial<LatencySummary> {
  const sorted = Float64Array.from(latenciesMs).sort();
  const n = sorted.length;
  const at = (q: number, needed: number) => (n < needed ? undefined : sorted[Math.min(n - 1, Math.ceil(q * n) - 1)]);
  const summary: Partial<LatencySummary> = {};
  const p50 = at(0.5, 2);
  const p90 = at(0.9, 10);
  const p99 = at(0.99, 100);
  if (p50 !== undefined) summary.p50 = p50;
  if (p90 !== undefined) summary.p90 = p90;
  if (p99 !== undefined) summary.p99 = p99;
  if (n > 0) summary.max = sorted[n - 1] as number;
  return summary;
}
