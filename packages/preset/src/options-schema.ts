import type { CacheStore } from '@mcpgw/cache';
import type { TlsOptions } from '@mcpgw/core';
import { fleetPrefixPattern } from '@mcpgw/fleet/option-schema';
import type { MetricsOptions } from '@mcpgw/metrics';
import type { OAuthOptions } from '@mcpgw/oauth';
import type { AuthorizeOptions } from '@mcpgw/opa';
import type { TracingOptions } from '@mcpgw/tracing';
import { z } from 'zod';
import { mcpOptionShape } from './mcp-options.js';
import { optionFromSpec as option } from './option-from-spec.js';
import { presetOptionSpecs as s } from './preset-option-specs.js';
import { type PresetDispatcher, type PresetLogger, type PresetLogLevel, typedAs, withMethods } from './user-objects.js';

const httpUrl = (what: string, example: string) =>
  z.union([z.string(), z.instanceof(URL)], { error: `must be the ${what} as an http(s) URL, e.g. ${example}` }).refine(
    (value) => {
      try {
        const url = new URL(String(value));
        return url.protocol === 'http:' || url.protocol === 'https:';
      } catch {
        return false;
      }
    },
    { error: `must be the ${what} as an http(s) URL, e.g. ${example}` },
  );

const redisUrl = z
  .string({ error: 'must be a Redis URL, e.g. redis://127.0.0.1:6379' })
  .refine((value) => /^rediss?:\/\/[^\s]+$/.test(value), {
    error: 'must be a redis:// or rediss:// URL, e.g. redis://127.0.0.1:6379/0',
  });

const nonEmpty = (what: string) => z.string({ error: `must be ${what}` }).min(1, { error: `must be ${what}` });

/** `false` leaves the layer out; an object configures it. */
const layer = <T extends z.ZodType>(schema: T) =>
  z.union([z.literal(false), schema], { error: 'must be false (to leave this layer out) or an options object' });

const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const jwt = z.strictObject({
  secret: z.union([nonEmpty('a non-empty HMAC secret'), z.instanceof(Uint8Array)]).optional(),
  publicKey: nonEmpty('a PEM public key (SPKI)').optional(),
  jwksUrl: httpUrl('JWKS endpoint', 'https://idp.example.com/.well-known/jwks.json').optional(),
  issuer: z.union([z.string(), z.array(z.string())], { error: 'must be a string or a list of strings' }).optional(),
  audience: z.union([z.string(), z.array(z.string())], { error: 'must be a string or a list of strings' }).optional(),
  algorithms: z.array(z.string(), { error: 'must be a list of JWS algorithms, e.g. ["RS256"]' }).optional(),
  clockToleranceSec: option(s.opa.jwt.clockToleranceSec),
  claims: z
    .strictObject({
      id: z.string().optional(),
      roles: z.string().optional(),
      teams: z.string().optional(),
      email: z.string().optional(),
    })
    .optional(),
});

