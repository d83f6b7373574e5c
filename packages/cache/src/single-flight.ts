import { type GatewayRequest, type GatewayResponse, TimeoutError } from '@mcpgw/core';
import { boundedWait, errorForAbort, SharedAbortController, type WaitOutcome } from '@mcpgw/core/kit';

export interface Flight {
  readonly promise: Promise<GatewayResponse>;
  /** Shared: the transport listens on its signal without a DOM listener of its own. */
  readonly controller: SharedAbortController;
  /** A background refresh is never aborted by its waiters leaving. */
  readonly background: boolean;
  waiters: number;
}

/**
 * One upstream request per key at a time; everyone asking for the same key meanwhile shares its outcome. Each
 * waiter leaves at its own abort or deadline; the shared request is aborted only when every waiter has left, so one
 * caller giving up (or running out of time) never fails the others.
 */
export class SingleFlight {
  readonly #flights = new Map<string, Flight>();

  get(key: string): Flight | undefined {
    // Most lookups of a warm cache find no flight at all: skip hashing the key for them.
    return this.#flights.size === 0 ? undefined : this.#flights.get(key);
  }

  get size(): number {
    return this.#flights.size;
  }

  /**
   * `run` gets the flight's own signal, and `done`, which it calls once its outcome is known and before the promise
   * it returned settles: the flight is gone when the waiters resume, at no promise turn of its own. The request it
   * sends must carry no caller's deadline (see `flightRequest`): the flight outlives any one waiter, bounded by the
   * attempt timeout and the retry policy.
   */
  start(
    key: string,
    run: (signal: AbortSignal, done: () => void) => Promise<GatewayResponse>,
    background = false,
  ): Flight {
    const controller = new SharedAbortController();
    // `done` runs in a reaction of `run`'s request, never before the flight below is registered.
    const promise = run(controller.signal, () => {
      if (this.#flights.get(key) === flight) this.#flights.delete(key);
    });
    const flight: Flight = { promise, controller, background, waiters: 0 };
    this.#flights.set(key, flight);
    return flight;
  }

  /**
   * The flight's outcome for one caller, or the caller's own abort or deadline, whichever comes first, as `outcome`
   * makes it. A request whose `deadline` a `deadline()` layer outside set is bounded by it; one with only
   * `timeoutMs` (the deadline layer inside the cache, or none) is bounded by that, from now. Every waiter reacts to
   * the flight's promise, so a flight everyone left never surfaces as an unhandled rejection.
   */
  wait<R>(flight: Flight, request: GatewayRequest, outcome: WaitOutcome<GatewayResponse, R>): Promise<R> {
    const { signal, deadline } = request;
    const timeoutMs = deadline === undefined ? request.timeoutMs : undefined;
    flight.waiters++;
    if (signal === undefined && deadline === undefined && timeoutMs === undefined) {
      return flight.promise.then(outcome.value, outcome.error);
    }
    // Aborted already, it leaves without reacting to the flight: the flight's rejection must still be handled.
    if (signal?.aborted) flight.promise.catch(noop);
    // Only a waiter that leaves early (its abort or deadline) leaves the flight; one that got the outcome stays counted.
    const leave = (error: unknown): unknown => {
      this.#leave(flight);
      return error;
    };
    return boundedWait(
      flight.promise,
      {
        signal,
        abortError: (reason) => leave(errorForAbort(reason, request)),
        ms: deadline === undefined ? timeoutMs : deadline.remainingMs(),
        timeError: () => {
          const context = { operation: request.operation, requestId: request.requestId };
          return leave(
            deadline === undefined ? new TimeoutError('deadline', timeoutMs!, context) : deadline.error(context),
          );
        },
        // With only timeoutMs, ref'd, as the caller awaits it: should the flight hang without I/O of its own, this is
        // what settles the call. A deadline's wait joins the shared timeout queue, as the deadline's other waits do.
        keepAlive: deadline === undefined,
      },
      outcome,
    );
  }

  #leave(flight: Flight): void {
    flight.waiters--;
    if (flight.waiters === 0 && !flight.background) flight.controller.abort(new Error('every waiter left'));
  }
}

/** The request a flight sends: the flight's signal, and no deadline or timeout of the caller who happened to start it. */
export function flightRequest(request: GatewayRequest, signal: AbortSignal): GatewayRequest {
  return { ...request, signal, deadline: undefined, timeoutMs: undefined };
}

function noop(): void {}
