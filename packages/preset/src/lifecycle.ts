import { ClientClosedError, type GatewayRequest, type GatewayResponse, type Middleware } from '@mcpgw/core';
import { boundedWait, errorForAbort, SharedAbortController, settlesAtAbort, whenAborted } from '@mcpgw/core/kit';

export type LifecycleState = 'open' | 'draining' | 'closed';

export interface Lifecycle {
  readonly middleware: Middleware;
  readonly state: LifecycleState;
  /** Calls that entered the pipeline and have not settled. */
  readonly inFlight: number;
  /**
   * Refuses new calls at once, waits up to `drainTimeoutMs` for the calls in flight, then aborts the rest with
   * `ClientClosedError` and waits for them to settle. Resolves true when everything finished on its own.
   */
  drain(drainTimeoutMs: number): Promise<boolean>;
  /** Marks the end of shutdown, after the layers have been released. */
  markClosed(): void;
}

export interface LifecycleOptions {
  /**
   * Default true: each call is raced against the shutdown signal, so a layer inside that ignores its signal still
   * ends at the drain deadline. False when every layer inside ends its waits at `request.signal` (the preset's own).
   */
  raceShutdown?: boolean;
}

/**
 * The preset's own layer: counts the calls in flight, refuses calls once the client is closing, and merges the
 * client's shutdown signal into each call's signal, so that the drain deadline can abort every layer inside.
 */
export function lifecycle(options: LifecycleOptions = {}): Lifecycle {
  let state: LifecycleState = 'open';
  let inFlight = 0;
  // Calls listen on it through whenAborted(), which costs them no DOM listener on this controller's signal.
  const shutdown = new SharedAbortController();
  let idle: (() => void) | undefined;

  const unlinked: LinkedSignal = { signal: shutdown.signal, dispose() {} };
  const settled = () => {
    inFlight--;
    if (inFlight === 0) idle?.();
  };

  const middleware: Middleware = (next) => {
    // A handler inside that already settles each call at its signal's abort (the deadline layer with a totalMs) ends
    // it at shutdown too, since the shutdown signal is in that signal: a second race here would only cost a hop.
    const racedInside = options.raceShutdown === false || settlesAtAbort(next);
    // Not async: one `then` settles the bookkeeping, where an async function with try/finally costs more turns.
    return (request) => {
      if (state !== 'open') {
        return Promise.reject(new ClientClosedError({ operation: request.operation, requestId: request.requestId }));
      }
      inFlight++;
      const linked = request.signal === undefined ? unlinked : linkSignals(request.signal, shutdown.signal);
      const done = () => {
        linked.dispose();
        settled();
      };
      let work: Promise<GatewayResponse>;
      try {
        work = next({ ...request, signal: linked.signal });
        // A layer that ignores the signal still cannot hold the call past the drain deadline.
        if (!racedInside) work = raceShutdown(work, shutdown.signal, request);
      } catch (error) {
        work = Promise.reject(error);
      }
      return work.then(
        (response) => {
          done();
          return response;
        },
        (error: unknown) => {
          done();
          throw closedErrorFor(error, shutdown.signal, request);
        },
      );
    };
  };

  return {
    middleware,
    get state() {
      return state;
    },
    get inFlight() {
      return inFlight;
    },
    async drain(drainTimeoutMs: number): Promise<boolean> {
      if (state === 'open') state = 'draining';
      if (inFlight === 0) return true;
      const allDone = new Promise<void>((resolve) => {
        idle = resolve;
      });
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), drainTimeoutMs);
      });
      const finished = await Promise.race([allDone.then(() => true), timedOut]);
      clearTimeout(timer);
      if (!finished) {
        shutdown.abort(new ClientClosedError());
        await allDone;
      }
      return finished;
    },
    markClosed() {
      state = 'closed';
    },
  };
}

interface LinkedSignal {
  readonly signal: AbortSignal;
  dispose(): void;
}

/**
 * The call's signal and the shutdown signal as one (a call without a signal of its own takes the shutdown signal as
 * it is). Not `AbortSignal.any()`: that keeps every child reachable from the long-lived
 * shutdown signal until the client is collected.
 */
function linkSignals(own: AbortSignal, shutdown: AbortSignal): LinkedSignal {
  const controller = new AbortController();
  if (own.aborted) {
    controller.abort(own.reason);
    return { signal: controller.signal, dispose() {} };
  }
  const stopOwn = whenAborted(own, () => controller.abort(own.reason));
  const stopShutdown = whenAborted(shutdown, () => controller.abort(shutdown.reason));
  return {
    signal: controller.signal,
    dispose() {
      stopOwn();
      stopShutdown();
    },
  };
}

/** The call's work, unless the shutdown signal aborts first (through core's one bounded wait). */
function raceShutdown<T>(work: Promise<T>, shutdown: AbortSignal, request: GatewayRequest): Promise<T> {
  return boundedWait(work, { signal: shutdown, abortError: (reason) => errorForAbort(reason, request) });
}

/** The shutdown's own reason, as the call it ended sees it: with its context, and possibly sent. */
function closedErrorFor(error: unknown, shutdown: AbortSignal, request: GatewayRequest): unknown {
  // The shutdown's reason itself, or a copy a layer inside gave the call's context: either way the drain ended it.
  if (!shutdown.aborted || !(error instanceof ClientClosedError)) return error;
  return new ClientClosedError({
    operation: request.operation,
    requestId: request.requestId,
    mayHaveReachedServer: true,
  });
}
