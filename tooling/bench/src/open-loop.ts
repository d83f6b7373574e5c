import { LatencyRecorder, type LatencySummary, round } from './latency-recorder.js';

export interface OpenLoopOptions {
  /** Arrivals per second. */
  rate: number;
  durationMs: number;
  /** Requests allowed in flight; an arrival past it is dropped and counted as an error. Default 20 000. */
  maxOutstanding?: number;
  /** How long to wait for stragglers after the last arrival. Default 30 000 ms. */
  drainTimeoutMs?: number;
}

export interface OpenLoopResult {
  readonly rate: number;
  readonly durationMs: number;
  readonly sent: number;
  readonly completed: number;
  readonly errors: number;
  readonly dropped: number;
  /** Completed requests per second over the whole run. */
  readonly achievedRate: number;
  /** Completion time − intended send time, µs: queueing behind a slow client shows up here. */
  readonly latency: LatencySummary;
  readonly firstError?: string;
}

/**
 * Sends at a fixed arrival rate without waiting for answers, so a slow system cannot slow the load down
 * (no coordinated omission). Each latency is measured from when the request was due, not when it went out.
 */
export function runOpenLoop(call: (i: number) => Promise<unknown>, options: OpenLoopOptions): Promise<OpenLoopResult> {
  const { rate, durationMs } = options;
  const maxOutstanding = options.maxOutstanding ?? 20_000;
  const drainTimeoutMs = options.drainTimeoutMs ?? 30_000;
  const intervalMs = 1000 / rate;
  const total = Math.max(1, Math.round((rate * durationMs) / 1000));
  const recorder = new LatencyRecorder();
  const start = performance.now() + 2;
  let sent = 0;
  let completed = 0;
  let errors = 0;
  let dropped = 0;
  let outstanding = 0;
  let lastDone = start;
  let firstError: string | undefined;

  return new Promise((resolve) => {
    let drainTimer: NodeJS.Timeout | undefined;
    const finish = () => {
      if (drainTimer !== undefined) clearTimeout(drainTimer);
      const elapsedS = Math.max(lastDone - start, 1) / 1000;
      const result: OpenLoopResult = {
        rate,
        durationMs,
        sent,
        completed,
        errors: errors + dropped + outstanding,
        dropped,
        achievedRate: round(completed / elapsedS),
        latency: recorder.summary(),
        ...(firstError === undefined ? {} : { firstError }),
      };
      recorder.destroy();
      resolve(result);
    };
    const settle = () => {
      outstanding--;
      if (sent === total && outstanding === 0) finish();
    };
    const tick = () => {
      const now = performance.now();
      while (sent < total) {
        const intended = start + sent * intervalMs;
        if (intended > now) break;
        const i = sent++;
        if (outstanding >= maxOutstanding) {
          dropped++;
          continue;
        }
        outstanding++;
        call(i).then(
          () => {
            lastDone = performance.now();
            recorder.recordMs(lastDone - intended);
            completed++;
            settle();
          },
          (error: unknown) => {
            lastDone = performance.now();
            errors++;
            firstError ??= describe(error);
            settle();
          },
        );
      }
      if (sent < total) {
        const wait = start + sent * intervalMs - performance.now();
        setTimeout(tick, wait > 1 ? Math.floor(wait) : 0);
      } else if (outstanding === 0) {
        finish();
      } else {
        drainTimer = setTimeout(finish, drainTimeoutMs);
      }
    };
    setTimeout(tick, 2);
  });
}

export function describe(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 300);
  return String(error).slice(0, 300);
}
