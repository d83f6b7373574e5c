import { ConfigError, type ConfigIssue, type GatewayRequest, type GatewayResponse } from '@mcpgw/core';
import { acceptsOption, expectedBy, optionIssues } from '@mcpgw/core/kit';
import type { CacheEntry } from './cache-entry.js';
import type { CacheStore } from './cache-store.js';
import { DEFAULT_MAX_BYTES, DEFAULT_MAX_ENTRIES } from './memory-store.js';
import { cacheOptionSchema } from './option-schema.js';

export interface CacheOptions {
  /** How long an answer stays fresh. Default 300 000 (5 min). */
  ttlMs?: number;
  /** Fresh time per operation (`{ listServers: 60_000 }`); 0 turns caching off for that operation. */
  ttlByOperation?: Record<string, number>;
  /** Bound of the default memory store. Default 10 000. */
  maxEntries?: number;
  /** Bound of the default memory store. Default 50 MiB. */
  maxBytes?: number;
  /** After expiry, serve the stale entry at once and refresh it in the background. Default 30 000; 0/false = off. */
  staleWhileRevalidateMs?: number | false;
  /** After expiry, serve the stale entry when the gateway is unavailable. Default 300 000; 0/false = off. */
  staleIfErrorMs?: number | false;
  /** Where entries live. Default a memory store with `maxEntries` and `maxBytes`. */
  store?: CacheStore;
  /** Extra credential scope mixed into every key (e.g. a tenant id). */
  scope?: string;
  /** How a wire dialect's requests are keyed and its answers kept; the MCP dialect's is `mcpCacheDialect`. */
  dialect?: CacheDialect;
}

/**
 * What a wire dialect tells the cache. Both parts are optional; without them the whole body is keyed and our TTL
 * applies.
 */
export interface CacheDialect {
  /**
   * The text of what in the body decides the answer, leaving out what differs per message and not per question
   * (a JSON-RPC id, trace context); undefined: the whole body. Its digest replaces the body's in the key.
   */
  keyBody?(request: GatewayRequest): string | undefined;
  /** How long this answer stays fresh, given our TTL for it (a server may state its own); 0 keeps nothing. */
  freshForMs?(response: GatewayResponse, request: GatewayRequest, ourTtlMs: number): number;
  /**
   * True lets a cacheable request of an operation never cached by default (`invokeTool`) through: the dialect
   * vouches that this call only reads (an MCP tool a trusted server marks read-only and closed-world, opted in).
   */
  keepsInvoke?(request: GatewayRequest): boolean;
  /**
   * False: once this entry is stale, the next lookup waits for a fresh answer instead of being answered with the stale
   * one while it refreshes (a server's own TTL asks for a re-fetch on access); the entry still serves stale-if-error.
   */
  servesWhileRevalidating?(entry: CacheEntry): boolean;
}

const dialectMethods = ['keyBody', 'freshForMs', 'keepsInvoke', 'servesWhileRevalidating'] as const;

export interface ResolvedCacheOptions {
  readonly ttlMs: number;
  readonly ttlByOperation: ReadonlyMap<string, number>;
  readonly maxEntries: number;
  readonly maxBytes: number;
  readonly staleWhileRevalidateMs: number;
  readonly staleIfErrorMs: number;
  readonly store: CacheStore | undefined;
  readonly scope: string | undefined;
  readonly dialect: CacheDialect | undefined;
}

export const DEFAULT_TTL_MS = cacheOptionSchema.ttlMs.default;
export const DEFAULT_STALE_WHILE_REVALIDATE_MS = cacheOptionSchema.staleWhileRevalidateMs.default;
export const DEFAULT_STALE_IF_ERROR_MS = cacheOptionSchema.staleIfErrorMs.default;

export function resolveCacheOptions(options: CacheOptions): ResolvedCacheOptions {
  const issues: ConfigIssue[] = [];
  const ttlByOperation = new Map<string, number>();
  for (const [operation, ttl] of Object.entries(options.ttlByOperation ?? {})) {
    if (acceptsOption(cacheOptionSchema.ttlMs, ttl)) ttlByOperation.set(operation, ttl ?? DEFAULT_TTL_MS);
    else {
      const message = `must be ${expectedBy(cacheOptionSchema.ttlMs)}, got ${String(ttl)}`;
      issues.push({ path: `cache.ttlByOperation.${operation}`, message });
    }
  }
  const store = options.store;
  if (store !== undefined && (typeof store.get !== 'function' || typeof store.set !== 'function')) {
    issues.push({ path: 'cache.store', message: 'must implement CacheStore (get, set, delete, deleteByTag, clear)' });
  }
  const dialect = options.dialect;
  if (
    dialect !== undefined &&
    (dialect === null ||
      typeof dialect !== 'object' ||
      dialectMethods.some((name) => dialect[name] !== undefined && typeof dialect[name] !== 'function'))
  ) {
    issues.push({
      path: 'cache.dialect',
      message:
        'must be { keyBody?(request), freshForMs?(response, request, ttlMs), keepsInvoke?(request), servesWhileRevalidating?(entry) }',
    });
  }
  if (options.scope !== undefined && typeof options.scope !== 'string') {
    issues.push({ path: 'cache.scope', message: 'must be a string' });
  }
  // Bounds and defaults are the schema's, the same the preset checks.
  issues.push(...optionIssues(cacheOptionSchema, options as Record<string, unknown>, 'cache'));
  const off = (value: number | false | undefined, fallback: number) => (value === false ? 0 : (value ?? fallback));
  const resolved: ResolvedCacheOptions = {
    ttlMs: options.ttlMs ?? DEFAULT_TTL_MS,
    ttlByOperation,
    maxEntries: options.maxEntries ?? DEFAULT_MAX_ENTRIES,
    maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES,
    staleWhileRevalidateMs: off(options.staleWhileRevalidateMs, DEFAULT_STALE_WHILE_REVALIDATE_MS),
    staleIfErrorMs: off(options.staleIfErrorMs, DEFAULT_STALE_IF_ERROR_MS),
    store,
    scope: options.scope,
    dialect,
  };
  if (issues.length > 0) throw new ConfigError(issues);
  return resolved;
}
