import {
  type BreakerState,
  type BreakerStateEvent,
  CircuitOpenError,
  ConfigError,
  channels,
  type GatewayRequest,
  type GatewayResponse,
  type Handler,
  type Middleware,
  type SharedCircuits,
} from '@mcpgw/core';
import { Circuit, optionIssues, REFUSED } from '@mcpgw/core/kit';
import { isAvailabilityFailure, saysNothingOfUpstream } from './is-failure.js';
import { breakerOptionSchema } from './option-schema.js';
import { RollingWindow } from './rolling-window.js';

export interface BreakerOptions {
  /** Failure share (%) of the calls in the rolling window above which a circuit opens. Default 50. */
  errorThresholdPercentage?: number;
  /** Calls needed in the rolling window before a circuit may open at all. Default 20. */
  volumeThreshold?: number;
  /** Time a circuit stays open before it lets a probe through. Default 10 000. */
  resetTimeoutMs?: number;
  /** Length of the rolling window. Default 10 000. */
  rollingCountTimeoutMs?: number;
  /** Buckets of the rolling window. Default 10. */
  rollingCountBuckets?: number;
  /** Probes allowed in flight while half-open; the others fail fast. Default 1. */
  halfOpenMaxProbes?: number;
  /** One circuit per origin and operation instead of per origin. Default false. */
  perOperation?: boolean;
  /** Replaces the failure test (`isAvailabilityFailure`): true when the error counts against the circuit. */
  isFailure?: (error: unknown, request: GatewayRequest) => boolean;
  /**
   * Circuits shared with the other processes of a fleet (`fleetState().circuits` of `@mcpgw/fleet`): a circuit this
   * breaker opens is opened in the others, and one they open is opened here. Default: this process alone.
   */
  shared?: SharedCircuits;
}

export interface BreakerStats {
  readonly state: BreakerState;
  /** Epoch ms of the next probe while open. */
  readonly nextAttemptAt: number | undefined;
  /** Counts over the rolling window. */
  readonly calls: number;
  readonly successes: number;
  readonly failures: number;
  readonly rejects: number;
}

