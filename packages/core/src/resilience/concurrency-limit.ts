import { ConfigError, type ConfigIssue } from '../errors/config-error.js';
import { QueueFullError } from '../errors/queue-full-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import { callEvent, channels, type QueueEvent } from '../events.js';
import type { GatewayRequest, GatewayResponse, Handler, Middleware } from '../types.js';
import { whenAborted } from './abort-listeners.js';
import { errorForAbort } from './abort-reason.js';
import { isTimeoutMs, MAX_TIMEOUT_MS } from './timeout-option.js';

export interface ConcurrencyLimitOptions {
  /** Calls allowed in flight at once. */
  maxConcurrent: number;
  /** Calls allowed to wait for a slot; one more is refused at once with `QueueFullError`. 0 for no queue. */
  maxQueue: number;
  /** Longest wait in the queue before `TimeoutError('queue')`. Default: until the call's deadline or abort. */
  queueTimeoutMs?: number;
}

export interface ConcurrencyStats {
  readonly inFlight: number;
  readonly queued: number;
}

export type ConcurrencyLimit = Middleware & {
  stats(): ConcurrencyStats;
  /** The calls allowed in flight now: `maxConcurrent` until `setMaxConcurrent()` changes it. */
  readonly maxConcurrent: number;
  /** Calls refused with `QueueFullError` so far. */
  readonly shed: number;
  /**
   * Changes the limit at run time (an adaptive limit drives it). A higher one lets queued calls in at once; a lower
   * one never cancels a running call: slots are not handed on until the calls in flight are below it.
   */
  setMaxConcurrent(limit: number): void;
};

interface Waiter {
  grant(): void;
}

/**
 * A bulkhead: at most `maxConcurrent` calls run at once, up to `maxQueue` more wait in FIFO order, and the rest
 * are refused before anything is sent. A waiting call leaves the queue when it times out or its signal aborts.
 */
export function concurrencyLimit(options: ConcurrencyLimitOptions): ConcurrencyLimit {
  const checked = checkOptions(options);
  const { maxQueue, queueTimeoutMs } = checked;
  let maxConcurrent = checked.maxConcurrent;
  let inFlight = 0;
  let shed = 0;
  // A Set keeps insertion order (FIFO) and removes an aborted waiter in O(1).
  const waiters = new Set<Waiter>();

  function publish(request: GatewayRequest, state: QueueEvent['state']): void {
    if (!channels.queue.hasSubscribers) return;
    const event: QueueEvent = callEvent(request, { state, inFlight, queued: waiters.size });
    channels.queue.publish(event);
  }

  function release(): void {
    const first = waiters.values().next();
    if (first.done || inFlight > maxConcurrent) {
      inFlight--;
      return;
    }
    // The slot passes straight to the next waiter, so inFlight does not change.
    waiters.delete(first.value);
    first.value.grant();
  }

  /** Takes a slot: undefined when one was free (taken at once), else the wait for one (or its refusal). */
  function acquire(request: GatewayRequest): Promise<void> | undefined {
    const signal = request.signal;
    if (signal?.aborted) return Promise.reject(errorForAbort(signal.reason, request));
    if (inFlight < maxConcurrent) {
      inFlight++;
      return undefined;
    }
    const errorOptions = { operation: request.operation, requestId: request.requestId, attempts: request.attempt };
    if (waiters.size >= maxQueue) {
      shed++;
      publish(request, 'rejected');
      return Promise.reject(new QueueFullError(maxConcurrent, maxQueue, errorOptions));
    }
    return new Promise<void>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      let stopListening = () => {};
      const leave = (error: unknown, state: QueueEvent['state']) => {
        waiters.delete(waiter);
        cleanup();
        publish(request, state);
        reject(error);
      };
      const cleanup = () => {
        if (timer !== undefined) clearTimeout(timer);
        stopListening();
      };
      const waiter: Waiter = {
        grant() {
          cleanup();
          publish(request, 'dequeued');
          resolve();
        },
      };
      waiters.add(waiter);
      // The queue's own timeout, or the call's deadline when that comes first: a queued call never outlives it.
      // (A deadline leaving the queue is reported as the caller's abort was: 'dequeued', not a queue timeout.)
      const deadline = request.deadline;
      const remaining = deadline?.remainingMs() ?? Number.POSITIVE_INFINITY;
      if (deadline !== undefined && (queueTimeoutMs === undefined || remaining < queueTimeoutMs)) {
        timer = setTimeout(() => leave(deadline.error(errorOptions), 'dequeued'), Math.max(0, remaining));
      } else if (queueTimeoutMs !== undefined) {
        timer = setTimeout(
          () => leave(new TimeoutError('queue', queueTimeoutMs, errorOptions), 'timeout'),
          queueTimeoutMs,
        );
      }
      timer?.unref();
      if (signal !== undefined) {
        stopListening = whenAborted(signal, () => leave(errorForAbort(signal.reason, request), 'dequeued'));
      }
      publish(request, 'queued');
    });
  }

  const passed = <T>(response: T): T => {
    release();
    return response;
  };
  const failed = (error: unknown): never => {
    release();
    throw error;
  };
  const run = (next: Handler, request: GatewayRequest): Promise<GatewayResponse> => {
    let work: Promise<GatewayResponse>;
    try {
      work = next(request);
    } catch (error) {
      work = Promise.reject(error);
    }
    return work.then(passed, failed);
  };
  // A free slot takes no promise turn of its own: the call runs at once, and one `then` gives the slot back.
  const middleware: Middleware = (next) => (request) => {
    const waiting = acquire(request);
    return waiting === undefined ? run(next, request) : waiting.then(() => run(next, request));
  };
  function setMaxConcurrent(limit: number): void {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new ConfigError([{ path: 'concurrencyLimit.maxConcurrent', message: 'must be an integer >= 1' }]);
    }
    maxConcurrent = limit;
    for (
      let first = waiters.values().next();
      !first.done && inFlight < maxConcurrent;
      first = waiters.values().next()
    ) {
      inFlight++;
      waiters.delete(first.value);
      first.value.grant();
    }
  }
  return Object.defineProperties(
    Object.assign(middleware, {
      stats: (): ConcurrencyStats => ({ inFlight, queued: waiters.size }),
      setMaxConcurrent,
    }),
    { maxConcurrent: { get: () => maxConcurrent, enumerable: true }, shed: { get: () => shed, enumerable: true } },
  ) as ConcurrencyLimit;
}

function checkOptions(options: ConcurrencyLimitOptions): ConcurrencyLimitOptions {
  const issues: ConfigIssue[] = [];
  const { maxConcurrent, maxQueue, queueTimeoutMs } = options ?? ({} as ConcurrencyLimitOptions);
  if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1) {
    issues.push({ path: 'concurrencyLimit.maxConcurrent', message: 'must be an integer >= 1' });
  }
  if (!Number.isInteger(maxQueue) || maxQueue < 0) {
    issues.push({ path: 'concurrencyLimit.maxQueue', message: 'must be an integer >= 0' });
  }
  if (queueTimeoutMs !== undefined && !isTimeoutMs(queueTimeoutMs)) {
    issues.push({ path: 'concurrencyLimit.queueTimeoutMs', message: `must be a number of ms in 1..${MAX_TIMEOUT_MS}` });
  }
  if (issues.length > 0) throw new ConfigError(issues);
  return { maxConcurrent, maxQueue, queueTimeoutMs };
}
