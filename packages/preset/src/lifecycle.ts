import {
  boundedWait,
  ClientClosedError,
  errorForAbort,
  type GatewayRequest,
  type Middleware,
  settlesAtAbort,
  whenAborted,
} from '@mcpgw/core';

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

/**
 * The preset's own layer: counts the calls in flight, refuses calls once the client is closing, and merges the
 * client's shutdown signal into each call's signal, so that the drain deadline can abort every layer inside.
 */
export function lifecycle(): Lifecycle {
  let state: LifecycleState = 'open';
  let inFlight = 0;
  // Calls listen on it through whenAborted(): one listener, however many calls are in flight.
  const shutdown = new AbortController();
  let idle: (() => void) | undefined;

  const settled = () => {
    inFlight--;
    if (inFlight === 0) idle?.();
  };

  const middleware: Middleware = (next) => {
    // A handler inside that already settles each call at its signal's abort (the deadline layer with a totalMs) ends
    // it at shutdown too, since the shutdown signal is in that signal: a second race here would only cost a hop.
    const racedInside = settlesAtAbort(next);
    return async (request) => {
      if (state !== 'open') {
        throw new ClientClosedError({ operation: request.operation, requestId: request.requestId });
      }
      inFlight++;
      const linked = linkSignals(request.signal, shutdown.signal);
      try {
        const work = next({ ...request, signal: linked.signal });
        // A layer that ignores the signal still cannot hold the call past the drain deadline.
        return await (racedInside ? work : raceShutdown(work, shutdown.signal, request));
      } catch (error) {
        throw closedErrorFor(error, shutdown.signal, request);
      } finally {
        linked.dispose();
        settled();
      }
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
 * The call's signal and the shutdown signal as one. A call without a signal of its own takes the shutdown signal
 * as it is (no allocation). Not `AbortSignal.any()`: that keeps every child reachable from the long-lived
 * shutdown signal until the client is collected.
 */
function linkSignals(own: AbortSignal | undefined, shutdown: AbortSignal): LinkedSignal {
  if (own === undefined) return { signal: shutdown, dispose() {} };
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
  if (!shutdown.aborted || error !== shutdown.reason || !(error instanceof ClientClosedError)) return error;
  return new ClientClosedError({
    operation: request.operation,
    requestId: request.requestId,
    mayHaveReachedServer: true,
  });
}
