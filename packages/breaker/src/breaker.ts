import {
  type BreakerState,
  type BreakerStateEvent,
  CircuitOpenError,
  ConfigError,
  type ConfigIssue,
  channels,
  type GatewayRequest,
  type GatewayResponse,
  type Handler,
  type Middleware,
} from '@mcpgw/core';
import CircuitBreaker from 'opossum';
import { BucketRotator } from './bucket-rotator.js';
import { isAvailabilityFailure } from './is-failure.js';

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
  /** Shuts every circuit down and stops the shared timer; later calls pass straight through. */
  close(): void;
  /** The same as `close()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
};

interface Circuit {
  readonly key: string;
  readonly client: string;
  readonly opossum: CircuitBreaker<[Handler, GatewayRequest], GatewayResponse>;
  state: BreakerState;
  nextAttemptAt: number | undefined;
  extraProbes: number;
}

const callThrough = (next: Handler, request: GatewayRequest) => next(request);

/**
 * Circuit breakers per upstream on opossum, created on first use and wrapping each call (the circuit is not bound
 * to a function: the next handler is passed per call). An open circuit fails at once with `CircuitOpenError`.
 * Sits inside retry and outside the attempt timeout: `compose(retry(), breaker(), attemptTimeout(...))`.
 */
export function breaker(options: BreakerOptions = {}): BreakerMiddleware {
  const settings = resolveOptions(options);
  const isFailure = options.isFailure ?? isAvailabilityFailure;
  const circuits = new Map<string, Circuit>();
  const rotator = new BucketRotator(
    Math.max(1, Math.floor(settings.rollingCountTimeoutMs / settings.rollingCountBuckets)),
  );
  let closed = false;

  function transition(circuit: Circuit, to: BreakerState): void {
    const from = circuit.state;
    circuit.state = to;
    if (to !== 'open') circuit.nextAttemptAt = undefined;
    if (from === to || !channels.breakerState.hasSubscribers) return;
    const event: BreakerStateEvent = {
      client: circuit.client,
      upstream: circuit.key,
      from,
      to,
      nextAttemptAt: circuit.nextAttemptAt,
    };
    channels.breakerState.publish(event);
  }

  function circuitFor(key: string, client: string): Circuit {
    const existing = circuits.get(key);
    if (existing !== undefined) return existing;
    rotator.start();
    const opossum = new CircuitBreaker(callThrough, {
      name: key,
      // Attempts are bounded by the attempt timeout layer inside the breaker, not by opossum.
      timeout: false,
      errorThresholdPercentage: settings.errorThresholdPercentage,
      volumeThreshold: settings.volumeThreshold,
      resetTimeout: settings.resetTimeoutMs,
      rollingCountTimeout: settings.rollingCountTimeoutMs,
      rollingCountBuckets: settings.rollingCountBuckets,
      rotateBucketController: rotator,
      enableSnapshots: false,
      // Latency arrays grow with every call; metrics come from the attempt events instead.
      rollingPercentilesEnabled: false,
      // opossum calls it with the fire() arguments after the error; a filtered error counts as a success.
      errorFilter: (error: unknown, _next?: Handler, request?: GatewayRequest) =>
        request !== undefined && !isFailure(error, request),
    });
    const circuit: Circuit = { key, client, opossum, state: 'closed', nextAttemptAt: undefined, extraProbes: 0 };
    opossum.on('open', () => {
      circuit.nextAttemptAt = Date.now() + settings.resetTimeoutMs;
      transition(circuit, 'open');
    });
    opossum.on('halfOpen', () => transition(circuit, 'half-open'));
    opossum.on('close', () => transition(circuit, 'closed'));
    circuits.set(key, circuit);
    return circuit;
  }

  // A second and later probe while half-open runs beside opossum, which lets one through; its outcome closes or
  // reopens the circuit the same way.
  async function extraProbe(circuit: Circuit, next: Handler, request: GatewayRequest): Promise<GatewayResponse> {
    circuit.extraProbes++;
    try {
      const response = await next(request);
      if (circuit.opossum.halfOpen) circuit.opossum.close();
      return response;
    } catch (error) {
      if (circuit.opossum.halfOpen && isFailure(error, request)) circuit.opossum.open();
      throw error;
    } finally {
      circuit.extraProbes--;
    }
  }

  const middleware: Middleware = (next) => async (request) => {
    if (closed) return next(request);
    const key = settings.perOperation ? `${request.origin} ${request.operation}` : request.origin;
    const circuit = circuitFor(key, request.client);
    const { opossum } = circuit;
    if (opossum.halfOpen && !opossum.pendingClose && circuit.extraProbes < settings.halfOpenMaxProbes - 1) {
      return extraProbe(circuit, next, request);
    }
    try {
      return await opossum.fire(next, request);
    } catch (error) {
      if (error instanceof Error && CircuitBreaker.isOurError(error)) {
        throw new CircuitOpenError(key, circuit.state === 'open' ? circuit.nextAttemptAt : undefined, {
          operation: request.operation,
          requestId: request.requestId,
          attempts: request.attempt,
        });
      }
      throw error;
    }
  };

  return Object.assign(middleware, {
    stats(): Record<string, BreakerStats> {
      const result: Record<string, BreakerStats> = {};
      for (const [key, circuit] of circuits) {
        const s = circuit.opossum.stats;
        result[key] = {
          state: circuit.state,
          nextAttemptAt: circuit.nextAttemptAt,
          calls: s.fires,
          successes: s.successes,
          failures: s.failures,
          rejects: s.rejects,
        };
      }
      return result;
    },
    close(): void {
      closed = true;
      for (const circuit of circuits.values()) circuit.opossum.shutdown();
      circuits.clear();
      rotator.stop();
    },
    async [Symbol.asyncDispose](): Promise<void> {
      this.close();
    },
  });
}

type Settings = Required<Omit<BreakerOptions, 'isFailure'>>;

function resolveOptions(options: BreakerOptions): Settings {
  const settings: Settings = {
    errorThresholdPercentage: options.errorThresholdPercentage ?? 50,
    volumeThreshold: options.volumeThreshold ?? 20,
    resetTimeoutMs: options.resetTimeoutMs ?? 10_000,
    rollingCountTimeoutMs: options.rollingCountTimeoutMs ?? 10_000,
    rollingCountBuckets: options.rollingCountBuckets ?? 10,
    halfOpenMaxProbes: options.halfOpenMaxProbes ?? 1,
    perOperation: options.perOperation ?? false,
  };
  const issues: ConfigIssue[] = [];
  const check = (name: keyof Settings, ok: boolean, message: string) => {
    if (!ok) issues.push({ path: `breaker.${name}`, message });
  };
  const p = settings.errorThresholdPercentage;
  check('errorThresholdPercentage', Number.isFinite(p) && p >= 0 && p < 100, 'must be a number in 0..99.99');
  check('volumeThreshold', isCount(settings.volumeThreshold, 0), 'must be an integer >= 0');
  check('resetTimeoutMs', isCount(settings.resetTimeoutMs, 1), 'must be an integer number of ms >= 1');
  check('rollingCountTimeoutMs', isCount(settings.rollingCountTimeoutMs, 1), 'must be an integer number of ms >= 1');
  check('rollingCountBuckets', isCount(settings.rollingCountBuckets, 1), 'must be an integer >= 1');
  check('halfOpenMaxProbes', isCount(settings.halfOpenMaxProbes, 1), 'must be an integer >= 1');
  if (issues.length > 0) throw new ConfigError(issues);
  return settings;
}

function isCount(value: number, min: number): boolean {
  return Number.isInteger(value) && value >= min && value <= 2_147_483_647;
}