export type BreakerMiddleware = Middleware & {
  /** Per circuit key (`origin`, or `origin operation` with `perOperation`). */
  stats(): Record<string, BreakerStats>;
  /** Forgets every circuit and stops the shared timer; later calls pass straight through. */
  close(): void;
  /** The same as `close()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
};

interface Upstream {
  readonly key: string;
  readonly circuit: Circuit;
  readonly window: RollingWindow;
}

/**
 * Circuit breakers per upstream, created on first use: core's `Circuit` state machine with a rolling window as its
 * trip rule. An open circuit fails at once with `CircuitOpenError`. Sits inside retry and outside the attempt
 * timeout: `compose(retry(), breaker(), attemptTimeout(...))`.
 */
export function breaker(options: BreakerOptions = {}): BreakerMiddleware {
  const settings = resolveOptions(options);
  const isFailure = options.isFailure ?? isAvailabilityFailure;
  const upstreams = new Map<string, Upstream>();
  let timer: NodeJS.Timeout | undefined;
  let closed = false;
  const shared = options.shared;
  // Set while a circuit opens on the fleet's news, so that the news is not sent back as this process's own.
  let holding = false;
  function hold(circuit: Circuit, openMs: number): void {
    holding = true;
    try {
      circuit.holdOpen(openMs);
    } finally {
      holding = false;
    }
  }
  // A circuit not created yet reads the fleet's view when it is (`openFor` in add()).
  const unwatch = shared?.watch((key, openMs) => {
    const upstream = upstreams.get(key);
    if (upstream !== undefined && !closed) hold(upstream.circuit, openMs);
  });

  // One unref'd interval per breaker() rotates every window, and moves circuits whose pause is over to half-open
  // (reading `state` does), so the event comes without waiting for traffic.
  function tick(): void {
    for (const upstream of upstreams.values()) {
      upstream.window.rotate();
      void upstream.circuit.state;
    }
  }

  function add(key: string, client: string): Upstream {
    if (timer === undefined) {
      timer = setInterval(tick, Math.max(1, Math.floor(settings.rollingCountTimeoutMs / settings.rollingCountBuckets)));
      timer.unref();
    }
    const window = new RollingWindow(
      settings.rollingCountBuckets,
      settings.volumeThreshold,
      settings.errorThresholdPercentage,
    );
    const circuit = new Circuit({
      trip: window,
      openMs: settings.resetTimeoutMs,
      halfOpenMaxProbes: settings.halfOpenMaxProbes,
      onChange(from, to, nextAttemptAt) {
        if (to === 'open' && !holding) shared?.opened(key, settings.resetTimeoutMs);
        if (!channels.breakerState.hasSubscribers) return;
        const event: BreakerStateEvent = { client, upstream: key, from, to, nextAttemptAt };
        channels.breakerState.publish(event);
      },
    });
    const upstream = { key, circuit, window };
    upstreams.set(key, upstream);
    const heldMs = shared?.openFor(key) ?? 0;
    if (heldMs > 0) hold(circuit, heldMs);
    return upstream;
  }

  // `.then` with the outcome handlers, not an async function: one promise less per call (measured in the bench).
  function call(upstream: Upstream, ticket: number, next: Handler, request: GatewayRequest) {
    const { circuit } = upstream;
    return next(request).then(
      (response: GatewayResponse) => {
        circuit.succeeded(ticket);
        return response;
      },
      (error: unknown) => {
        if (saysNothingOfUpstream(error, request)) circuit.released(ticket);
        else if (isFailure(error, request)) circuit.failed(ticket);
        // An answer that is not a failure (a 404) is the upstream answering.
        else circuit.succeeded(ticket);
        throw error;
      },
    );
  }

  const middleware: Middleware = (next) => (request) => {
    if (closed) return next(request);
    const key = settings.perOperation ? `${request.origin} ${request.operation}` : request.origin;
    const upstream = upstreams.get(key) ?? add(key, request.client);
    const ticket = upstream.circuit.admit();
    if (ticket !== REFUSED) return call(upstream, ticket, next, request);
    upstream.window.reject();
    return Promise.reject(
      new CircuitOpenError(key, upstream.circuit.nextAttemptAt, {
        operation: request.operation,
        requestId: request.requestId,
        attempts: request.attempt,
      }),
    );
  };

  return Object.assign(middleware, {
    stats(): Record<string, BreakerStats> {
      const result: Record<string, BreakerStats> = {};
      for (const [key, { circuit, window }] of upstreams) {
        result[key] = { state: circuit.state, nextAttemptAt: circuit.nextAttemptAt, ...window.counts };
      }
      return result;
    },
    close(): void {
      closed = true;
      unwatch?.();
      upstreams.clear();
      if (timer !== undefined) clearInterval(timer);
      timer = undefined;
    },
    async [Symbol.asyncDispose](): Promise<void> {
      this.close();
    },
  });
}

type Settings = Required<Omit<BreakerOptions, 'isFailure' | 'shared'>>;

// The bounds are the option schema's, so breaker() and the preset refuse the same values.
function resolveOptions(options: BreakerOptions): Settings {
  const issues = optionIssues(breakerOptionSchema, options as Readonly<Record<string, unknown>>, 'breaker');
  const shared = options.shared as Partial<SharedCircuits> | undefined;
  if (
    shared !== undefined &&
    (typeof shared?.opened !== 'function' || typeof shared.openFor !== 'function' || typeof shared.watch !== 'function')
  ) {
    issues.push({ path: 'breaker.shared', message: 'must be a SharedCircuits, e.g. fleetState().circuits' });
  }
  if (issues.length > 0) throw new ConfigError(issues);
  const d = breakerOptionSchema;
  return {
    errorThresholdPercentage: options.errorThresholdPercentage ?? d.errorThresholdPercentage.default,
    volumeThreshold: options.volumeThreshold ?? d.volumeThreshold.default,
    resetTimeoutMs: options.resetTimeoutMs ?? d.resetTimeoutMs.default,
    rollingCountTimeoutMs: options.rollingCountTimeoutMs ?? d.rollingCountTimeoutMs.default,
    rollingCountBuckets: options.rollingCountBuckets ?? d.rollingCountBuckets.default,
    halfOpenMaxProbes: options.halfOpenMaxProbes ?? d.halfOpenMaxProbes.default,
    perOperation: options.perOperation ?? d.perOperation.default,
  };
}
