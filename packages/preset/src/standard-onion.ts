import { type AdaptiveConcurrency, adaptiveConcurrency } from '@mcpgw/adaptive-limit';
import { type BreakerMiddleware, breaker as breakerLayer } from '@mcpgw/breaker';
import { type CacheMiddleware, type CacheStore, cache as cacheLayer, memoryStore } from '@mcpgw/cache';
import {
  type ConcurrencyLimit,
  compose,
  concurrencyLimit,
  createTransport,
  deadline,
  type Handler,
  type Middleware,
  type Transport,
} from '@mcpgw/core';
import { type HedgeMiddleware, hedge as hedgeLayer } from '@mcpgw/hedge';
import { type LoggingObserver, logging as loggingObserver } from '@mcpgw/logging';
import { type MetricsObserver, metrics as metricsObserver } from '@mcpgw/metrics';
import { type OAuthMiddleware, oauth } from '@mcpgw/oauth';
import { type AuthorizeMiddleware, authorize } from '@mcpgw/opa';
import { type RetryMiddleware, retryBudget, retry as retryLayer } from '@mcpgw/retry';
import { type TracingLayer, tracing as tracingLayer } from '@mcpgw/tracing';
import { stderrLogger } from './default-logger.js';
import { presetDefaults as d } from './defaults.js';
import { lazyFleetState, type PresetFleet } from './lazy-fleet-state.js';
import { lazyRedisStore } from './lazy-redis-store.js';
import { type Lifecycle, lifecycle as lifecycleLayer } from './lifecycle.js';
import { mcpBranchRequest, mcpShouldHedge } from './mcp-hedge.js';
import { mcpCacheDialect, mcpIsFailure, mcpShouldRetry, withJsonRpcIdPerAttempt } from './mcp-retry.js';
import type { CreateGatewayClientOptions, RedisOptions } from './options.js';

/**
 * Names of the layers, outermost first, as `createGatewayClient()` composes them around the transport (the
 * innermost handler; the attempt timeout is the transport's own option, not a layer).
 */
export const standardOrder = [
  'tracing',
  'lifecycle',
  'deadline',
  'authorize',
  'cache',
  'concurrencyLimit',
  'retry',
  'hedge',
  'auth',
  'breaker',
  'transport',
] as const;

export type LayerName = (typeof standardOrder)[number];

/**
 * Names of the observers `createGatewayClient()` attaches to core's event channels. They are not composed: they
 * see every layer's events wherever it sits, and a call never passes through them.
 */
export const standardObservers = ['metrics', 'logging'] as const;

export type ObserverName = (typeof standardObservers)[number];

/** The assembled pipeline and the stateful parts the client reports on and closes. */
export interface Onion {
  readonly handler: Handler;
  /** The layers composed, outermost first, the transport last. */
  readonly layers: readonly LayerName[];
  /** The observers attached. */
  readonly observers: readonly ObserverName[];
  readonly transport: Transport;
  readonly lifecycle: Lifecycle;
  /** The bulkhead: core's fixed one, or the adaptive limit (`limits.adaptive`), composed as `concurrencyLimit`. */
  readonly limit: ConcurrencyLimit | AdaptiveConcurrency;
  readonly tracing: TracingLayer | undefined;
  readonly metrics: MetricsObserver | undefined;
  readonly logging: LoggingObserver | undefined;
  readonly authorize: AuthorizeMiddleware | undefined;
  readonly cache: CacheMiddleware | undefined;
  readonly store: CacheStore | undefined;
  readonly retry: RetryMiddleware | undefined;
  readonly hedge: HedgeMiddleware | undefined;
  readonly auth: OAuthMiddleware | undefined;
  readonly breaker: BreakerMiddleware | undefined;
  /** Fleet-wide state through Redis (`fleet` option); undefined while off. */
  readonly fleet: PresetFleet | undefined;
}

