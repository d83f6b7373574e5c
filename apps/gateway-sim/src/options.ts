import type { PaginationKnobs } from './catalog.js';
import { type McpOptions, type ResolvedMcpOptions, resolveMcpOptions } from './mcp/mcp-options.js';

/**
 * A fixed latency in ms, or a uniform range drawn from the seeded generator; `tail` makes a share of the answers
 * `factor` times slower (a long-tail distribution, e.g. `{ share: 0.05, factor: 50 }`).
 */
export type Latency = number | { min: number; max: number; tail?: LatencyTail };
export interface LatencyTail {
  /** Share of answers in the tail, 0..1. */
  share: number;
  /** How many times slower a tail answer is, 1..1000. */
  factor: number;
}

/**
 * The gateway's capacity: at most `concurrency` REST requests served at once (each holds its slot for its latency),
 * up to `queue` more wait in arrival order, and beyond that the gateway answers 503 at once.
 */
export interface Capacity {
  concurrency: number;
  queue: number;
}

export interface GatewaySimOptions {
  /** Interface to bind. Default `127.0.0.1`. */
  host?: string;
  /** Port; 0 picks an ephemeral one. Default 0. */
  port?: number;
  /** Seed of the data set and of latency draws. Default 1. */
  seed?: number;
  /** Number of servers. Default 25. */
  servers?: number;
  /** Tools per server. Default 5. */
  toolsPerServer?: number;
  /** When set, every gateway request needs `X-API-Key` equal to it. */
  apiKey?: string;
  /** Invoke needs `Authorization: Bearer <token>`. Default true. */
  requireUserToken?: boolean;
  /** Which pagination fields list pages carry. Default both. */
  pagination?: Partial<PaginationKnobs>;
  /** Added before every gateway answer. Default 0. */
  latencyMs?: Latency;
  /** Bounded concurrency of the REST routes (not `/mcp`, not admin). Default unbounded. */
  capacity?: Capacity;
  /** Entries kept in the request log and in the invocation log. Default 10 000. */
  maxRequestLog?: number;
  /** Idempotency keys remembered. Default 10 000. */
  maxIdempotencyKeys?: number;
  /** Largest request body accepted (bytes); larger gets 413. Default 1 MiB. */
  maxRequestBodyBytes?: number;
  /** The MCP endpoint at `/mcp` (README "MCP endpoint"). */
  mcp?: McpOptions;
}

export interface ResolvedOptions {
  host: string;
  port: number;
  seed: number;
  servers: number;
  toolsPerServer: number;
  apiKey: string | undefined;
  requireUserToken: boolean;
  pagination: PaginationKnobs;
  latency: Latency;
  capacity: Capacity | undefined;
  maxRequestLog: number;
  maxIdempotencyKeys: number;
  maxRequestBodyBytes: number;
  mcp: ResolvedMcpOptions;
}

export function resolveOptions(options: GatewaySimOptions): ResolvedOptions {
  const resolved: ResolvedOptions = {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    seed: options.seed ?? 1,
    servers: options.servers ?? 25,
    toolsPerServer: options.toolsPerServer ?? 5,
    apiKey: options.apiKey,
    requireUserToken: options.requireUserToken ?? true,
    pagination: { total: true, nextOffset: true, ...options.pagination },
    latency: validateLatency(options.latencyMs ?? 0),
    capacity: validateCapacity(options.capacity),
    maxRequestLog: options.maxRequestLog ?? 10_000,
    maxIdempotencyKeys: options.maxIdempotencyKeys ?? 10_000,
    maxRequestBodyBytes: options.maxRequestBodyBytes ?? 1024 * 1024,
    mcp: resolveMcpOptions(options.mcp),
  };
  requireInteger(resolved.port, 'port', 0, 65_535);
  requireInteger(resolved.seed, 'seed', 0, 2 ** 32 - 1);
  validateServerCount(resolved.servers);
  requireInteger(resolved.toolsPerServer, 'toolsPerServer', 0, 10_000);
  requireInteger(resolved.maxRequestLog, 'maxRequestLog', 0, 10_000_000);
  requireInteger(resolved.maxIdempotencyKeys, 'maxIdempotencyKeys', 0, 10_000_000);
  requireInteger(resolved.maxRequestBodyBytes, 'maxRequestBodyBytes', 0, 2 ** 31);
  if (resolved.apiKey !== undefined && (typeof resolved.apiKey !== 'string' || resolved.apiKey === '')) {
    throw new TypeError('apiKey must be a non-empty string');
  }
  return resolved;
}

export function validateServerCount(count: unknown): number {
  requireInteger(count, 'servers', 0, 10_000_000);
  return count as number;
}

export function validateLatency(latency: unknown): Latency {
  if (typeof latency === 'number') {
    requireInteger(latency, 'latencyMs', 0, 600_000);
    return latency;
  }
  if (typeof latency === 'object' && latency !== null) {
    const { min, max, tail } = latency as { min?: unknown; max?: unknown; tail?: unknown };
    requireInteger(min, 'latencyMs.min', 0, 600_000);
    requireInteger(max, 'latencyMs.max', 0, 600_000);
    if ((max as number) < (min as number)) throw new RangeError('latencyMs.max must be >= latencyMs.min');
    if (tail === undefined) return { min: min as number, max: max as number };
    if (typeof tail !== 'object' || tail === null) throw new TypeError('latencyMs.tail must be { share, factor }');
    const { share, factor } = tail as { share?: unknown; factor?: unknown };
    if (typeof share !== 'number' || !(share >= 0 && share <= 1)) {
      throw new RangeError(`latencyMs.tail.share must be a number 0..1, got ${String(share)}`);
    }
    requireInteger(factor, 'latencyMs.tail.factor', 1, 1000);
    return { min: min as number, max: max as number, tail: { share, factor: factor as number } };
  }
  throw new TypeError('latencyMs must be a number of ms or { min, max, tail? }');
}

/** `undefined` or `null`: unbounded. */
export function validateCapacity(capacity: unknown): Capacity | undefined {
  if (capacity === undefined || capacity === null) return undefined;
  if (typeof capacity !== 'object') throw new TypeError('capacity must be { concurrency, queue } or null');
  const { concurrency, queue } = capacity as { concurrency?: unknown; queue?: unknown };
  requireInteger(concurrency, 'capacity.concurrency', 1, 100_000);
  requireInteger(queue, 'capacity.queue', 0, 1_000_000);
  return { concurrency: concurrency as number, queue: queue as number };
}

export function validatePagination(pagination: unknown): Partial<PaginationKnobs> {
  if (typeof pagination !== 'object' || pagination === null) throw new TypeError('pagination must be an object');
  const { total, nextOffset } = pagination as Record<string, unknown>;
  for (const [name, value] of [
    ['total', total],
    ['nextOffset', nextOffset],
  ] as const) {
    if (value !== undefined && typeof value !== 'boolean') throw new TypeError(`pagination.${name} must be a boolean`);
  }
  return {
    ...(total === undefined ? {} : { total: total as boolean }),
    ...(nextOffset === undefined ? {} : { nextOffset: nextOffset as boolean }),
  };
}

function requireInteger(value: unknown, name: string, min: number, max: number): void {
  if (!Number.isInteger(value) || (value as number) < min || (value as number) > max) {
    throw new RangeError(`${name} must be an integer ${min}..${max}, got ${String(value)}`);
  }
}
