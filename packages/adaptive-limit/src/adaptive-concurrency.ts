import {
  type ConcurrencyStats,
  ConfigError,
  channels,
  concurrencyLimit,
  type GatewayRequest,
  type GatewayResponse,
  type Handler,
  type LimitEvent,
  type LimitReason,
  type Middleware,
} from '@mcpgw/core';
import { optionIssues } from '@mcpgw/core/kit';
import { isDrop } from './drop-signal.js';
import { Gradient2Limit } from './gradient2.js';
import type { LimitAlgorithm } from './limit-algorithm.js';
import { adaptiveConcurrencyOptionSchema as schema } from './option-schema.js';
import { SampleWindow, type WindowSummary } from './sample-window.js';
import { VegasLimit } from './vegas.js';

export interface AdaptiveConcurrencyOptions {
  /** `vegas` (default): holds the gateway's queue at a few calls; `gradient2`: follows changes of latency. */
  algorithm?: AdaptiveAlgorithm;
  /** The ceiling of the limit (the fixed bulkhead's `maxConcurrent`). Default 256. */
  maxLimit?: number;
  /** The floor of the limit. Default 8. */
  minLimit?: number;
  /** The limit before the first window closes. Default 20. */
  initialLimit?: number;
  /** Calls allowed to wait for a slot; one more is refused with `QueueFullError`. Default 1024. */
  maxQueue?: number;
  /** Longest wait in the queue before `TimeoutError('queue')`. Default: until the call's deadline or abort. */
  queueTimeoutMs?: number;
  /** Shortest window calls are averaged over before the limit moves. Default 200. */
  windowMs?: number;
  /** Calls a window needs before it closes, unless it saw a drop. Default 10. */
  minWindowSamples?: number;
  /** Vegas: fewer calls queued at the gateway than `alpha × log10(limit)` grows the limit. Default 3. */
  alpha?: number;
  /** Vegas: more than `beta × log10(limit)` shrinks it. Default 6. */
  beta?: number;
  /** Vegas: windows over which the no-load latency forgets its minimum. Default 600. */
  baselineWindow?: number;
  /** Gradient2: how far the limit moves toward its new value per window, 0.01..1. Default 0.2. */
  smoothing?: number;
  /** Gradient2: how much slower than the long-term latency a window may be before the limit falls. Default 1.5. */
  rttTolerance?: number;
  /** Gradient2: headroom added per window while latency holds. Default 4. */
  queueSize?: number;
  /** Gradient2: windows the long-term latency averages over. Default 600. */
  longWindow?: number;
  /** Factor applied to the limit after a window with a drop. Default 0.9. */
  backoffRatio?: number;
  /** Clock in ms; for tests. Default `performance.now`. */
  now?: () => number;
}

export type AdaptiveAlgorithm = 'vegas' | 'gradient2';

const algorithms: readonly AdaptiveAlgorithm[] = ['vegas', 'gradient2'];

export interface AdaptiveConcurrencyStats extends ConcurrencyStats {
  /** The calls allowed in flight now. */
  readonly limit: number;
  /** Calls refused with `QueueFullError` so far. */
  readonly shed: number;
  /** The last window's mean latency, and what it is compared with (Vegas: the no-load latency), in ms; 0 before. */
  readonly shortRttMs: number;
  readonly longRttMs: number;
}

export type AdaptiveConcurrency = Middleware & {
  stats(): AdaptiveConcurrencyStats;
  /** The limit now, as the fixed bulkhead names it. */
  readonly maxConcurrent: number;
};

/**
 * A concurrency limit that follows the gateway's latency (Gradient2, see gradient2.ts) between `minLimit` and
 * `maxLimit`. It is core's bulkhead with its limit moved at run time: the same FIFO queue bounded by `maxQueue`, the
 * same `QueueFullError` and `mcpgw:queue` events. Each call is timed from the moment it got its slot to its end;
 * only calls that say something about the gateway's load are counted (see drop-signal.ts).
 */
