import { ConfigError } from '@mcpgw/core';
import type { CacheEntry } from './cache-entry.js';
import type { CacheSetOptions, CacheStore, CacheStoreStats } from './cache-store.js';

export interface MemoryStoreOptions {
  /** Default 10 000. */
  maxEntries?: number;
  /** Default 50 MiB. */
  maxBytes?: number;
  /** Name reported in events and stats. Default `memory`. */
  name?: string;
}

export interface MemoryStore extends CacheStore {
  readonly name: string;
  get(key: string): CacheEntry | undefined;
  set(key: string, entry: CacheEntry, options: CacheSetOptions): void;
  delete(key: string): void;
  deleteByTag(tag: string): void;
  clear(): void;
  stats(): CacheStoreStats;
  has(key: string): boolean;
  close(): Promise<void>;
  /** The same as `close()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
}

interface Slot {
  readonly key: string;
  readonly entry: CacheEntry;
  readonly tags: readonly string[];
  readonly bytes: number;
  readonly deadline: number;
  /** Neighbours in recency order: `older` is nearer eviction. */
  older: Slot | undefined;
  newer: Slot | undefined;
}

export const DEFAULT_MAX_ENTRIES = 10_000;
export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;
// Keys are UTF-16 in memory; count them so that many tiny entries with long keys still respect the byte bound.
const bytesPerKeyChar = 2;

/**
 * An in-process LRU store bounded by entry count and by bytes; invalidation by tag scans the entries. A hit makes
 * its entry the newest; the oldest is evicted first.
 */
export function memoryStore(options: MemoryStoreOptions = {}): MemoryStore {
  const maxEntries = positiveInteger(options.maxEntries ?? DEFAULT_MAX_ENTRIES, 'maxEntries');
  const maxBytes = positiveInteger(options.maxBytes ?? DEFAULT_MAX_BYTES, 'maxBytes');
  return new LruMemoryStore(options.name ?? 'memory', maxEntries, maxBytes);
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isInteger(value) || value < 1) {
    throw new ConfigError([{ path: `cache.${name}`, message: `must be a positive integer, got ${String(value)}` }]);
  }
  return value;
}

// Recency is a linked list beside the Map: a hit relinks two neighbours, an eviction takes the oldest at once. (The
// Map's own insertion order needed a delete and a re-insert per hit, and finding the oldest walked the holes its
// deletions left at the front: about a microsecond a miss at 1 000 entries.)
class LruMemoryStore implements MemoryStore {
  readonly name: string;
  readonly #maxEntries: number;
  readonly #maxBytes: number;
  readonly #slots = new Map<string, Slot>();
  #oldest: Slot | undefined;
  #newest: Slot | undefined;
  #bytes = 0;
  #evictions = 0;

  constructor(name: string, maxEntries: number, maxBytes: number) {
    this.name = name;
    this.#maxEntries = maxEntries;
    this.#maxBytes = maxBytes;
  }

  get(key: string): CacheEntry | undefined {
    const slot = this.#slots.get(key);
    if (slot === undefined) return undefined;
    if (slot.deadline <= Date.now()) {
      this.#remove(slot);
      return undefined;
    }
    if (slot !== this.#newest) {
      this.#unlink(slot);
      this.#append(slot);
    }
    return slot.entry;
  }

  has(key: string): boolean {
    const slot = this.#slots.get(key);
    return slot !== undefined && slot.deadline > Date.now();
  }

  set(key: string, entry: CacheEntry, options: CacheSetOptions): void {
    const bytes = entry.size + key.length * bytesPerKeyChar;
    const existing = this.#slots.get(key);
    if (existing !== undefined) this.#remove(existing);
    // An entry that alone exceeds the bound is not cached at all rather than emptying the whole cache for it.
    if (bytes > this.#maxBytes || options.ttlMs <= 0) return;
    while (
      this.#oldest !== undefined &&
      (this.#slots.size >= this.#maxEntries || this.#bytes + bytes > this.#maxBytes)
    ) {
      this.#remove(this.#oldest);
      this.#evictions++;
    }
    const slot: Slot = {
      key,
      entry,
      tags: options.tags,
      bytes,
      deadline: Date.now() + options.ttlMs,
      older: undefined,
      newer: undefined,
    };
    this.#slots.set(key, slot);
    this.#append(slot);
    this.#bytes += bytes;
  }

  delete(key: string): void {
    const slot = this.#slots.get(key);
    if (slot !== undefined) this.#remove(slot);
  }

  // A scan, not an index: invalidation is rare and a scan of even 10 000 entries takes well under a millisecond,
  // while keeping a tag index up to date cost two Set allocations on every miss and every eviction.
  deleteByTag(tag: string): void {
    for (const slot of this.#slots.values()) if (slot.tags.includes(tag)) this.#remove(slot);
  }

  clear(): void {
    this.#slots.clear();
    this.#oldest = this.#newest = undefined;
    this.#bytes = 0;
  }

  stats(): CacheStoreStats {
    return { entries: this.#slots.size, bytes: this.#bytes, evictions: this.#evictions };
  }

  async close(): Promise<void> {
    this.clear();
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  #append(slot: Slot): void {
    slot.older = this.#newest;
    slot.newer = undefined;
    if (this.#newest === undefined) this.#oldest = slot;
    else this.#newest.newer = slot;
    this.#newest = slot;
  }

  #unlink(slot: Slot): void {
    if (slot.older === undefined) this.#oldest = slot.newer;
    else slot.older.newer = slot.newer;
    if (slot.newer === undefined) this.#newest = slot.older;
    else slot.newer.older = slot.older;
    slot.older = slot.newer = undefined;
  }

  #remove(slot: Slot): void {
    this.#slots.delete(slot.key);
    this.#unlink(slot);
    this.#bytes -= slot.bytes;
  }
}
