import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { HotCounter, HotGauge, HotHistogram } from './hot-instruments.js';

/** Request latency buckets in seconds: 0.5 ms to 10 s, dense enough around 1-500 ms for p50/p95/p99. */
export const defaultBuckets: readonly number[] = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];

/** OPA sits in front of every invoke, so its budget is tight: 0.5 ms to 2.5 s. */
export const authzBuckets: readonly number[] = [
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5,
];

/** Names without the prefix; the README and docs/observability use these with the default `mcpgw_` prefix. */
export const metricNames = {
  requests: 'requests_total',
  requestDuration: 'request_duration_seconds',
  inFlight: 'requests_in_flight',
  attempts: 'attempts_total',
  attemptDuration: 'attempt_duration_seconds',
  retries: 'retries_total',
  retryBudgetExhausted: 'retry_budget_exhausted_total',
  hedges: 'hedges_total',
  breakerState: 'breaker_state',
  breakerTransitions: 'breaker_transitions_total',
  cacheLookups: 'cache_lookups_total',
  cacheEntries: 'cache_entries',
  cacheBytes: 'cache_bytes',
  cacheEvictions: 'cache_evictions_total',
  cacheStoreErrors: 'cache_store_errors_total',
  cacheStoreAvailable: 'cache_store_available',
  poolConnections: 'pool_connections',
  authzDecisions: 'authz_decisions_total',
  authzDuration: 'authz_duration_seconds',
  queueRejections: 'queue_rejections_total',
  concurrencyLimit: 'concurrency_limit',
  fleetState: 'fleet_state',
} as const;

export interface ScrapeSources {
  pools?: (() => ReadonlyArray<{ readonly origin: string } & Record<PoolState, number>>) | undefined;
  cacheStats?: (() => { entries: number; bytes: number; evictions?: number }) | undefined;
  concurrencyLimit?: (() => number) | undefined;
}

export const poolStates = ['connected', 'free', 'pending', 'queued', 'running', 'size'] as const;
export type PoolState = (typeof poolStates)[number];

/** Every metric of one `metrics()` instance, registered on one registry. */
export function createInstruments(
  registry: Registry,
  prefix: string,
  buckets: readonly number[],
  sources: ScrapeSources,
) {
  const registers = [registry];
  const n = (name: string) => prefix + name;
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Counter<L>({ name: n(name), help, labelNames, registers });
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Gauge<L>({ name: n(name), help, labelNames, registers });
  const cacheGauge = (name: string, help: string, figure: 'entries' | 'bytes') =>
    new Gauge({
      name: n(name),
      help,
      registers,
      collect() {
        const stats = sources.cacheStats?.();
        if (stats) this.set(stats[figure]);
      },
    });
  return {
    requests: new HotCounter(
      n(metricNames.requests),
      'Logical operations finished, by operation and outcome (success or the lower-cased error code).',
      ['operation', 'outcome'],
      registry,
    ),
    requestDuration: new HotHistogram(
      n(metricNames.requestDuration),
      'Duration of logical operations in seconds, retries and backoff included.',
      ['operation'],
      buckets,
      registry,
    ),
    inFlight: new HotGauge(
      n(metricNames.inFlight),
      'Logical operations started and not yet finished.',
      ['operation'],
      registry,
    ),
    attempts: new HotCounter(
      n(metricNames.attempts),
      'HTTP attempts sent, by operation, status class (none when no status was received) and upstream origin.',
      ['operation', 'status_class', 'upstream'],
      registry,
    ),
    attemptDuration: new HotHistogram(
      n(metricNames.attemptDuration),
      'Duration of single HTTP attempts in seconds.',
      ['operation'],
      buckets,
      registry,
    ),
    retries: counter(metricNames.retries, 'Retries scheduled, by operation and the reason of the failed attempt.', [
      'operation',
      'reason',
    ]),
    retryBudgetExhausted: counter(
      metricNames.retryBudgetExhausted,
      'Retries refused because the retry budget was spent.',
      ['operation'],
    ),
    hedges: counter(
      metricNames.hedges,
      'Hedged reads by operation and result: sent (an extra branch), won (the call took its answer), cancelled (a loser).',
      ['operation', 'result'],
    ),
    breakerState: gauge(
      metricNames.breakerState,
      'Circuit breaker state per upstream: 0 closed, 1 half-open, 2 open.',
      ['upstream'],
    ),
    breakerTransitions: counter(
      metricNames.breakerTransitions,
      'Circuit breaker state changes per upstream, by the state entered.',
      ['upstream', 'to'],
    ),
    cacheLookups: new HotCounter(
      n(metricNames.cacheLookups),
      'Cache lookups by operation and result (hit, miss, stale, coalesced).',
      ['operation', 'result'],
      registry,
    ),
    cacheEntries: cacheGauge(
      metricNames.cacheEntries,
      'Entries held by the response cache, read at scrape time.',
      'entries',
    ),
    cacheBytes: cacheGauge(metricNames.cacheBytes, 'Bytes held by the response cache, read at scrape time.', 'bytes'),
    cacheEvictions: new Counter({
      name: n(metricNames.cacheEvictions),
      help: 'Entries evicted from the response cache to stay within its bounds, read at scrape time.',
      registers,
      collect() {
        const evictions = sources.cacheStats?.().evictions;
        if (evictions === undefined) return;
        this.reset();
        if (evictions > 0) this.inc(evictions);
      },
    }),
    cacheStoreErrors: counter(metricNames.cacheStoreErrors, 'Failed calls to the cache store, by store.', ['store']),
    cacheStoreAvailable: gauge(
      metricNames.cacheStoreAvailable,
      'Whether the cache store was reachable at its last state change (1) or not (0).',
      ['store'],
    ),
    poolConnections: new Gauge({
      name: n(metricNames.poolConnections),
      help: 'Connection pool figures per upstream origin, read at scrape time.',
      labelNames: ['origin', 'state'] as const,
      registers,
      collect() {
        if (!sources.pools) return;
        this.reset();
        for (const pool of sources.pools()) {
          for (const state of poolStates) this.set({ origin: pool.origin, state }, pool[state]);
        }
      },
    }),
    authzDecisions: counter(
      metricNames.authzDecisions,
      'Authorization decisions by result (allow, deny, unavailable, fail-open) and whether they came from the decision cache.',
      ['decision', 'cached'],
    ),
    authzDuration: new Histogram({
      name: n(metricNames.authzDuration),
      help: 'Duration of calls to OPA in seconds.',
      labelNames: ['status_class'] as const,
      buckets: [...authzBuckets],
      registers,
    }),
    fleetState: gauge(
      metricNames.fleetState,
      'Whether fleet-wide state (retry budget, circuits) is shared through Redis (1) or this process decides alone (0).',
      ['client'],
    ),
    queueRejections: counter(
      metricNames.queueRejections,
      'Calls refused by the concurrency limit, by operation and reason (full or timeout).',
      ['operation', 'reason'],
    ),
    // Set by each mcpgw:limit event, and read at scrape time when a source is given (so a fixed limit shows too).
    concurrencyLimit: new Gauge({
      name: n(metricNames.concurrencyLimit),
      help: 'Calls the concurrency limit lets in flight now; an adaptive limit moves it with the gateway latency.',
      registers,
      collect() {
        const limit = sources.concurrencyLimit?.();
        if (limit !== undefined) this.set(limit);
      },
    }),
  };
}

export type Instruments = ReturnType<typeof createInstruments>;
