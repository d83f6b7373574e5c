import { z } from 'zod';
import { mcpOptionShape } from './mcp-options.js';

// setTimeout's own limit: a longer timeout would fire at once.
const MAX_MS = 2_147_483_647;

const ms = (example: number) =>
  z
    .number({ error: `must be a number of milliseconds, e.g. ${example}` })
    .int({ error: `must be a whole number of milliseconds, e.g. ${example}` })
    .positive({ error: `must be > 0 milliseconds, e.g. ${example}` })
    .max(MAX_MS, { error: `must be at most ${MAX_MS} ms (about 24.8 days)` });

const msOrZero = (example: number) =>
  z
    .number({ error: `must be a number of milliseconds (0 or false turns it off), e.g. ${example}` })
    .int({ error: `must be a whole number of milliseconds, e.g. ${example}` })
    .min(0, { error: `must be >= 0 milliseconds (0 or false turns it off), e.g. ${example}` })
    .max(MAX_MS, { error: `must be at most ${MAX_MS} ms` });

const count = (min: number, max: number, example: number) =>
  z
    .number({ error: `must be a whole number from ${min} to ${max}, e.g. ${example}` })
    .int({ error: `must be a whole number from ${min} to ${max}, e.g. ${example}` })
    .min(min, { error: `must be at least ${min}, e.g. ${example}` })
    .max(max, { error: `must be at most ${max}` });

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

/** An object with the given methods: a dependency the user brings (a registry, a logger, a store). */
const withMethods = (what: string, methods: string[]) =>
  z.custom<object>(
    (value) =>
      typeof value === 'object' &&
      value !== null &&
      methods.every((m) => typeof (value as Record<string, unknown>)[m] === 'function'),
    { error: `must be ${what} (an object with ${methods.join(', ')})` },
  );

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
  clockToleranceSec: count(0, 3600, 30).optional(),
  claims: z
    .strictObject({
      id: z.string().optional(),
      roles: z.string().optional(),
      teams: z.string().optional(),
      email: z.string().optional(),
    })
    .optional(),
});

