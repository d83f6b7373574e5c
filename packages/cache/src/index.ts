export { isAvailabilityError } from './availability-error.js';
export {
  type CacheMiddleware,
  type CacheStats,
  cache,
  type InvalidateFilter,
} from './cache.js';
export type { CacheEntry } from './cache-entry.js';
export { cacheEntryFromResponse } from './cache-entry-from-response.js';
export { answerNeutralHeaders, cacheKey, cacheTags, operationTag, serverTag } from './cache-key.js';
export {
  type CacheDialect,
  type CacheOptions,
  DEFAULT_STALE_IF_ERROR_MS,
  DEFAULT_STALE_WHILE_REVALIDATE_MS,
  DEFAULT_TTL_MS,
} from './cache-options.js';
export type { CacheSetOptions, CacheStore, CacheStoreHealth, CacheStoreStats, MaybePromise } from './cache-store.js';
export { deepFreeze, MAX_ANSWER_DEPTH } from './deep-freeze.js';
export { fingerprint } from './fingerprint.js';
export {
  DEFAULT_MAX_BYTES,
  DEFAULT_MAX_ENTRIES,
  type MemoryStore,
  type MemoryStoreOptions,
  memoryStore,
} from './memory-store.js';
export { cacheOptionSchema } from './option-schema.js';
