import {
  type CacheEvent,
  type CacheStatus,
  type CacheStoreEvent,
  channels,
  type GatewayRequest,
  type GatewayResponse,
  type Handler,
  InvalidRequestError,
  type Middleware,
} from '@mcpgw/core';
import { newRequestId } from '@mcpgw/core/kit';
import { isAvailabilityError } from './availability-error.js';
import type { CacheEntry } from './cache-entry.js';
import { cacheEntryFromResponse } from './cache-entry-from-response.js';
import { cacheKey, cacheTags, operationTag, serverTag } from './cache-key.js';
import { type CacheOptions, resolveCacheOptions } from './cache-options.js';
import type { CacheStore } from './cache-store.js';
import { memoryStore } from './memory-store.js';
import { type Flight, flightRequest, SingleFlight } from './single-flight.js';

export interface CacheStats {
  readonly hits: number;
  readonly misses: number;
  readonly stale: number;
  readonly coalesced: number;
  readonly evictions: number;
  readonly entries: number;
  readonly bytes: number;
  /** Share of lookups answered without an upstream request of their own: (hits + stale + coalesced) / lookups. */
  readonly hitRate: number;
  /** Store calls that threw (each was treated as a miss or a dropped write). */
  readonly storeErrors: number;
  /** Background refreshes (stale-while-revalidate) that failed; the stale entry stayed. */
  readonly refreshErrors: number;
}

export interface InvalidateFilter {
  /** Drops this server's getServer and per-server listTools entries. Whole-gateway lists are not per-server. */
  server?: string;
  /** Drops every entry of this operation (e.g. `listServers`). */
  operation?: string;
}

