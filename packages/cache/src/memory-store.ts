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
  readonly entry: CacheEntry;
  readonly tags: readonly string[];
  readonly bytes: number;
  readonly deadline: number;
  /** The store's use count when the slot last moved to the newest end. */
  used: number;
}

export const DEFAULT_MAX_ENTRIES = 10_000;
export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;
// Keys are UTF-16 in memory; count them so that many tiny entries with long keys still respect the byte bound.
const bytesPerKeyChar = 2;

/**
 * An in-process LRU store bounded by entry count and by bytes; invalidation by tag scans the entries. Recency is
 * kept to within maxEntries/2 insertions: an entry read within the last maxEntries/2 of them is never evicted next.
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

class LruMemoryStore implements MemoryStore {
  readonly name: string;
  readonly #maxEntries: number;
  readonly #maxBytes: number;
  // Map keeps insertion order: the first key is the least recently used.
  readonly #slots = new Map<string, Slot>();
  #bytes = 0;
  #evictions = 0;
  // Moves to the newest end so far; a hit on a slot moved fewer than maxEntries/2 moves ago stays where it is (it is
  // nowhere near eviction), which spares a hot key a delete and a re-insert on every hit.
  #moves = 0;

  constructor(name: string, maxEntries: number, maxBytes: number) {
    this.name = name;
    this.#maxEntries = maxEntries;
    this.#maxBytes = maxBytes;
  }

  get(key: string): CacheEntry | undefined {
    const slot = this.#slots.get(key);
    if (slot === undefined) return undefined;
    if (slot.deadline <= Date.now()) {
      this.#remove(key, slot);
      return undefined;
    }
    if (this.#moves - slot.used > this.#maxEntries >> 1) {
      this.#slots.delete(key);
      this.#slots.set(key, slot);
      slot.used = ++this.#moves;
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
    if (existing !== undefined) this.#remove(key, existing);
    // An entry that alone exceeds the bound is not cached at all rather than emptying the whole cache for it.
    if (bytes > this.#maxBytes || options.ttlMs <= 0) return;
    while (this.#slots.size >= this.#maxEntries || this.#bytes + bytes > this.#maxBytes) this.#evictOldest();
    const slot: Slot = { entry, tags: options.tags, bytes, deadline: Date.now() + options.ttlMs, used: ++this.#moves };
    this.#slots.set(key, slot);
    this.#bytes += bytes;
  }

  delete(key: string): void {
    const slot = this.#slots.get(key);
    if (slot !== undefined) this.#remove(key, slot);
  }

  // A scan, not an index: invalidation is rare and a scan of even 10 000 entries takes well under a millisecond,
  // while keeping a tag index up to date cost two Set allocations on every miss and every eviction.
  deleteByTag(tag: string): void {
    for (const [key, slot] of this.#slots) if (slot.tags.includes(tag)) this.#remove(key, slot);
  }

  clear(): void {
    this.#slots.clear();
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

  #evictOldest(): void {
    const oldest = this.#slots.keys().next();
    if (oldest.done) return;
    const slot = this.#slots.get(oldest.value)!;
    this.#remove(oldest.value, slot);
    this.#evictions++;
  }

  #remove(key: string, slot: Slot): void {
    this.#slots.delete(key);
    this.#bytes -= slot.bytes;
  }
}
