import { ConfigError } from '../errors/config-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import type { Middleware } from '../types.js';
import { attemptBound } from './call-deadline.js';
import { runWithTimeout } from './timed-signal.js';
import { isTimeoutMs, MAX_TIMEOUT_MS } from './timeout-option.js';

export interface AttemptTimeoutOptions {
  /** Longest single attempt, in ms. */
  timeoutMs: number;
}

/**
 * Bounds each attempt: the attempt's `signal` aborts with `TimeoutError('attempt')` after `timeoutMs`, or with
 * `TimeoutError('deadline')` when the call's deadline comes first. Place it inside retry, so that a slow attempt
 * can be retried while the deadline still bounds the whole call. (The preset uses the transport's own
 * `attemptTimeoutMs` instead: the same bound, without the AbortController an inner handler's signal needs here.)
 */
export function attemptTimeout(options: AttemptTimeoutOptions): Middleware {
  const timeoutMs = options?.timeoutMs;
  if (!isTimeoutMs(timeoutMs)) {
    throw new ConfigError([
      { path: 'attemptTimeout.timeoutMs', message: `must be a number of ms in 1..${MAX_TIMEOUT_MS}` },
    ]);
  }
  return (next) => (request) => {
    const bound = attemptBound(timeoutMs, request.deadline)!;
    const reason = () =>
      new TimeoutError(bound.phase, bound.timeoutMs, {
        operation: request.operation,
        requestId: request.requestId,
        attempts: request.attempt,
      });
    // Nothing is sent once the deadline has passed.
    if (bound.ms <= 0) return Promise.reject(reason());
    return runWithTimeout(next, request, bound.ms, reason);
  };
}
