import {
  type AttemptEvent,
  type AuthzEvent,
  type BreakerState,
  type BreakerStateEvent,
  type CacheEvent,
  type CacheStoreEvent,
  ConfigError,
  type ConfigIssue,
  channels,
  type FleetStateEvent,
  type HedgeEvent,
  type LimitEvent,
  type OperationEvent,
  type PoolStats,
  type QueueEvent,
  type RetryBudgetEvent,
  type RetryEvent,
} from '@mcpgw/core';
import { ChannelSubscriptions } from '@mcpgw/core/kit';
import { Registry } from 'prom-client';
import { createInstruments, defaultBuckets, metricNames } from './instruments.js';
import { BoundedLabel, outcomeOf, retryReasonOf, statusClassOf } from './labels.js';
import { McpMetrics, type McpMetricsOptions } from './mcp-metrics.js';

export interface CacheStatsSnapshot {
  entries: number;
  bytes: number;
  evictions?: number;
}

export interface MetricsOptions {
  /** Registry to register on. Default: a registry of its own (exposed as `.registry`). */
  registry?: Registry;
  /** Prefix of every metric name. Default `mcpgw_`. */
  prefix?: string;
  /** Count only events of the client with this name. Default: every client in the process. */
  client?: string;
  /** Connection pool figures, read at scrape time (e.g. `() => transport.stats()`). */
  pools?: () => readonly PoolStats[];
  /** Cache figures, read at scrape time (e.g. `() => cache.stats()`). */
  cacheStats?: () => CacheStatsSnapshot;
  /** The concurrency limit of the moment, read at scrape time (e.g. `() => limit.maxConcurrent`). */
  concurrencyLimit?: () => number;
  /** Buckets of the duration histograms, in seconds. Default 0.5 ms to 10 s. */
  buckets?: readonly number[];
  /** Distinct upstream origins and operation names labelled before the rest become `other`. Default 50. */
  maxLabelValues?: number;
  /**
   * The OpenTelemetry MCP metrics (`mcp_client_operation_duration_seconds`, `mcp_client_session_duration_seconds`),
   * registered beside the rest. They keep their conventional names under the default prefix; a custom prefix (there to
   * keep two instances apart on one registry) is put in front of them too.
   */
  mcp?: McpMetricsOptions;
}

