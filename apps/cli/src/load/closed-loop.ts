import { codeOf } from '../output/error-message.js';

export interface LoadCall {
  operation: string;
  run(): Promise<unknown>;
}

export interface ClosedLoopOptions {
  /** Calls in flight at any time. */
  concurrency: number;
  /** No call starts after this long. */
  durationMs: number;
  /** No more calls than this, whatever the time: the latency array is allocated up front. */
  maxCalls: number;
  /** The i-th call. */
  next(i: number): LoadCall;
  /** After each finished call. */
  onCall?(done: number, failed: number): void;
}

export interface ClosedLoopResult {
  calls: number;
  failed: number;
  elapsedMs: number;
  /** One latency per call, in the order they started. */
  latenciesMs: Float64Array;
  /** Failed calls by error code. */
  errors: Record<string, number>;
  /** Calls by operation. */
  operations: Record<string, number>;
}

/**
 * `concurrency` workers, each starting its next call when the last one finished, until the time or the call count
 * runs out; every call started is awaited, so the result accounts for all of them.
 */
export async function runClosedLoop(options: ClosedLoopOptions): Promise<ClosedLoopResult> {
  const latenciesMs = new Float64Array(options.maxCalls);
  const errors: Record<string, number> = {};
  const operations: Record<string, number> = {};
  let started = 0;
  let done = 0;
  let failed = 0;
  const start = performance.now();
  const end = start + options.durationMs;
  const worker = async () => {
    while (started < options.maxCalls && performance.now() < end) {
      const i = started++;
      const call = options.next(i);
      operations[call.operation] = (operations[call.operation] ?? 0) + 1;
      const t0 = performance.now();
      try {
        await call.run();
      } catch (error) {
        failed++;
        const code = codeOf(error);
        errors[code] = (errors[code] ?? 0) + 1;
      }
      latenciesMs[i] = performance.now() - t0;
      done++;
      options.onCall?.(done, failed);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));
  return {
    calls: started,
    failed,
    elapsedMs: performance.now() - start,
    latenciesMs: latenciesMs.subarray(0, started),
    errors,
    operations,
  };
}