/** The one schema every option of `createGatewayClient()` is checked against; its input type is the options' type. */
export const optionsSchema = z.strictObject({
  baseUrl: httpUrl('gateway base URL', 'https://gateway.example.com/mcp'),
  /** Sent as `X-API-Key`. Never logged. */
  apiKey: nonEmpty('a non-empty API key (or leave it out)').optional(),
  /** Name carried by every event, log line and span; give two clients in one process different names. */
  name: z
    .string({ error: 'must be a short name such as "orders-service"' })
    .regex(/^[\w.:-]{1,64}$/, { error: 'must be 1..64 letters, digits, _ . : or -, e.g. "orders-service"' })
    .optional(),
  /** Extra headers for every request. */
  headers: z.record(z.string(), z.string(), { error: 'must be an object of header names to string values' }).optional(),
  /** `attemptMs`, `totalMs` (or false: none), `connectMs`; bounds, defaults and docs in `presetOptionSpecs.timeouts`. */
  timeouts: z
    .strictObject({
      attemptMs: option(s.timeouts.attemptMs),
      totalMs: option(s.timeouts.totalMs),
      connectMs: option(s.timeouts.connectMs),
    })
    .optional(),
  /** The client's undici pool per origin; bounds, defaults and docs in `presetOptionSpecs.pool`. */
  pool: z
    .strictObject({
      connections: option(s.pool.connections),
      pipelining: option(s.pool.pipelining),
      keepAliveTimeoutMs: option(s.pool.keepAliveTimeoutMs),
    })
    .optional(),
  tls: typedAs<TlsOptions>(z.looseObject({})).optional(),
  /**
   * Any undici `Dispatcher` for the gateway's requests: `new EnvHttpProxyAgent()` (HTTP(S)_PROXY, NO_PROXY), a
   * `MockAgent` in tests, an `Agent` of your own. It replaces the client's pool, so `pool` and `tls` do not apply; the
   * client does not close it. Default: the client's own pool.
   */
  dispatcher: withMethods<PresetDispatcher>('an undici Dispatcher such as new EnvHttpProxyAgent()', [
    'dispatch',
  ]).optional(),
  /** Response and request bytes, the bulkhead and its queue; bounds and defaults in `presetOptionSpecs.limits`. */
  limits: z
    .strictObject({
      maxResponseBytes: option(s.limits.maxResponseBytes),
      maxRequestBytes: option(s.limits.maxRequestBytes),
      maxConcurrent: option(s.limits.maxConcurrent),
      maxQueue: option(s.limits.maxQueue),
      queueTimeoutMs: option(s.limits.queueTimeoutMs),
      /**
       * `@mcpgw/adaptive-limit`: the limit follows the gateway's latency, between `minLimit` and `maxConcurrent`.
       * `true` for its defaults, an object to tune it. Default off: it changes traffic (it sheds sooner).
       */
      adaptive: z
        .union(
          [
            z.boolean(),
            z.strictObject({
              algorithm: z.enum(['vegas', 'gradient2'], { error: 'must be vegas or gradient2' }).optional(),
              minLimit: option(s.limits.adaptive.minLimit),
              initialLimit: option(s.limits.adaptive.initialLimit),
              windowMs: option(s.limits.adaptive.windowMs),
              minWindowSamples: option(s.limits.adaptive.minWindowSamples),
              backoffRatio: option(s.limits.adaptive.backoffRatio),
            }),
          ],
          { error: 'must be true, false or an options object such as { minLimit: 8 }' },
        )
        .optional(),
    })
    .optional(),
  /** `@mcpgw/retry`'s options (`retryOptionSchema`); `false` leaves retries out. */
  retry: layer(
    z.strictObject({
      maxAttempts: option(s.retry.maxAttempts),
      baseDelayMs: option(s.retry.baseDelayMs),
      maxDelayMs: option(s.retry.maxDelayMs),
      budget: layer(
        z.strictObject({ ratio: option(s.retry.budget.ratio), minPerSecond: option(s.retry.budget.minPerSecond) }),
      ).optional(),
    }),
  ).optional(),
  /** `@mcpgw/breaker`'s options (`breakerOptionSchema`); `false` leaves the breakers out. */
  breaker: layer(
    z.strictObject({
      errorThresholdPercentage: option(s.breaker.errorThresholdPercentage),
      volumeThreshold: option(s.breaker.volumeThreshold),
      resetTimeoutMs: option(s.breaker.resetTimeoutMs),
    }),
  ).optional(),
  /**
   * Hedged reads (`@mcpgw/hedge`, `hedgeOptionSchema`): `true` for its defaults, an object to tune it. Default off: it
   * changes traffic (up to its budget, 5 % more requests).
   */
  hedge: z
    .union(
      [
        z.boolean(),
        z.strictObject({
          percentile: option(s.hedge.percentile),
          delayMs: option(s.hedge.delayMs),
          minDelayMs: option(s.hedge.minDelayMs),
          minSamples: option(s.hedge.minSamples),
          maxHedges: option(s.hedge.maxHedges),
          budget: z
            .strictObject({
              ratio: option(s.hedge.budget.ratio),
              minPerSecond: option(s.hedge.budget.minPerSecond),
            })
            .optional(),
        }),
      ],
      { error: 'must be true, false or an options object such as { percentile: 95 }' },
    )
    .optional(),
  /**
   * Fleet-wide state through Redis (`@mcpgw/fleet`, `fleetOptionSchema`): the retry budget and the breakers' circuits
   * shared by every process with the same prefix. Default off.
   */
  fleet: layer(
    z.strictObject({
      /** Default `redis://127.0.0.1:6379`, as `fleetState()`'s. */
      redis: z
        .union([redisUrl, z.strictObject({ url: redisUrl })], {
          error: 'must be a Redis URL such as redis://127.0.0.1:6379 or { url }',
        })
        .optional(),
      prefix: z
        .string({ error: 'must be a key prefix of [A-Za-z0-9_.:-], e.g. "mcpgw:fleet"' })
        .regex(fleetPrefixPattern, { error: 'must be 1..64 characters of [A-Za-z0-9_.:-], e.g. "mcpgw:fleet"' })
        .optional(),
      syncIntervalMs: option(s.fleet.syncIntervalMs),
      commandTimeoutMs: option(s.fleet.commandTimeoutMs),
    }),
  ).optional(),
  /** `@mcpgw/cache`'s options (`cacheOptionSchema`), a store or Redis; `false` leaves the cache out. */
  cache: layer(
    z.strictObject({
      ttlMs: option(s.cache.ttlMs),
      maxEntries: option(s.cache.maxEntries),
      maxBytes: option(s.cache.maxBytes),
      staleWhileRevalidateMs: option(s.cache.staleWhileRevalidateMs),
      staleIfErrorMs: option(s.cache.staleIfErrorMs),
      /** A store of your own. Closed by `client.close()`. */
      store: withMethods<CacheStore>('a CacheStore such as memoryStore() or redisStore()', [
        'get',
        'set',
        'delete',
        'deleteByTag',
        'clear',
      ]).optional(),
      /** A Redis store made and owned by the client: a URL or `{ url, namespace, l1 }`. */
      redis: z
        .union(
          [
            redisUrl,
            z.strictObject({
              url: redisUrl,
              namespace: nonEmpty('a non-empty key prefix, e.g. "mcpgw"').optional(),
              l1: layer(
                z.strictObject({
                  maxEntries: option(s.cache.redis.l1.maxEntries),
                  maxBytes: option(s.cache.redis.l1.maxBytes),
                  ttlMs: option(s.cache.redis.l1.ttlMs),
                }),
              ).optional(),
            }),
          ],
          { error: 'must be a Redis URL such as redis://127.0.0.1:6379 or { url, namespace, l1 }' },
        )
        .optional(),
    }),
  ).optional(),
  /** OPA authorization of invokes. Default off (it needs a URL). */
  opa: layer(
    typedAs<AuthorizeOptions>(
      z.looseObject({
        url: httpUrl('OPA base URL', 'http://127.0.0.1:8181'),
        policyPath: z
          .string({ error: 'must be a policy path such as mcp/gateway/decision' })
          .regex(/^[\w-]+(\/[\w-]+)*$/, { error: 'must be slash-separated names, e.g. mcp/gateway/decision' })
          .optional(),
        timeoutMs: option(s.opa.timeoutMs),
        failOpen: option(s.opa.failOpen),
        jwt: jwt.optional(),
        decisionCache: layer(
          z.strictObject({
            ttlMs: option(s.opa.decisionCache.ttlMs),
            maxEntries: option(s.opa.decisionCache.maxEntries),
          }),
        ).optional(),
      }),
    ),
  ).optional(),
  /**
   * MCP authorization (OAuth 2.1, `@mcpgw/oauth`), below retry: a 401 leads to discovery, registration and a token.
   * Default off. `oauth()` checks the rest (grant, client, redirect URI) when the client is built.
   */
  auth: layer(
    typedAs<OAuthOptions>(
      z.looseObject({
        grant: z
          .enum(['authorization_code', 'client_credentials'], {
            error: 'must be authorization_code or client_credentials',
          })
          .optional(),
        clientMetadataUrl: z.string({ error: 'must be an https URL' }).optional(),
        clientName: z.string({ error: 'must be a client name' }).optional(),
        trustedIssuers: z.array(z.string(), { error: 'must be a list of issuer URLs' }).optional(),
        timeoutMs: option(s.auth.timeoutMs),
        maxResponseBytes: option(s.auth.maxResponseBytes),
        discoveryTtlMs: option(s.auth.discoveryTtlMs),
        refreshSkewMs: option(s.auth.refreshSkewMs),
        dynamicRegistration: option(s.auth.dynamicRegistration),
      }),
    ),
  ).optional(),
  /** Prometheus metrics. Default on, with a registry of its own (`client.metrics.registry`). */
  metrics: layer(
    z.strictObject({
      registry: withMethods<NonNullable<MetricsOptions['registry']>>('a prom-client Registry', [
        'registerMetric',
        'metrics',
      ]).optional(),
      prefix: z.string({ error: 'must be a metric name prefix such as "mcpgw_"' }).optional(),
      mcp: z.strictObject({ toolNameLabel: z.boolean({ error: 'must be true or false' }).optional() }).optional(),
    }),
  ).optional(),
  /** OpenTelemetry spans. Default on, with the global tracer provider (a no-op until an SDK is installed). */
  tracing: layer(
    z.strictObject({
      tracerProvider: withMethods<NonNullable<TracingOptions['tracerProvider']>>('an OpenTelemetry TracerProvider', [
        'getTracer',
      ]).optional(),
      propagator: withMethods<NonNullable<TracingOptions['propagator']>>('an OpenTelemetry TextMapPropagator', [
        'inject',
      ]).optional(),
      mcpMetaPropagation: z.boolean({ error: 'must be true or false' }).optional(),
    }),
  ).optional(),
  /** A pino logger; `false` for no logging. Default: a pino logger on stderr (stdout stays the program's). */
  logger: layer(withMethods<PresetLogger>('a pino logger', ['child', 'warn', 'error', 'isLevelEnabled'])).optional(),
  /** `level` of the client's log lines, and `slowMs`: slower operations are logged at warn. */
  logging: z
    .strictObject({
      level: typedAs<PresetLogLevel>(z.enum(levels, { error: `must be one of ${levels.join(', ')}` })).optional(),
      slowMs: option(s.logging.slowMs),
    })
    .optional(),
  /** Page size and bounds of listings (`paginationOptionSchema` of `@mcpgw/core`). */
  pagination: z
    .strictObject({
      pageSize: option(s.pagination.pageSize),
      maxPages: option(s.pagination.maxPages),
      maxItems: option(s.pagination.maxItems),
      concurrency: option(s.pagination.concurrency),
    })
    .optional(),
  /** `probeTimeoutMs`: the bound of each readiness probe. */
  health: z.strictObject({ probeTimeoutMs: option(s.health.probeTimeoutMs) }).optional(),
  ...mcpOptionShape,
});
