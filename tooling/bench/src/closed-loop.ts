import { LatencyRecorder, type LatencySummary, round } from './latency-recorder.js';
import { describe } from './open-loop.js';

export interface ClosedLoopOptions {
  /** Callers, each sending its next request as soon as the last one answers. */
  workers: number;
  durationMs: number;
}

export interface ClosedLoopResult {
  readonly workers: number;
  readonly durationMs: number;
  readonly completed: number;
  readonly errors: number;
  readonly opsPerSec: number;
  readonly latency: LatencySummary;
  readonly firstError?: string;
}

/** Maximum throughput: `workers` callers in a tight loop for `durationMs`. */
export async function runClosedLoop(
  call: (i: number) => Promise<unknown>,
  options: ClosedLoopOptions,
): Promise<ClosedLoopResult> {
  const recorder = new LatencyRecorder();
  const start = performance.now();
  const end = start + options.durationMs;
  let next = 0;
  let completed = 0;
  let errors = 0;
  let firstError: string | undefined;
  const worker = async () => {
    while (performance.now() < end) {
      const t0 = performance.now();
      try {
        await call(next++);
        recorder.recordMs(performance.now() - t0);
        completed++;
      } catch (error) {
        errors++;
        firstError ??= describe(error);
      }
    }
  };
  await Promise.all(Array.from({ length: options.workers }, worker));
  const elapsedMs = performance.now() - start;
  const result: ClosedLoopResult = {
    workers: options.workers,
    durationMs: options.durationMs,
    completed,
    errors,
    opsPerSec: round((completed / elapsedMs) * 1000),
    latency: recorder.summary(),
    ...(firstError === undefined ? {} : { firstError }),
  };
  recorder.destroy();
  return result;
}

/** Brings JIT, pools and caches to a steady state before anything is measured. */
export async function warmUp(call: (i: number) => Promise<unknown>, ms: number, workers = 8): Promise<void> {
  await runClosedLoop(call, { workers, durationMs: ms });
}
