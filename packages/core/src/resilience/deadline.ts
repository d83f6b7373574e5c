import { ConfigError } from '../errors/config-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import type { Middleware } from '../types.js';
import { runWithTimeout } from './timed-signal.js';
import { checkTimeoutMs, isTimeoutMs, MAX_TIMEOUT_MS } from './timeout-option.js';

export interface DeadlineOptions {
  /** Overall timeout of a call, all attempts and backoff included; a call's own `timeoutMs` wins. Default none. */
  totalMs?: number;
}

/**
 * Turns the call's overall timeout (`request.timeoutMs ?? totalMs`) into `request.deadline` (on the
 * `performance.now()` clock) and a `request.signal` that aborts with `TimeoutError('deadline')` when it passes, or
 * with the caller's reason when the caller aborts. A call with neither passes through untouched. An earlier
 * deadline set further out is kept.
 */
export function deadline(options: DeadlineOptions = {}): Middleware {
  const totalMs = options.totalMs;
  if (totalMs !== undefined && !isTimeoutMs(totalMs)) {
    throw new ConfigError([{ path: 'deadline.totalMs', message: `must be a number of ms in 1..${MAX_TIMEOUT_MS}` }]);
  }
  return (next) => async (request) => {
    const chosen = request.timeoutMs ?? totalMs;
    if (chosen === undefined) return next(request);
    const timeoutMs = request.timeoutMs === undefined ? chosen : checkTimeoutMs(chosen, request, 'timeoutMs');
    const now = performance.now();
    const at = now + timeoutMs;
    if (request.deadline !== undefined && request.deadline <= at) return next(request);
    const reason = () =>
      new TimeoutError('deadline', timeoutMs, { operation: request.operation, requestId: request.requestId });
    return runWithTimeout(next, request, timeoutMs, reason, at);
  };
}