/** The one schema every option of `createGatewayClient()` is checked against. */
export const optionsSchema = z.strictObject({
  baseUrl: httpUrl('gateway base URL', 'https://gateway.example.com/mcp'),
  apiKey: nonEmpty('a non-empty API key (or leave it out)').optional(),
  name: z
    .string({ error: 'must be a short name such as "orders-service"' })
    .regex(/^[\w.:-]{1,64}$/, { error: 'must be 1..64 letters, digits, _ . : or -, e.g. "orders-service"' })
    .optional(),
  headers: z.record(z.string(), z.string(), { error: 'must be an object of header names to string values' }).optional(),
  timeouts: z
    .strictObject({
      attemptMs: ms(5_000).optional(),
      totalMs: z
        .union([z.literal(false), ms(15_000)], { error: 'must be a number of milliseconds, e.g. 15000, or false' })
        .optional(),
      connectMs: ms(2_000).optional(),
    })
    .optional(),
  pool: z
    .strictObject({
      connections: count(1, 10_000, 32).optional(),
      pipelining: count(1, 100, 1).optional(),
      keepAliveTimeoutMs: ms(4_000).optional(),
    })
    .optional(),
  tls: z.looseObject({}).optional(),
  dispatcher: withMethods('an undici Dispatcher such as new EnvHttpProxyAgent()', ['dispatch']).optional(),
  limits: z
    .strictObject({
      maxResponseBytes: count(1, 2 ** 31, 10 * 1024 * 1024).optional(),
      maxRequestBytes: count(1, 2 ** 31, 1024 * 1024).optional(),
      maxConcurrent: count(1, 1_000_000, 256).optional(),
      maxQueue: count(0, 10_000_000, 1_024).optional(),
      queueTimeoutMs: ms(1_000).optional(),
    })
    .optional(),
  retry: layer(
    z.strictObject({
      maxAttempts: count(1, 20, 3).optional(),
      baseDelayMs: msOrZero(50).optional(),
      maxDelayMs: msOrZero(2_000).optional(),
      budget: layer(
        z.strictObject({
          ratio: z
            .number({ error: 'must be a share of requests from 0 to 1, e.g. 0.2' })
            .min(0, { error: 'must be a share of requests from 0 to 1, e.g. 0.2' })
            .max(1, { error: 'must be a share of requests from 0 to 1, e.g. 0.2' })
            .optional(),
          minPerSecond: z
            .number({ error: 'must be a number of retries per second >= 0, e.g. 10' })
            .min(0, { error: 'must be a number of retries per second >= 0, e.g. 10' })
            .optional(),
        }),
      ).optional(),
    }),
  ).optional(),
  breaker: layer(
    z.strictObject({
      errorThresholdPercentage: z
        .number({ error: 'must be a percentage from 1 to 100, e.g. 50' })
        .min(1, { error: 'must be a percentage from 1 to 100, e.g. 50' })
        .max(100, { error: 'must be a percentage from 1 to 100, e.g. 50' })
        .optional(),
      volumeThreshold: count(1, 1_000_000, 20).optional(),
      resetTimeoutMs: ms(10_000).optional(),
    }),
  ).optional(),
  cache: layer(
    z.strictObject({
      ttlMs: msOrZero(300_000).optional(),
      maxEntries: count(1, 100_000_000, 10_000).optional(),
      maxBytes: count(1, 2 ** 40, 50 * 1024 * 1024).optional(),
      staleWhileRevalidateMs: z
        .union([z.literal(false), msOrZero(30_000)], {
          error: 'must be a number of milliseconds, e.g. 30000, or false',
        })
        .optional(),
      staleIfErrorMs: z
        .union([z.literal(false), msOrZero(300_000)], {
          error: 'must be a number of milliseconds, e.g. 300000, or false',
        })
        .optional(),
      store: withMethods('a CacheStore such as memoryStore() or redisStore()', [
        'get',
        'set',
        'delete',
        'deleteByTag',
        'clear',
      ]).optional(),
      redis: z
        .union(
          [
            redisUrl,
            z.strictObject({
              url: redisUrl,
              namespace: nonEmpty('a non-empty key prefix, e.g. "mcpgw"').optional(),
              l1: layer(
                z.strictObject({
                  maxEntries: count(1, 10_000_000, 1_000).optional(),
                  maxBytes: count(1, 2 ** 40, 8 * 1024 * 1024).optional(),
                  ttlMs: ms(5_000).optional(),
                }),
              ).optional(),
            }),
          ],
          { error: 'must be a Redis URL such as redis://127.0.0.1:6379 or { url, namespace, l1 }' },
        )
        .optional(),
    }),
  ).optional(),
  opa: layer(
    z.looseObject({
      url: httpUrl('OPA base URL', 'http://127.0.0.1:8181'),
      policyPath: z
        .string({ error: 'must be a policy path such as mcp/gateway/decision' })
        .regex(/^[\w-]+(\/[\w-]+)*$/, { error: 'must be slash-separated names, e.g. mcp/gateway/decision' })
        .optional(),
      timeoutMs: ms(250).optional(),
      failOpen: z
        .boolean({ error: 'must be true or false (false = refuse invokes when OPA cannot answer)' })
        .optional(),
      jwt: jwt.optional(),
      decisionCache: layer(
        z.strictObject({ ttlMs: msOrZero(5_000).optional(), maxEntries: count(1, 10_000_000, 10_000).optional() }),
      ).optional(),
    }),
  ).optional(),
  metrics: layer(
    z.strictObject({
      registry: withMethods('a prom-client Registry', ['registerMetric', 'metrics']).optional(),
      prefix: z.string({ error: 'must be a metric name prefix such as "mcpgw_"' }).optional(),
      mcp: z.strictObject({ toolNameLabel: z.boolean({ error: 'must be true or false' }).optional() }).optional(),
    }),
  ).optional(),
  tracing: layer(
    z.strictObject({
      tracerProvider: withMethods('an OpenTelemetry TracerProvider', ['getTracer']).optional(),
      propagator: withMethods('an OpenTelemetry TextMapPropagator', ['inject']).optional(),
      mcpMetaPropagation: z.boolean({ error: 'must be true or false' }).optional(),
    }),
  ).optional(),
  logger: layer(withMethods('a pino logger', ['child', 'warn', 'error', 'isLevelEnabled'])).optional(),
  logging: z
    .strictObject({
      level: z.enum(levels, { error: `must be one of ${levels.join(', ')}` }).optional(),
      slowMs: ms(1_000).optional(),
    })
    .optional(),
  pagination: z
    .strictObject({
      pageSize: count(1, 1000, 100).optional(),
      maxPages: count(1, 10_000_000, 10_000).optional(),
      maxItems: count(1, 1_000_000_000, 1_000_000).optional(),
      concurrency: count(1, 64, 6).optional(),
    })
    .optional(),
  health: z.strictObject({ probeTimeoutMs: ms(2_000).optional() }).optional(),
  ...mcpOptionShape,
});
