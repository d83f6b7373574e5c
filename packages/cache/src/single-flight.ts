import { AbortError, type GatewayResponse, whenAborted } from '@mcpgw/core';

export interface Flight {
  readonly promise: Promise<GatewayResponse>;
  readonly controller: AbortController;
  /** A background refresh is never aborted by its waiters leaving. */
  readonly background: boolean;
  waiters: number;
}

/**
 * One upstream request per key at a time; everyone asking for the same key meanwhile shares its outcome. The
 * shared request is aborted only when every waiter has aborted, so one caller giving up never fails the others.
 */
export class SingleFlight {
  readonly #flights = new Map<string, Flight>();

  get(key: string): Flight | undefined {
    return this.#flights.get(key);
  }

  get size(): number {
    return this.#flights.size;
  }

  start(key: string, run: (signal: AbortSignal) => Promise<GatewayResponse>, background = false): Flight {
    const controller = new AbortController();
    const promise = run(controller.signal).finally(() => {
      if (this.#flights.get(key) === flight) this.#flights.delete(key);
    });
    // Waiters handle the outcome; this keeps a flight everyone left from surfacing as an unhandled rejection.
    promise.catch(() => {});
    const flight: Flight = { promise, controller, background, waiters: 0 };
    this.#flights.set(key, flight);
    return flight;
  }

  wait(
    flight: Flight,
    signal: AbortSignal | undefined,
    operation: string,
    requestId: string,
  ): Promise<GatewayResponse> {
    flight.waiters++;
    if (signal === undefined) return flight.promise;
    if (signal.aborted) {
      this.#leave(flight);
      return Promise.reject(new AbortError({ operation, requestId, cause: signal.reason }));
    }
    return new Promise<GatewayResponse>((resolve, reject) => {
      const onAbort = () => {
        this.#leave(flight);
        reject(new AbortError({ operation, requestId, cause: signal.reason }));
      };
      const stop = whenAborted(signal, onAbort);
      flight.promise.then(
        (response) => {
          stop();
          resolve(response);
        },
        (error: unknown) => {
          stop();
          reject(error);
        },
      );
    });
  }

  #leave(flight: Flight): void {
    flight.waiters--;
    if (flight.waiters === 0 && !flight.background) flight.controller.abort(new Error('every waiter aborted'));
  }
}
