import { ConfigError } from '../errors/config-error.js';
import type { Handler, Middleware } from '../types.js';
import { errorForAbort } from './abort-reason.js';
import { boundedWait } from './bounded-wait.js';
import { Deadline } from './call-deadline.js';
import { markSettlesAtAbort } from './settles-at-abort.js';
import { checkTimeoutMs, isTimeoutMs, MAX_TIMEOUT_MS } from './timeout-option.js';

export interface DeadlineOptions {
  /** Overall timeout of a call, all attempts and backoff included; a call's own `timeoutMs` wins. Default none. */
  totalMs?: number;
  /**
   * Default true: every call is raced against its deadline and its signal here, so a layer inside that ignores both
   * still cannot hold it. False only sets `request.deadline`, for a pipeline whose every layer bounds its own waits
   * by it (the preset's: a promise, a timer entry and a listener less per call).
   */
  enforce?: boolean;
}

/**
 * Turns the call's overall timeout (`request.timeoutMs ?? totalMs`) into `request.deadline`, a {@link Deadline} every
 * layer inside reads, and ends the call with `TimeoutError('deadline')` when it passes or with the caller's reason
 * when the caller aborts, even if a layer inside ignores both. A call with neither passes through untouched. An
 * earlier deadline set further out is kept.
 *
 * No AbortController is made here: `request.signal` stays the caller's own, and each layer that waits bounds its
 * wait by the deadline itself (the transport ends its request then; a backoff, a queue or a coalesced wait never
 * outlasts it). That saves a controller, its listeners and a request copy per call.
 */
export function deadline(options: DeadlineOptions = {}): Middleware {
  const totalMs = options.totalMs;
  if (totalMs !== undefined && !isTimeoutMs(totalMs)) {
    throw new ConfigError([{ path: 'deadline.totalMs', message: `must be a number of ms in 1..${MAX_TIMEOUT_MS}` }]);
  }
  if (options.enforce !== undefined && typeof options.enforce !== 'boolean') {
    throw new ConfigError([{ path: 'deadline.enforce', message: 'must be true or false' }]);
  }
  const enforce = options.enforce !== false;
  return (next) => {
    const handler: Handler = (request) => {
      const chosen = request.timeoutMs ?? totalMs;
      if (chosen === undefined) return next(request);
      let timeoutMs: number;
      try {
        timeoutMs = request.timeoutMs === undefined ? chosen : checkTimeoutMs(chosen, request, 'timeoutMs');
      } catch (error) {
        return Promise.reject(error);
      }
      const outer = request.deadline;
      const own = outer === undefined ? new Deadline(timeoutMs) : outer.within(timeoutMs);
      const signal = request.signal;
      if (signal?.aborted) return Promise.reject(errorForAbort(signal.reason, request));
      // An earlier deadline from further out is kept (and still raced here, as the mark says every call is).
      const work = next(own === outer ? request : { ...request, deadline: own });
      if (!enforce) return work;
      const context = { operation: request.operation, requestId: request.requestId };
      return boundedWait(work, {
        signal,
        abortError: (reason) => errorForAbort(reason, request),
        // A deadline just set from timeoutMs: a whole number of ms shares a timeout queue with every other call's.
        ms: own === outer ? own.remainingMs() : timeoutMs,
        timeError: () => own.error(context),
      });
    };
    // With a totalMs every call is raced against its signal here (an inner deadline only ever comes earlier).
    return totalMs === undefined || !enforce ? handler : markSettlesAtAbort(handler);
  };
}
