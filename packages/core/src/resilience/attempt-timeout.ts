import { ConfigError } from '../errors/config-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import type { GatewayRequest, Middleware } from '../types.js';
import { errorForAbort } from './abort-reason.js';
import { isDeadlineSignal, runWithTimeout } from './timed-signal.js';
import { isTimeoutMs, MAX_TIMEOUT_MS } from './timeout-option.js';

export interface AttemptTimeoutOptions {
  /** Longest single attempt, in ms. */
  timeoutMs: number;
}

/**
 * Bounds each attempt: the attempt's `signal` aborts with `TimeoutError('attempt')` after `timeoutMs`, or with
 * `TimeoutError('deadline')` when the call's deadline comes first. Place it inside retry, so that a slow attempt
 * can be retried while the deadline still bounds the whole call.
 */
/** The overall timeout behind a request's deadline: the call's own, else what was left of it when last measured. */
export function deadlineTimeoutMs(request: GatewayRequest, remainingMs: number): number {
  return request.timeoutMs ?? Math.max(0, Math.ceil(remainingMs));
}

export function attemptTimeout(options: AttemptTimeoutOptions): Middleware {
  const timeoutMs = options?.timeoutMs;
  if (!isTimeoutMs(timeoutMs)) {
    throw new ConfigError([
      { path: 'attemptTimeout.timeoutMs', message: `must be a number of ms in 1..${MAX_TIMEOUT_MS}` },
    ]);
  }
  return (next) => async (request) => {
    if (request.deadline !== undefined) {
      const remaining = request.deadline - performance.now();
      if (remaining <= 0) {
        throw request.signal?.aborted
          ? errorForAbort(request.signal.reason, request)
          : new TimeoutError('deadline', deadlineTimeoutMs(request, remaining), {
              operation: request.operation,
              requestId: request.requestId,
              attempts: request.attempt,
            });
      }
      if (remaining < timeoutMs) {
        // The deadline comes first; when the request carries the deadline's own signal, it already ends the attempt.
        if (request.signal !== undefined && isDeadlineSignal(request.signal)) return next(request);
        const reason = () =>
          new TimeoutError('deadline', deadlineTimeoutMs(request, remaining), {
            operation: request.operation,
            requestId: request.requestId,
            attempts: request.attempt,
          });
        return runWithTimeout(next, request, remaining, reason, undefined);
      }
    }
    return runWithTimeout(
      next,
      request,
      timeoutMs,
      () =>
        new TimeoutError('attempt', timeoutMs, {
          operation: request.operation,
          requestId: request.requestId,
          attempts: request.attempt,
        }),
      undefined,
    );
  };
}
