import type { BreakerStats } from '@mcpgw/breaker';
import type { CacheStats, InvalidateFilter } from '@mcpgw/cache';
import {
  type CallOptions,
  type ConcurrencyStats,
  type GatewayClient,
  type GatewayRequest,
  type GatewayResponse,
  InvalidRequestError,
  type InvokeResult,
  type InvokeToolOptions,
  type IterateOptions,
  type ListToolsOptions,
  type Page,
  type PageOptions,
  type PoolStats,
  type ServerInfo,
  type ToolInfo,
} from '@mcpgw/core';
import { MAX_TIMEOUT_MS } from '@mcpgw/core/kit';
import type { FleetStats } from '@mcpgw/fleet';
import type { HedgeStats } from '@mcpgw/hedge';
import type { AuthzStats } from '@mcpgw/opa';
import type { RetryBudgetStats } from '@mcpgw/retry';
import { presetDefaults as d } from './defaults.js';
import type { HealthReport, LivenessReport } from './health-report.js';
import { readiness } from './readiness.js';
import { type BatchOptions, checkBatch, mapSettled, type Settled } from './settled.js';
import type { LayerName, ObserverName, Onion } from './standard-onion.js';

export interface PresetStats {
  readonly cache: CacheStats | undefined;
  readonly breakers: Record<string, BreakerStats> | undefined;
  readonly pool: PoolStats[];
  readonly retryBudget: RetryBudgetStats | undefined;
  /** Calls inside the client right now (queued ones included). */
  readonly inFlight: number;
  /** The bulkhead: calls sending and calls waiting for a slot. */
  readonly queue: ConcurrencyStats;
  readonly authz: AuthzStats | undefined;
  /** Hedged reads: calls, hedges sent, won, cancelled, suppressed, and the hedge budget. Undefined while off. */
  readonly hedge: HedgeStats | undefined;
  /** Fleet-wide state: `shared` or `local`, members, syncs and their errors. Undefined while off. */
  readonly fleet: FleetStats | undefined;
}

export interface CloseOptions {
  /** How long calls in flight may take to finish before they are aborted with `ClientClosedError`. Default 10 000. */
  drainTimeoutMs?: number;
}

export interface GetServersOptions extends CallOptions, BatchOptions {}

export interface InvokeManyOptions extends BatchOptions {
  /** Applies to every call that has no signal of its own. */
  signal?: AbortSignal;
}

export interface PresetInternals {
  readonly gateway: GatewayClient;
  /** The readiness probe: the REST health endpoint, or an MCP `ping` shaped like it. */
  readonly probeClient: Pick<GatewayClient, 'health'>;
  readonly onion: Onion;
  readonly probeTimeoutMs: number;
  readonly maxConcurrent: number;
  readonly maxQueue: number;
  readonly failOpen: boolean;
}

/**
 * The client `createGatewayClient()` returns: the typed operations of `GatewayClient` through the standard onion,
 * plus readiness, stats, cache invalidation, batch helpers and a graceful `close()`.
 */
export class PresetGatewayClient implements AsyncDisposable {
  /** The typed operations over the same pipeline (for `execute()` and custom operations). */
  readonly gateway: GatewayClient;
  /** The Prometheus registry the client's metrics are on, when metrics are on. */
  readonly metrics: { readonly registry: NonNullable<Onion['metrics']>['registry'] } | undefined;
  /** The layers composed, outermost first, the transport last. */
  readonly layers: readonly LayerName[];
  /** The observers attached to core's event channels (metrics, logging): present, but never composed. */
  readonly observers: readonly ObserverName[];
  readonly #internals: PresetInternals;
  #closing: Promise<void> | undefined;

  constructor(internals: PresetInternals) {
    this.#internals = internals;
    this.gateway = internals.gateway;
    this.layers = internals.onion.layers;
    this.observers = internals.onion.observers;
    const metrics = internals.onion.metrics;
    this.metrics = metrics === undefined ? undefined : { registry: metrics.registry };
  }

  get name(): string {
    return this.gateway.name;
  }

  listServers(options?: PageOptions): Promise<Page<ServerInfo>> {
    return this.gateway.listServers(options);
  }

  servers(options?: IterateOptions): AsyncGenerator<ServerInfo, void, undefined> {
    return this.gateway.servers(options);
  }

  listAllServers(options?: IterateOptions): Promise<ServerInfo[]> {
    return this.gateway.listAllServers(options);
  }

  getServer(name: string, options?: CallOptions): Promise<ServerInfo> {
    return this.gateway.getServer(name, options);
  }

