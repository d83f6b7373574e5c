import type { CacheEntry, CacheSetOptions, CacheStore, CacheStoreHealth, CacheStoreStats } from '@mcpgw/cache';
import type { RedisStore, RedisStoreOptions } from '@mcpgw/cache-redis';

const NOT_LOADED: CacheStoreStats = { entries: 0, bytes: 0, evictions: 0, errors: 0 };

/**
 * The Redis store, imported only by a client configured with Redis: `@mcpgw/cache-redis` (and ioredis, about
 * 270 ms to import) stays unloaded otherwise, and `createGatewayClient()` stays synchronous. The import starts at
 * once, so Redis connects when the client is created, as an eager store would; calls made before it finishes wait
 * for it. A store that cannot be loaded or built answers misses, drops writes and reports itself unhealthy, as a
 * Redis outage does: a cache fault never fails a request.
 */
export function lazyRedisStore(options: RedisStoreOptions): CacheStore {
  let store: RedisStore | undefined;
  let failure: unknown;
  const loaded: Promise<RedisStore | undefined> = import('@mcpgw/cache-redis').then(
    (module) => {
      store = module.redisStore(options);
      return store;
    },
    (error: unknown) => {
      failure = error;
      return undefined;
    },
  );
  const use = async <T>(call: (s: RedisStore) => T | Promise<T>, fallback: T): Promise<T> => {
    const s = store ?? (await loaded);
    return s === undefined ? fallback : call(s);
  };
  return {
    name: 'redis',
    get: (key: string) => use((s) => s.get(key), undefined as CacheEntry | undefined),
    set: (key: string, entry: CacheEntry, setOptions: CacheSetOptions) =>
      use((s) => s.set(key, entry, setOptions), undefined),
    delete: (key: string) => use((s) => s.delete(key), undefined),
    deleteByTag: (tag: string) => use((s) => s.deleteByTag(tag), undefined),
    clear: () => use((s) => s.clear(), undefined),
    stats: () => store?.stats() ?? NOT_LOADED,
    health: async (): Promise<CacheStoreHealth> => {
      const s = store ?? (await loaded);
      if (s !== undefined) return s.health();
      return { ok: false, detail: `cannot load @mcpgw/cache-redis: ${messageOf(failure)}` };
    },
    close: async () => {
      await (await loaded)?.close();
    },
  };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