/** Subscribed to core's channels from the moment `metrics()` returns; not a layer, so never composed. */
export interface MetricsObserver {
  readonly registry: Registry;
  /** Unsubscribes from every channel and removes this observer's metrics from the registry. */
  close(): void;
  /** The same as `close()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
}

/** @deprecated The name of `MetricsObserver` before it stopped being a (pass-through) middleware. */
export type MetricsLayer = MetricsObserver;

const OPA_OPERATION = 'opa.decision';
const breakerStateValue: Record<BreakerState, number> = { closed: 0, 'half-open': 1, open: 2 };

/**
 * Prometheus metrics from core's event channels: every figure comes from an event, so the observer sees each layer
 * wherever it sits in the onion and adds nothing to a call's path.
 */
export function metrics(options: MetricsOptions = {}): MetricsObserver {
  const prefix = options.prefix ?? 'mcpgw_';
  const buckets = options.buckets ?? defaultBuckets;
  checkOptions(prefix, buckets, options.maxLabelValues, options.mcp);
  const registry = options.registry ?? new Registry();
  const m = createInstruments(registry, prefix, buckets, {
    pools: options.pools,
    cacheStats: options.cacheStats,
    concurrencyLimit: options.concurrencyLimit,
  });
  const limit = options.maxLabelValues ?? 50;
  const mcp = new McpMetrics(registry, prefix === 'mcpgw_' ? '' : prefix, limit, options.mcp);
  const operationLabel = new BoundedLabel(limit);
  const upstreamLabel = new BoundedLabel(limit);
  const ours = (event: { client: string }) => options.client === undefined || event.client === options.client;
  // The in-flight sample an operation was counted in, kept on its event (a WeakMap entry per call costs more).
  const started = Symbol('mcpgw.metrics.inFlight');
  type Started = OperationEvent & { [started]?: { value: number } };
  const subscriptions = new ChannelSubscriptions();

  subscriptions.on<Started>(channels.requestStart, (event) => {
    if (!ours(event)) return;
    const inFlight = m.inFlight.sample(operationLabel.value(event.operation));
    inFlight.value++;
    event[started] = inFlight;
  });
  subscriptions.on<Started>(channels.requestEnd, (event) => {
    if (!ours(event)) return;
    const operation = operationLabel.value(event.operation);
    // Only operations seen starting are taken off the gauge, so subscribing mid-flight never drives it negative.
    const inFlight = event[started];
    if (inFlight !== undefined) {
      event[started] = undefined;
      inFlight.value--;
    }
    m.requests.sample(operation, outcomeOf(event.error)).value++;
    if (event.durationMs !== undefined) {
      m.requestDuration.observe(m.requestDuration.sample(operation), event.durationMs / 1000);
    }
    mcp.operationEnded(event);
  });
  subscriptions.on<AttemptEvent>(channels.attemptEnd, (event) => {
    if (!ours(event)) return;
    const statusClass = statusClassOf(event.status);
    const operation = event.operation === OPA_OPERATION ? OPA_OPERATION : operationLabel.value(event.operation);
    m.attempts.sample(operation, statusClass, upstreamLabel.value(event.origin)).value++;
    if (event.durationMs === undefined) return;
    if (operation === OPA_OPERATION) m.authzDuration.observe({ status_class: statusClass }, event.durationMs / 1000);
    else m.attemptDuration.observe(m.attemptDuration.sample(operation), event.durationMs / 1000);
  });
  subscriptions.on<RetryEvent>(channels.retry, (event) => {
    if (!ours(event)) return;
    m.retries.inc({ operation: operationLabel.value(event.operation), reason: retryReasonOf(event.reason) });
  });
  subscriptions.on<RetryBudgetEvent>(channels.retryBudgetExhausted, (event) => {
    if (!ours(event)) return;
    m.retryBudgetExhausted.inc({ operation: operationLabel.value(event.operation) });
  });
  subscriptions.on<LimitEvent>(channels.limit, (event) => {
    if (ours(event)) m.concurrencyLimit.set(event.to);
  });
  subscriptions.on<HedgeEvent>(channels.hedge, (event) => {
    if (!ours(event)) return;
    m.hedges.inc({ operation: operationLabel.value(event.operation), result: event.result });
  });
  subscriptions.on<BreakerStateEvent>(channels.breakerState, (event) => {
    if (!ours(event)) return;
    const upstream = upstreamLabel.value(event.upstream);
    m.breakerState.set({ upstream }, breakerStateValue[event.to] ?? 0);
    m.breakerTransitions.inc({ upstream, to: event.to in breakerStateValue ? event.to : 'other' });
  });
  subscriptions.on<CacheEvent>(channels.cache, (event) => {
    if (!ours(event)) return;
    m.cacheLookups.sample(operationLabel.value(event.operation), event.result).value++;
  });
  // Store events carry no client: a store may be shared by several clients, and its health is everyone's.
  subscriptions.on<CacheStoreEvent>(channels.cacheStore, (event) => {
    if (event.state === 'error') m.cacheStoreErrors.inc({ store: event.store });
    else m.cacheStoreAvailable.set({ store: event.store }, event.state === 'available' ? 1 : 0);
  });
  subscriptions.on<FleetStateEvent>(channels.fleet, (event) => {
    if (!ours(event)) return;
    m.fleetState.set({ client: event.client }, event.state === 'shared' ? 1 : 0);
  });
  subscriptions.on<AuthzEvent>(channels.authz, (event) => {
    if (!ours(event)) return;
    m.authzDecisions.inc({ decision: event.decision, cached: event.cached ? 'true' : 'false' });
  });
  subscriptions.on<QueueEvent>(channels.queue, (event) => {
    if (!ours(event) || (event.state !== 'rejected' && event.state !== 'timeout')) return;
    m.queueRejections.inc({
      operation: operationLabel.value(event.operation),
      reason: event.state === 'rejected' ? 'full' : 'timeout',
    });
  });

  let closed = false;
  return {
    registry,
    close() {
      if (closed) return;
      closed = true;
      subscriptions.close();
      for (const name of Object.values(metricNames)) registry.removeSingleMetric(prefix + name);
      mcp.close(registry);
    },
    async [Symbol.asyncDispose]() {
      this.close();
    },
  };
}

function checkOptions(
  prefix: string,
  buckets: readonly number[],
  maxLabelValues: number | undefined,
  mcp: McpMetricsOptions | undefined,
): void {
  const issues: ConfigIssue[] = [];
  const toolNameLabel = mcp?.toolNameLabel;
  if (toolNameLabel !== undefined && typeof toolNameLabel !== 'boolean') {
    issues.push({ path: 'metrics.mcp.toolNameLabel', message: 'must be true or false' });
  }
  if (typeof prefix !== 'string' || !/^([a-zA-Z_:][a-zA-Z0-9_:]*)?$/.test(prefix)) {
    issues.push({ path: 'metrics.prefix', message: 'must match [a-zA-Z_:][a-zA-Z0-9_:]* (or be empty)' });
  }
  const increasing = buckets.every((b, i) => Number.isFinite(b) && b > 0 && (i === 0 || b > (buckets[i - 1] ?? 0)));
  if (!Array.isArray(buckets) || buckets.length === 0 || !increasing) {
    issues.push({ path: 'metrics.buckets', message: 'must be a non-empty list of increasing positive seconds' });
  }
  if (maxLabelValues !== undefined && (!Number.isInteger(maxLabelValues) || maxLabelValues < 1)) {
    issues.push({ path: 'metrics.maxLabelValues', message: 'must be an integer >= 1' });
  }
  if (issues.length > 0) throw new ConfigError(issues);
}
