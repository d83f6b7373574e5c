import { adaptiveConcurrencyOptionSchema as adaptive } from '@mcpgw/adaptive-limit';
import { breakerOptionSchema } from '@mcpgw/breaker';
import { cacheOptionSchema } from '@mcpgw/cache';
// A subpath: the package's main entry loads ioredis, which a client without Redis never does.
import { redisL1OptionSchema } from '@mcpgw/cache-redis/option-schema';
import {
  deadlineOptionSchema,
  concurrencyLimitOptionSchema as limit,
  msOption,
  type OptionSpec,
  paginationOptionSchema,
  transportOptionSchema as transport,
} from '@mcpgw/core/kit';
// A subpath too: the main entry loads ioredis.
import { fleetOptionSchema } from '@mcpgw/fleet/option-schema';
import { hedgeBudgetOptionSchema, hedgeOptionSchema } from '@mcpgw/hedge';
import { mcpOptionSchema } from '@mcpgw/mcp';
import { oauthOptionSchema } from '@mcpgw/oauth';
import { authorizeOptionSchema, decisionCacheOptionSchema, jwtOptionSchema } from '@mcpgw/opa';
import { retryBudgetOptionSchema, retryOptionSchema } from '@mcpgw/retry';

/**
 * The bounds, defaults and docs of every numeric and true/false option of `createGatewayClient()`, placed as the
 * options are. Each is its layer's own spec, so the preset can neither accept what the layer refuses nor refuse
 * what it takes; the option schema, `presetDefaults`, `configFromEnv()` and the docs' tables read this tree.
 */
export const presetOptionSpecs = {
  timeouts: {
    attemptMs: transport.attemptTimeoutMs,
    totalMs: deadlineOptionSchema.totalMs,
    // A connect slower than 2 s on a working network is a host that is down: fail it fast, it is retried anyway.
    connectMs: { ...transport.connectTimeoutMs, default: 2_000 },
  },
  pool: {
    connections: transport.connections,
    pipelining: transport.pipelining,
    keepAliveTimeoutMs: transport.keepAliveTimeoutMs,
  },
  limits: {
    maxResponseBytes: transport.maxResponseBytes,
    maxRequestBytes: transport.maxRequestBytes,
    maxConcurrent: limit.maxConcurrent,
    maxQueue: limit.maxQueue,
    queueTimeoutMs: limit.queueTimeoutMs,
    // The adaptive limit's own; its ceiling is maxConcurrent and its queue maxQueue.
    adaptive: {
      minLimit: adaptive.minLimit,
      initialLimit: adaptive.initialLimit,
      windowMs: adaptive.windowMs,
      minWindowSamples: adaptive.minWindowSamples,
      backoffRatio: adaptive.backoffRatio,
    },
  },
  retry: { ...retryOptionSchema, budget: retryBudgetOptionSchema },
  breaker: {
    errorThresholdPercentage: breakerOptionSchema.errorThresholdPercentage,
    volumeThreshold: breakerOptionSchema.volumeThreshold,
    resetTimeoutMs: breakerOptionSchema.resetTimeoutMs,
  },
  fleet: fleetOptionSchema,
  hedge: {
    percentile: hedgeOptionSchema.percentile,
    delayMs: hedgeOptionSchema.delayMs,
    minDelayMs: hedgeOptionSchema.minDelayMs,
    minSamples: hedgeOptionSchema.minSamples,
    maxHedges: hedgeOptionSchema.maxHedges,
    budget: { ratio: hedgeBudgetOptionSchema.ratio, minPerSecond: hedgeBudgetOptionSchema.minPerSecond },
  },
  cache: { ...cacheOptionSchema, redis: { l1: redisL1OptionSchema } },
  opa: {
    ...authorizeOptionSchema,
    jwt: jwtOptionSchema,
    decisionCache: decisionCacheOptionSchema,
  },
  auth: oauthOptionSchema,
  logging: { slowMs: msOption('Operations slower than this are logged at warn.', 1_000) },
  pagination: paginationOptionSchema,
  health: { probeTimeoutMs: msOption('Bound of each readiness probe.', 2_000) },
  mcp: mcpOptionSchema,
} as const;

/** A group of specs, as nested in `presetOptionSpecs`. */
export interface SpecTree {
  readonly [name: string]: OptionSpec | SpecTree;
}

export function isOptionSpec(node: OptionSpec | SpecTree): node is OptionSpec {
  return node.kind === 'number' || node.kind === 'boolean';
}

/** The spec at a dotted option path (`retry.budget.ratio`), if that option has one. */
export function specAt(path: readonly string[]): OptionSpec | undefined {
  let node: OptionSpec | SpecTree | undefined = presetOptionSpecs;
  for (const key of path) {
    if (node === undefined || isOptionSpec(node)) return undefined;
    node = node[key];
  }
  return node !== undefined && isOptionSpec(node) ? node : undefined;
}

/** Every spec of the tree with its path, depth first. */
export function everySpec(
  tree: SpecTree = presetOptionSpecs,
  prefix: readonly string[] = [],
): [string[], OptionSpec][] {
  return Object.entries(tree).flatMap(([key, node]) =>
    isOptionSpec(node) ? [[[...prefix, key], node] as [string[], OptionSpec]] : everySpec(node, [...prefix, key]),
  );
}
