import type { CacheStore } from '@mcpgw/cache';
import type { RedisL1Options } from '@mcpgw/cache-redis';
import type { PaginationOptions, TlsOptions, TransportOptions } from '@mcpgw/core';
import type { LoggingOptions } from '@mcpgw/logging';
import type { MetricsOptions } from '@mcpgw/metrics';
import type { AuthorizeOptions } from '@mcpgw/opa';
import type { TracingOptions } from '@mcpgw/tracing';
import type { PresetMcpOptions } from './mcp-options.js';

export interface TimeoutOptions {
  /** Longest single attempt. Default 5 000. */
  attemptMs?: number | undefined;
  /** Longest call, retries and backoff included; a call's own `timeoutMs` wins. `false` = none. Default 15 000. */
  totalMs?: number | false | undefined;
  /** Longest TCP + TLS connect. Default 2 000. */
  connectMs?: number | undefined;
}

export interface PoolOptions {
  /** Connections per origin. Default 32. */
  connections?: number | undefined;
  /** Requests pipelined per connection. Default 1. */
  pipelining?: number | undefined;
  /** Idle time before a socket is closed; below common server idle timeouts. Default 4 000. */
  keepAliveTimeoutMs?: number | undefined;
}

export interface LimitOptions {
  /** Largest response body read. Default 10 MiB. */
  maxResponseBytes?: number | undefined;
  /** Largest request body (serialised JSON) sent; a larger one is an `InvalidRequestError`, never sent. Default 1 MiB. */
  maxRequestBytes?: number | undefined;
  /** Calls sent at once (bulkhead). Default 256. */
  maxConcurrent?: number | undefined;
  /** Calls waiting for a slot; one more is refused with `QueueFullError`. Default 1 024. */
  maxQueue?: number | undefined;
  /** Longest wait for a slot. Default: until the call's deadline. */
  queueTimeoutMs?: number | undefined;
}

export interface PresetRetryOptions {
  /** Attempts in all, the first included. Default 3. */
  maxAttempts?: number | undefined;
  /** Default 50. */
  baseDelayMs?: number | undefined;
  /** Default 2 000. */
  maxDelayMs?: number | undefined;
  /** Default `{ ratio: 0.2, minPerSecond: 10 }`; `false` = no budget. */
  budget?: { ratio?: number; minPerSecond?: number } | false | undefined;
}

export interface PresetBreakerOptions {
  /** Default 50. */
  errorThresholdPercentage?: number | undefined;
  /** Default 20. */
  volumeThreshold?: number | undefined;
  /** Default 10 000. */
  resetTimeoutMs?: number | undefined;
}

export interface RedisOptions {
  /** `redis://[:password@]host:port/db`. */
  url: string;
  /** Key prefix, shared by every client of one gateway. Default `mcpgw`. */
  namespace?: string | undefined;
  /** In-process cache in front of Redis, kept coherent through pub/sub. Default off. */
  l1?: RedisL1Options | false | undefined;
}

export interface PresetCacheOptions {
  /** Default 300 000. */
  ttlMs?: number | undefined;
  /** Memory store bound. Default 10 000. */
  maxEntries?: number | undefined;
  /** Memory store bound. Default 50 MiB. */
  maxBytes?: number | undefined;
  /** Default 30 000; `false` = off. */
  staleWhileRevalidateMs?: number | false | undefined;
  /** Default 300 000; `false` = off. */
  staleIfErrorMs?: number | false | undefined;
  /** A store of your own. Closed by `client.close()`. */
  store?: CacheStore | undefined;
  /** A Redis store made and owned by the client: a URL or `{ url, namespace, l1 }`. */
  redis?: string | RedisOptions | undefined;
}

export interface PresetLoggingOptions {
  /** Level of the client's log lines. Default `warn`. */
  level?: NonNullable<LoggingOptions['level']> | undefined;
  /** Operations slower than this are logged at warn. Default 1 000. */
  slowMs?: number | undefined;
}

export interface HealthOptions {
  /** Bound of each readiness probe. Default 2 000. */
  probeTimeoutMs?: number | undefined;
}

/** Options of `createGatewayClient()`. Every layer's option takes `false` to leave the layer out. */
export interface CreateGatewayClientOptions {
  baseUrl: string | URL;
  /** Sent as `X-API-Key`. Never logged. */
  apiKey?: string | undefined;
  /** Name carried by every event, log line and span; give two clients in one process different names. Default `mcpgw`. */
  name?: string | undefined;
  /** Extra headers for every request. */
  headers?: Record<string, string> | undefined;
  timeouts?: TimeoutOptions | undefined;
  pool?: PoolOptions | undefined;
  tls?: TlsOptions | undefined;
  /**
   * Any undici `Dispatcher` for the gateway's requests: `new EnvHttpProxyAgent()` (HTTP(S)_PROXY, NO_PROXY), a
   * `MockAgent` in tests, an `Agent` of your own. It replaces the client's pool, so `pool` and `tls` do not apply; the
   * client does not close it. Default: the client's own pool.
   */
  dispatcher?: TransportOptions['dispatcher'] | undefined;
  limits?: LimitOptions | undefined;
  retry?: PresetRetryOptions | false | undefined;
  breaker?: PresetBreakerOptions | false | undefined;
  cache?: PresetCacheOptions | false | undefined;
  /** OPA authorization of invokes. Default off (it needs a URL). */
  opa?: AuthorizeOptions | false | undefined;
  /** Prometheus metrics. Default on, with a registry of its own (`client.metrics.registry`). */
  metrics?: { registry?: MetricsOptions['registry']; prefix?: string; mcp?: MetricsOptions['mcp'] } | false | undefined;
  /** OpenTelemetry spans. Default on, with the global tracer provider (a no-op until an SDK is installed). */
  tracing?:
    | {
        tracerProvider?: TracingOptions['tracerProvider'];
        propagator?: TracingOptions['propagator'];
        mcpMetaPropagation?: TracingOptions['mcpMetaPropagation'];
      }
    | false
    | undefined;
  /** A pino logger; `false` for no logging. Default: a pino logger on stderr (stdout stays the program's). */
  logger?: NonNullable<LoggingOptions['logger']> | false | undefined;
  logging?: PresetLoggingOptions | undefined;
  pagination?: Partial<PaginationOptions> | undefined;
  health?: HealthOptions | undefined;
  /** The wire protocol: `rest` (the gateway REST API, default) or `mcp` (MCP Streamable HTTP at `baseUrl`). */
  protocol?: 'rest' | 'mcp' | undefined;
  /** MCP options, read when `protocol: 'mcp'`. */
  mcp?: PresetMcpOptions | undefined;
}