  listTools(options?: ListToolsOptions): Promise<Page<ToolInfo>> {
    return this.gateway.listTools(options);
  }

  tools(options?: IterateOptions & { server?: string }): AsyncGenerator<ToolInfo, void, undefined> {
    return this.gateway.tools(options);
  }

  listAllTools(options?: IterateOptions & { server?: string }): Promise<ToolInfo[]> {
    return this.gateway.listAllTools(options);
  }

  invokeTool(options: InvokeToolOptions): Promise<InvokeResult> {
    return this.gateway.invokeTool(options);
  }

  execute(request: GatewayRequest): Promise<GatewayResponse> {
    return this.gateway.execute(request);
  }

  /**
   * Runs many invokes, at most `concurrency` at once, and returns one result per call in input order: a failing
   * server or tool is reported in its own slot and never costs the other results.
   */
  async invokeMany(
    calls: readonly InvokeToolOptions[],
    options: InvokeManyOptions = {},
  ): Promise<Settled<InvokeResult>[]> {
    const concurrency = checkBatch(calls, 'calls', options, d.batchConcurrency);
    const signal = options.signal;
    return mapSettled(calls, concurrency, (call) =>
      this.gateway.invokeTool(signal !== undefined && call?.signal === undefined ? { ...call, signal } : call),
    );
  }

  /** `getServer` for each name, at most `concurrency` at once; one result per name, in input order. */
  async getServers(names: readonly string[], options: GetServersOptions = {}): Promise<Settled<ServerInfo>[]> {
    const concurrency = checkBatch(names, 'names', options, d.batchConcurrency);
    const { concurrency: _, ...callOptions } = options;
    return mapSettled(names, concurrency, (name) => this.gateway.getServer(name, callOptions));
  }

  /** Readiness of the gateway, OPA, the cache store, the breakers and the pool; see the README for the rules. */
  health(): Promise<HealthReport> {
    const i = this.#internals;
    return readiness({
      onion: i.onion,
      probeClient: i.probeClient,
      probeTimeoutMs: i.probeTimeoutMs,
      maxConcurrent: i.maxConcurrent,
      maxQueue: i.maxQueue,
      failOpen: i.failOpen,
    });
  }

  /** Liveness without I/O: whether this client still takes calls. */
  liveness(): LivenessReport {
    const { state, inFlight } = this.#internals.onion.lifecycle;
    return { status: state === 'open' ? 'healthy' : 'unhealthy', state, inFlight };
  }

  stats(): PresetStats {
    const o = this.#internals.onion;
    return {
      cache: o.cache?.stats(),
      breakers: o.breaker?.stats(),
      pool: o.transport.stats(),
      retryBudget: o.retry?.budget.stats(),
      inFlight: o.lifecycle.inFlight,
      queue: o.limit.stats(),
      authz: o.authorize?.stats(),
      hedge: o.hedge?.stats(),
      fleet: o.fleet?.stats(),
    };
  }

  /** Drops cached answers: of one server (`{ server }`), of one operation, or everything. No-op without a cache. */
  async invalidate(filter?: InvalidateFilter): Promise<void> {
    await this.#internals.onion.cache?.invalidate(filter);
  }

  /**
   * New calls fail with `ClientClosedError` at once; calls in flight finish, or are aborted with
   * `ClientClosedError` at `drainTimeoutMs`; then the cache (and its Redis connections), OPA client, breakers'
   * timers, event subscriptions and sockets are released, so the process can exit. Safe to call twice.
   */
  close(options: CloseOptions = {}): Promise<void> {
    const drainTimeoutMs = options?.drainTimeoutMs ?? d.drainTimeoutMs;
    if (!(Number.isFinite(drainTimeoutMs) && drainTimeoutMs >= 0 && drainTimeoutMs <= MAX_TIMEOUT_MS)) {
      return Promise.reject(
        new InvalidRequestError('drainTimeoutMs must be a number of milliseconds >= 0, e.g. 10000', {
          field: 'drainTimeoutMs',
        }),
      );
    }
    this.#closing ??= this.#shutdown(drainTimeoutMs);
    return this.#closing;
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  async #shutdown(drainTimeoutMs: number): Promise<void> {
    const o = this.#internals.onion;
    const drained = await o.lifecycle.drain(drainTimeoutMs);
    try {
      await Promise.allSettled([o.cache?.close(), o.authorize?.close(), o.fleet?.close()]);
      o.breaker?.close();
      o.hedge?.close();
      o.metrics?.close();
      o.tracing?.close();
      o.logging?.close();
      await (drained ? o.transport.close() : o.transport.destroy());
    } finally {
      o.lifecycle.markClosed();
    }
  }
}