export interface CacheMiddleware extends Middleware {
  /** No filter: everything. `{ server }`, `{ operation }` or both: only the entries tagged so. */
  invalidate(filter?: InvalidateFilter): Promise<void>;
  stats(): CacheStats;
  /** Waits for background refreshes, then closes the store. */
  close(): Promise<void>;
  /** The same as `close()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
}

// Reads that are cacheable by nature; invoke and health never are, whatever the request says.
const neverCached = new Set(['invokeTool', 'health']);

/** Response cache middleware: keyed per credential scope, single-flight, stale-while-revalidate, stale-if-error. */
export function cache(options: CacheOptions = {}): CacheMiddleware {
  const config = resolveCacheOptions(options);
  const store: CacheStore = config.store ?? memoryStore({ maxEntries: config.maxEntries, maxBytes: config.maxBytes });
  const swrMs = config.staleWhileRevalidateMs;
  const sieMs = config.staleIfErrorMs;
  // The store keeps an entry as long as either stale window may still use it.
  const keepStaleMs = Math.max(swrMs, sieMs);
  const flights = new SingleFlight();
  const refreshes = new Set<Promise<unknown>>();
  const counters = { hits: 0, misses: 0, stale: 0, coalesced: 0, storeErrors: 0, refreshErrors: 0 };
  // Bumped by every invalidation: an upstream answer that started before it is not stored after it.
  let generation = 0;
  let closed = false;

  const publish = (request: GatewayRequest, result: CacheStatus): void => {
    counters[result === 'miss' ? 'misses' : result === 'hit' ? 'hits' : result]++;
    if (channels.cache.hasSubscribers) {
      const event: CacheEvent = {
        client: request.client,
        operation: request.operation,
        requestId: request.requestId,
        result,
        store: store.name,
      };
      channels.cache.publish(event);
    }
  };

  const storeFault = (error: unknown): void => {
    counters.storeErrors++;
    if (channels.cacheStore.hasSubscribers) {
      const event: CacheStoreEvent = { store: store.name, state: 'error', error };
      channels.cacheStore.publish(event);
    }
  };

  const read = async (key: string): Promise<CacheEntry | undefined> => {
    try {
      return await store.get(key);
    } catch (error) {
      storeFault(error);
      return undefined;
    }
  };

  // `done` ends the flight once its outcome is known: after a store write, so a caller meanwhile joins the flight.
  const fetchAndStore = (
    next: Handler,
    request: GatewayRequest,
    key: string,
    done: () => void,
  ): Promise<GatewayResponse> => {
    const startedIn = generation;
    return next(request).then(
      (response) => {
        let stored: GatewayResponse | Promise<GatewayResponse>;
        try {
          stored = keepAnswer(request, key, response, startedIn);
        } catch (error) {
          done();
          throw error;
        }
        if (!(stored instanceof Promise)) {
          done();
          return stored;
        }
        return stored.finally(done);
      },
      (error: unknown) => {
        done();
        throw error;
      },
    );
  };

  /** The answer to give for a fresh response, once kept; an asynchronous store's write is waited for. */
  const keepAnswer = (
    request: GatewayRequest,
    key: string,
    response: GatewayResponse,
    startedIn: number,
  ): GatewayResponse | Promise<GatewayResponse> => {
    const ours = config.ttlByOperation.get(request.operation) ?? config.ttlMs;
    const ttlMs = config.dialect?.freshForMs === undefined ? ours : config.dialect.freshForMs(response, request, ours);
    if (response.status < 200 || response.status > 299 || ttlMs <= 0) return response;
    const entry = cacheEntryFromResponse(response, Date.now(), ttlMs, request);
    if (entry === undefined) return response;
    const answer: GatewayResponse = { ...response, headers: entry.headers, body: entry.body, cache: 'miss' };
    if (startedIn !== generation || closed) return answer;
    let stored: unknown;
    try {
      stored = store.set(key, entry, { ttlMs: ttlMs + keepStaleMs, tags: cacheTags(request) });
    } catch (error) {
      storeFault(error);
      return answer;
    }
    // A synchronous store (memory) has kept it already; an asynchronous one is waited for, its failure only counted.
    if (!(stored instanceof Promise)) return answer;
    return stored.then(
      () => answer,
      (error: unknown) => {
        storeFault(error);
        return answer;
      },
    );
  };

  const startFlight = (next: Handler, request: GatewayRequest, key: string, background: boolean): Flight =>
    flights.start(key, (signal, done) => fetchAndStore(next, flightRequest(request, signal), key, done), background);

  const refreshInBackground = (next: Handler, request: GatewayRequest, key: string): void => {
    if (flights.get(key) !== undefined || closed) return;
    // Its own request id: the caller already has its answer, and this request must not be cut by its signal.
    const flight = startFlight(next, { ...request, requestId: newRequestId() }, key, true);
    const settled = flight.promise.then(
      () => {},
      () => {
        counters.refreshErrors++;
      },
    );
    refreshes.add(settled);
    void settled.finally(() => refreshes.delete(settled));
  };

  const fromEntry = (request: GatewayRequest, entry: CacheEntry, result: CacheStatus): GatewayResponse => {
    publish(request, result);
    const { body } = entry;
    return {
      status: entry.status,
      headers: entry.headers,
      body,
      attempts: 0,
      cache: result,
      decoded: entry.decoded === true ? body : undefined,
    };
  };

  const awaitFlight = (
    request: GatewayRequest,
    key: string,
    flight: Flight,
    result: 'miss' | 'coalesced',
    stale: CacheEntry | undefined,
  ): Promise<GatewayResponse> =>
    flights.wait(flight, request, {
      value: (response) => {
        publish(request, result);
        return result === 'miss' ? response : { ...response, cache: 'coalesced' };
      },
      error: (error) => staleOrThrow(request, key, result, stale, error),
    });

  /** Stale-if-error: an entry within `staleIfErrorMs` past its expiry answers an availability failure. */
  const staleOrThrow = async (
    request: GatewayRequest,
    key: string,
    result: 'miss' | 'coalesced',
    stale: CacheEntry | undefined,
    error: unknown,
  ): Promise<GatewayResponse> => {
    if (sieMs > 0 && isAvailabilityError(error)) {
      const fallback = stale ?? (await read(key));
      if (fallback !== undefined && Date.now() - fallback.expiresAt <= sieMs)
        return fromEntry(request, fallback, 'stale');
    }
    publish(request, result);
    throw error;
  };

  // Not async: a memory store answers a hit with no promise turn before the caller's own.
  const lookup = (next: Handler, request: GatewayRequest): Promise<GatewayResponse> => {
    const key = cacheKey(request, config.scope, config.dialect?.keyBody?.(request));
    const inFlight = flights.get(key);
    // Joining before the store lookup makes N concurrent misses one request even with an asynchronous store; a
    // background refresh is not joined here, so the stale entry is still answered at once.
    if (inFlight !== undefined && !inFlight.background)
      return awaitFlight(request, key, inFlight, 'coalesced', undefined);
    let got: CacheEntry | undefined | Promise<CacheEntry | undefined>;
    try {
      got = store.get(key);
    } catch (error) {
      storeFault(error);
    }
    if (got instanceof Promise) {
      return got.then(
        (entry) => answer(next, request, key, entry),
        (error: unknown) => {
          storeFault(error);
          return answer(next, request, key, undefined);
        },
      );
    }
    return answer(next, request, key, got);
  };

  const answer = (
    next: Handler,
    request: GatewayRequest,
    key: string,
    entry: CacheEntry | undefined,
  ): Promise<GatewayResponse> => {
    if (entry !== undefined) {
      const staleForMs = Date.now() - entry.expiresAt;
      if (staleForMs < 0) return Promise.resolve(fromEntry(request, entry, 'hit'));
      if (staleForMs <= swrMs && config.dialect?.servesWhileRevalidating?.(entry) !== false) {
        refreshInBackground(next, request, key);
        return Promise.resolve(fromEntry(request, entry, 'stale'));
      }
    }
    const joined = flights.get(key);
    if (joined !== undefined) return awaitFlight(request, key, joined, 'coalesced', entry);
    return awaitFlight(request, key, startFlight(next, request, key, false), 'miss', entry);
  };

  const allowed = (request: GatewayRequest): boolean =>
    !neverCached.has(request.operation) || config.dialect?.keepsInvoke?.(request) === true;
  const middleware: Middleware = (next) => (request) =>
    request.cacheable && !closed && allowed(request) ? lookup(next, request) : next(request);

  return Object.assign(middleware, {
    async invalidate(filter: InvalidateFilter = {}): Promise<void> {
      const { server, operation } = filter;
      for (const [field, value] of [
        ['server', server],
        ['operation', operation],
      ] as const) {
        if (value !== undefined && (typeof value !== 'string' || value === '')) {
          throw new InvalidRequestError(`invalidate: ${field} must be a non-empty string`, { field });
        }
      }
      generation++;
      try {
        if (server !== undefined && operation !== undefined) {
          await store.deleteByTag(`${serverTag(server)}|${operationTag(operation)}`);
        } else if (server !== undefined) await store.deleteByTag(serverTag(server));
        else if (operation !== undefined) await store.deleteByTag(operationTag(operation));
        else await store.clear();
      } catch (error) {
        storeFault(error);
      }
    },

    stats(): CacheStats {
      const storeStats = store.stats?.();
      const answered = counters.hits + counters.stale + counters.coalesced;
      const lookups = answered + counters.misses;
      return {
        hits: counters.hits,
        misses: counters.misses,
        stale: counters.stale,
        coalesced: counters.coalesced,
        evictions: storeStats?.evictions ?? 0,
        entries: storeStats?.entries ?? 0,
        bytes: storeStats?.bytes ?? 0,
        hitRate: lookups === 0 ? 0 : answered / lookups,
        storeErrors: counters.storeErrors,
        refreshErrors: counters.refreshErrors,
      };
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await Promise.allSettled([...refreshes]);
      await store.close?.();
    },
    [Symbol.asyncDispose](): Promise<void> {
      return this.close();
    },
  });
}
