import type { CacheEntry } from './cache-entry.js';

export type MaybePromise<T> = T | Promise<T>;

export interface CacheSetOptions {
  /** How long the store keeps the entry (fresh time plus the stale windows). */
  readonly ttlMs: number;
  /** Tags the entry can be dropped by (`server:<name>`, `op:<operation>`). */
  readonly tags: readonly string[];
}

export interface CacheStoreStats {
  readonly entries: number;
  readonly bytes: number;
  readonly evictions: number;
  /** Calls that failed or were skipped because the store was unavailable. */
  readonly errors?: number;
}

export interface CacheStoreHealth {
  readonly ok: boolean;
  readonly detail?: string;
}

/**
 * Where the cache keeps entries. A store may answer synchronously (memory) or asynchronously (Redis). A store
 * that can fail should answer a miss and drop writes rather than throw; the cache also treats a throw as a miss.
 */
export interface CacheStore {
  readonly name: string;
  get(key: string): MaybePromise<CacheEntry | undefined>;
  set(key: string, entry: CacheEntry, options: CacheSetOptions): MaybePromise<void>;
  delete(key: string): MaybePromise<void>;
  deleteByTag(tag: string): MaybePromise<void>;
  clear(): MaybePromise<void>;
  stats?(): CacheStoreStats;
  health?(): Promise<CacheStoreHealth>;
  close?(): Promise<void>;
}