export function adaptiveConcurrency(options: AdaptiveConcurrencyOptions = {}): AdaptiveConcurrency {
  const o = resolve(options);
  const now = options.now ?? (() => performance.now());
  const algorithm: LimitAlgorithm = o.algorithm === 'gradient2' ? new Gradient2Limit(o) : new VegasLimit(o);
  const bulkhead = concurrencyLimit({
    maxConcurrent: algorithm.limit,
    maxQueue: o.maxQueue,
    ...(o.queueTimeoutMs === undefined ? {} : { queueTimeoutMs: o.queueTimeoutMs }),
  });
  const window = new SampleWindow(o.windowMs, o.minWindowSamples, now());
  let inFlight = 0;

  function closed(summary: WindowSummary, request: GatewayRequest): void {
    const from = bulkhead.maxConcurrent;
    const reason = algorithm.update(summary);
    const to = algorithm.limit;
    if (reason === undefined || to === from) return;
    bulkhead.setMaxConcurrent(to);
    publish(request, from, to, reason);
  }

  function publish(request: GatewayRequest, from: number, to: number, reason: LimitReason): void {
    if (!channels.limit.hasSubscribers) return;
    const event: LimitEvent = {
      client: request.client,
      from,
      to,
      reason,
      shortRttMs: algorithm.shortRttMs,
      longRttMs: algorithm.longRttMs,
    };
    channels.limit.publish(event);
  }

  // Runs inside the bulkhead, so a queued call is timed from the moment it got its slot.
  const measured =
    (next: Handler): Handler =>
    (request) => {
      const start = now();
      const busy = ++inFlight;
      let work: Promise<GatewayResponse>;
      try {
        work = next(request);
      } catch (error) {
        work = Promise.reject(error);
      }
      return work.then(
        (response) => {
          inFlight--;
          const end = now();
          // Its first attempt failed (a 503, a reset, a timeout) and the retry layer inside made up for it.
          const summary = response.attempts > 1 ? window.drop(busy, end) : window.add(end - start, busy, end);
          if (summary !== undefined) closed(summary, request);
          return response;
        },
        (error: unknown) => {
          inFlight--;
          if (isDrop(error)) {
            const summary = window.drop(busy, now());
            if (summary !== undefined) closed(summary, request);
          }
          throw error;
        },
      );
    };

  const middleware: Middleware = (next) => bulkhead(measured(next));
  return Object.defineProperty(
    Object.assign(middleware, {
      stats: (): AdaptiveConcurrencyStats => ({
        ...bulkhead.stats(),
        limit: bulkhead.maxConcurrent,
        shed: bulkhead.shed,
        shortRttMs: algorithm.shortRttMs,
        longRttMs: algorithm.longRttMs,
      }),
    }),
    'maxConcurrent',
    { get: () => bulkhead.maxConcurrent, enumerable: true },
  ) as AdaptiveConcurrency;
}

type Resolved = Required<Omit<AdaptiveConcurrencyOptions, 'now' | 'queueTimeoutMs'>> & { queueTimeoutMs?: number };

function resolve(options: AdaptiveConcurrencyOptions): Resolved {
  const given = (options ?? {}) as Record<string, unknown>;
  const issues = optionIssues(schema, given, 'adaptiveConcurrency');
  if (options?.algorithm !== undefined && !algorithms.includes(options.algorithm)) {
    issues.push({ path: 'adaptiveConcurrency.algorithm', message: `must be one of ${algorithms.join(', ')}` });
  }
  if (options?.now !== undefined && typeof options.now !== 'function') {
    issues.push({ path: 'adaptiveConcurrency.now', message: 'must be a function returning milliseconds' });
  }
  const pick = (name: Exclude<keyof typeof schema, 'queueTimeoutMs'>): number =>
    (given[name] as number | undefined) ?? (schema[name].default as number);
  const resolved: Resolved = {
    maxLimit: pick('maxLimit'),
    // An unset floor follows a ceiling set below it.
    minLimit: given.minLimit === undefined ? Math.min(pick('minLimit'), pick('maxLimit')) : pick('minLimit'),
    initialLimit: pick('initialLimit'),
    maxQueue: pick('maxQueue'),
    windowMs: pick('windowMs'),
    minWindowSamples: pick('minWindowSamples'),
    algorithm: options?.algorithm ?? 'vegas',
    alpha: pick('alpha'),
    beta: pick('beta'),
    baselineWindow: pick('baselineWindow'),
    smoothing: pick('smoothing'),
    rttTolerance: pick('rttTolerance'),
    queueSize: pick('queueSize'),
    longWindow: pick('longWindow'),
    backoffRatio: pick('backoffRatio'),
    ...(options?.queueTimeoutMs === undefined ? {} : { queueTimeoutMs: options.queueTimeoutMs }),
  };
  if (issues.length === 0 && resolved.minLimit > resolved.maxLimit) {
    issues.push({
      path: 'adaptiveConcurrency.minLimit',
      message: `must be at most maxLimit (${resolved.maxLimit}), got ${resolved.minLimit}`,
    });
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return resolved;
}
