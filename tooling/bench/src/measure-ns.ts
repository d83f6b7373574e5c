import { Bench } from 'tinybench';
import { round } from './latency-recorder.js';

export interface NsMeasurement {
  /** Median batch, per call: a batch the scheduler or a GC interrupted does not move it, as it moves the mean. */
  readonly nsPerOp: number;
  readonly meanNsPerOp: number;
  /** Relative margin of error of the mean, %. */
  readonly rme: number;
}

/**
 * Mean cost of one call of `fn` with tinybench, calls batched by `batch` so that sub-microsecond costs stand above
 * the timer's own cost (as src/micro.ts does).
 */
export async function measureNs(
  fn: () => unknown,
  options: { timeMs: number; batch: number; sync?: boolean },
): Promise<NsMeasurement> {
  const bench = new Bench({ time: options.timeMs, warmupTime: Math.max(50, options.timeMs / 4), iterations: 5 });
  const { batch } = options;
  bench.add(
    'measured',
    options.sync === true
      ? () => {
          for (let i = 0; i < batch; i++) fn();
        }
      : async () => {
          for (let i = 0; i < batch; i++) await fn();
        },
  );
  await bench.run();
  const result = bench.tasks[0]!.result;
  if (result.state !== 'completed') {
    throw new Error(`measurement did not complete: ${'error' in result ? result.error.message : result.state}`);
  }
  return {
    nsPerOp: round((result.latency.p50 * 1e6) / batch),
    meanNsPerOp: round((result.latency.mean * 1e6) / batch),
    rme: round(result.latency.rme, 2),
  };
}
