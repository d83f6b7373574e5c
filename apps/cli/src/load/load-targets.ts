import type { ClosedLoopResult } from './closed-loop.js';
import type { LatencySummary } from './latency-summary.js';

export interface LoadTargets {
  /** Highest share of failed calls, in percent. */
  maxErrorPercent: number;
  /** Highest p99 latency, in ms. */
  maxP99Ms: number;
}

export interface TargetResult {
  target: string;
  measured: string;
  /** A target the run could not measure (too few calls) counts as missed: nothing is claimed without data. */
  met: boolean;
}

export function checkTargets(
  run: ClosedLoopResult,
  latency: Partial<LatencySummary>,
  targets: LoadTargets,
): TargetResult[] {
  const errorPercent = run.calls === 0 ? undefined : (run.failed / run.calls) * 100;
  return [
    {
      target: `failed calls ≤ ${targets.maxErrorPercent} %`,
      measured:
        errorPercent === undefined
          ? 'no calls finished'
          : `${errorPercent.toFixed(2)} % (${run.failed} of ${run.calls})`,
      met: errorPercent !== undefined && errorPercent <= targets.maxErrorPercent,
    },
    {
      target: `p99 latency ≤ ${targets.maxP99Ms} ms`,
      measured:
        latency.p99 === undefined
          ? `not measurable from ${run.calls} calls (100 needed)`
          : `${latency.p99.toFixed(1)} ms`,
      met: latency.p99 !== undefined && latency.p99 <= targets.maxP99Ms,
    },
  ];
}