/**
 * Builds the standard onion from checked options: tracing → lifecycle → deadline → authorize → cache →
 * concurrencyLimit → retry → hedge → auth → breaker → transport, with metrics and logging attached as observers. The deadline
 * sits outside authorize and cache so that the OPA check and a coalesced cache wait are bounded by the caller's total
 * timeout too; auth sits below retry so that getting a token never spends the retry budget.
 */
export function standardOnion(options: CreateGatewayClientOptions, name: string): Onion {
  const timeouts = { ...d.timeouts, ...options.timeouts };
  const pool = { ...d.pool, ...options.pool };
  const limits = { ...d.limits, ...options.limits };

  const transport = createTransport({
    connections: pool.connections,
    pipelining: pool.pipelining,
    keepAliveTimeoutMs: pool.keepAliveTimeoutMs,
    connectTimeoutMs: timeouts.connectMs,
    // The attempt timeout is the transport's own: it ends its request directly, without the AbortController the
    // attemptTimeout() layer needs (about 2 µs per attempt); same errors, same place in the onion.
    attemptTimeoutMs: timeouts.attemptMs,
    maxResponseBytes: limits.maxResponseBytes,
    ...(options.tls === undefined ? {} : { tls: options.tls }),
    dispatcher: options.dispatcher,
  });
  // Every layer composed here ends its waits at request.signal and request.deadline (the chaos suite proves it), so
  // neither the lifecycle nor the deadline layer races each call again: that race is for pipelines with unknown layers.
  const lifecycle = lifecycleLayer({ raceShutdown: false });
  const queueTimeout = limits.queueTimeoutMs === undefined ? {} : { queueTimeoutMs: limits.queueTimeoutMs };
  const adaptive = options.limits?.adaptive;
  // The adaptive limit is the same bulkhead with its limit moved, so it keeps the layer's place and name.
  const limit =
    adaptive === undefined || adaptive === false
      ? concurrencyLimit({ maxConcurrent: limits.maxConcurrent, maxQueue: limits.maxQueue, ...queueTimeout })
      : adaptiveConcurrency({
          ...(adaptive === true ? {} : adaptive),
          maxLimit: limits.maxConcurrent,
          maxQueue: limits.maxQueue,
          ...queueTimeout,
        });

  let store: CacheStore | undefined;
  let cache: CacheMiddleware | undefined;
  if (options.cache !== false) {
    const c = { ...d.cache, ...options.cache };
    store = c.store ?? redisStoreFor(c.redis) ?? memoryStore({ maxEntries: c.maxEntries, maxBytes: c.maxBytes });
    cache = cacheLayer({
      ttlMs: c.ttlMs,
      maxEntries: c.maxEntries,
      maxBytes: c.maxBytes,
      staleWhileRevalidateMs: c.staleWhileRevalidateMs,
      staleIfErrorMs: c.staleIfErrorMs,
      store,
      ...(options.protocol === 'mcp' ? { dialect: mcpCacheDialect } : {}),
    });
  }

  const fleet = fleetFor(options, name);
  const retry =
    options.retry === false
      ? undefined
      : retryLayer({
          ...d.retry,
          ...options.retry,
          ...(options.protocol === 'mcp' ? { shouldRetry: mcpShouldRetry } : {}),
          budget:
            options.retry?.budget === false
              ? false
              : (fleet?.budget ?? { ...d.retry.budget, ...options.retry?.budget }),
        });
  // Below retry, so each attempt may be hedged and a hedge never retries on its own; above the breaker, so every
  // branch passes it. It stops hedging while this retry budget is empty (read, not spent: a hedge is no retry).
  const hedge =
    options.hedge === undefined || options.hedge === false
      ? undefined
      : hedgeLayer({
          ...(options.hedge === true ? {} : options.hedge),
          ...(retry === undefined ? {} : { retryBudget: retry.budget }),
          ...(options.protocol === 'mcp' ? { shouldHedge: mcpShouldHedge, branchRequest: mcpBranchRequest } : {}),
        });
  const breaker =
    options.breaker === false
      ? undefined
      : breakerLayer({
          ...d.breaker,
          ...options.breaker,
          ...(options.protocol === 'mcp' ? { isFailure: mcpIsFailure } : {}),
          ...(fleet === undefined ? {} : { shared: fleet.circuits }),
        });
  const authz = options.opa === undefined || options.opa === false ? undefined : authorize(options.opa);
  // OAuth exchanges go where the client's requests go: through the same dispatcher (a proxy) unless auth names its own.
  const auth =
    options.auth === undefined || options.auth === false
      ? undefined
      : oauth({ ...(options.dispatcher === undefined ? {} : { dispatcher: options.dispatcher }), ...options.auth });

  const metrics =
    options.metrics === false
      ? undefined
      : metricsObserver({
          ...options.metrics,
          client: name,
          pools: () => transport.stats(),
          concurrencyLimit: () => limit.maxConcurrent,
          ...(cache === undefined ? {} : { cacheStats: () => cache.stats() }),
        });
  const tracing = options.tracing === false ? undefined : tracingLayer({ ...options.tracing, client: name });
  const logging =
    options.logger === false
      ? undefined
      : loggingObserver({
          client: name,
          slowMs: options.logging?.slowMs ?? d.logging.slowMs,
          ...(options.logger === undefined
            ? { logger: stderrLogger(), level: options.logging?.level ?? d.logging.level }
            : { logger: options.logger, ...(options.logging?.level ? { level: options.logging.level } : {}) }),
        });

  const present: Array<[Exclude<LayerName, 'transport'>, Middleware | undefined]> = [
    ['tracing', tracing],
    ['lifecycle', lifecycle.middleware],
    ['deadline', deadline(timeouts.totalMs === false ? {} : { totalMs: timeouts.totalMs, enforce: false })],
    ['authorize', authz],
    ['cache', cache],
    ['concurrencyLimit', limit],
    ['retry', retry === undefined || options.protocol !== 'mcp' ? retry : withJsonRpcIdPerAttempt(retry)],
    ['hedge', hedge],
    ['auth', auth],
    ['breaker', breaker],
  ];
  const used = present.filter(
    (entry): entry is [Exclude<LayerName, 'transport'>, Middleware] => entry[1] !== undefined,
  );
  const handler = compose(...used.map(([, layer]) => layer))(transport);
  const attached: Array<[ObserverName, unknown]> = [
    ['metrics', metrics],
    ['logging', logging],
  ];
  return {
    handler,
    layers: [...used.map(([layerName]) => layerName), 'transport'],
    observers: attached.filter(([, observer]) => observer !== undefined).map(([observerName]) => observerName),
    transport,
    lifecycle,
    limit,
    tracing,
    metrics,
    logging,
    authorize: authz,
    cache,
    store,
    retry,
    hedge,
    auth,
    breaker,
    fleet,
  };
}

