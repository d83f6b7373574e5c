import type { MemorySample } from './child-load.js';
import { runChild } from './child-runner.js';
import { round } from './latency-recorder.js';
import { slope } from './micro.js';
import { ProgressBar } from './progress.js';

export interface SoakSummary {
  readonly scenario: string;
  readonly rate: number;
  readonly durationMs: number;
  readonly warmupMs: number;
  readonly completed: number;
  readonly errors: number;
  /** Linear-regression slopes after the warm-up. */
  readonly rssSlopeMbPerHour: number;
  readonly heapSlopeMbPerHour: number;
  /** Mean of the last tenth of the samples minus the mean of the first tenth after the warm-up. */
  readonly rssGrowthMb: number;
  readonly heapGrowthMb: number;
  /** Handles by type, first and last sample after the warm-up; `growing` when the count kept climbing. */
  readonly resources: ReadonlyArray<{ type: string; start: number; end: number; max: number; growing: boolean }>;
  readonly processListeners: { readonly start: number; readonly end: number };
  readonly samples: readonly MemorySample[];
  readonly note?: string;
}

/** A fixed-rate run of the full stack (80 % hits) in a child process, sampling memory and handles every second. */
export async function runSoak(
  url: string,
  connections: number,
  rate: number,
  durationMs: number,
  progress: boolean,
): Promise<SoakSummary> {
  const scenario = 'full-stack-80/20';
  const bar = new ProgressBar(`memory soak @ ${rate} req/s`, durationMs, progress);
  const result = await runChild(
    { mode: 'soak', url, scenario, connections, durationMs, rate, workers: 0 },
    ['--expose-gc'],
    durationMs + 120_000,
  );
  bar.done();
  const warmupMs = Math.min(60_000, Math.round(durationMs * 0.2));
  const settled = result.samples.filter((s) => s.t * 1000 >= warmupMs);
  const points = settled.length >= 2 ? settled : result.samples;
  const perHour = (pick: (s: MemorySample) => number) =>
    round(slope(points.map((s) => [s.t / 3600, pick(s)] as const)), 2);
  const tenth = Math.max(1, Math.floor(points.length / 10));
  const mean = (list: readonly MemorySample[], pick: (s: MemorySample) => number) =>
    list.reduce((sum, s) => sum + pick(s), 0) / list.length;
  const growth = (pick: (s: MemorySample) => number) =>
    round(mean(points.slice(-tenth), pick) - mean(points.slice(0, tenth), pick), 2);
  const types = new Set(points.flatMap((s) => Object.keys(s.resources)));
  const resources = [...types].sort().map((type) => {
    const counts = points.map((s) => s.resources[type] ?? 0);
    const start = round(mean(points.slice(0, tenth), (s) => s.resources[type] ?? 0));
    const end = round(mean(points.slice(-tenth), (s) => s.resources[type] ?? 0));
    // Sockets and timers come and go with the load; a leak shows as a tail that stays well above the head.
    return { type, start, end, max: Math.max(...counts), growing: end > start * 1.5 + 5 };
  });
  return {
    scenario,
    rate,
    durationMs,
    warmupMs,
    completed: result.completed,
    errors: result.errors,
    rssSlopeMbPerHour: perHour((s) => s.rssMb),
    heapSlopeMbPerHour: perHour((s) => s.heapUsedMb),
    rssGrowthMb: growth((s) => s.rssMb),
    heapGrowthMb: growth((s) => s.heapUsedMb),
    resources,
    processListeners: { start: points[0]?.processListeners ?? 0, end: points.at(-1)?.processListeners ?? 0 },
    samples: result.samples,
    ...(result.note === undefined ? {} : { note: result.note }),
  };
}