/** The fleet state of `options.fleet`: the retry budget (wrapping the local one) and the breakers' shared circuits. */
function fleetFor(options: CreateGatewayClientOptions, name: string): PresetFleet | undefined {
  const f = options.fleet;
  if (f === undefined || f === false) return undefined;
  const local =
    options.retry === false || options.retry?.budget === false
      ? undefined
      : retryBudget({ ...d.retry.budget, ...options.retry?.budget });
  return lazyFleetState(
    {
      ...(f.redis === undefined ? {} : { redis: { url: typeof f.redis === 'string' ? f.redis : f.redis.url } }),
      prefix: f.prefix ?? d.fleet.prefix,
      client: name,
      syncIntervalMs: f.syncIntervalMs ?? d.fleet.syncIntervalMs,
      commandTimeoutMs: f.commandTimeoutMs ?? d.fleet.commandTimeoutMs,
    },
    local,
  );
}

function redisStoreFor(redis: string | RedisOptions | undefined): CacheStore | undefined {
  if (redis === undefined) return undefined;
  const config: RedisOptions = typeof redis === 'string' ? { url: redis } : redis;
  return lazyRedisStore({
    url: config.url,
    namespace: config.namespace ?? d.redis.namespace,
    ...(config.l1 === undefined ? {} : { l1: config.l1 }),
  });
}
