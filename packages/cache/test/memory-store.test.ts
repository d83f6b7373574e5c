import { ConfigError } from '@mcpgw/core';
import { describe, expect, it } from 'vitest';
import { type CacheEntry, memoryStore } from '../src/index.js';

function entry(size: number, body: unknown = { size }): CacheEntry {
  const now = Date.now();
  return { status: 200, headers: {}, body, storedAt: now, expiresAt: now + 60_000, size };
}

const keep = { ttlMs: 60_000, tags: [] as string[] };

describe('memoryStore', () => {
  it('evicts the least recently used entry when the entry bound is reached', () => {
    const store = memoryStore({ maxEntries: 3 });
    store.set('a', entry(1), keep);
    store.set('b', entry(1), keep);
    store.set('c', entry(1), keep);
    expect(store.get('a')).toBeDefined(); // a is now the most recently used
    store.set('d', entry(1), keep);
    expect(store.has('b')).toBe(false);
    expect(store.has('a')).toBe(true);
    expect(store.has('c')).toBe(true);
    expect(store.has('d')).toBe(true);
    expect(store.stats()).toMatchObject({ entries: 3, evictions: 1 });
  });

  it('keeps a key that is read between insertions, however many cold keys pass through', () => {
    const store = memoryStore({ maxEntries: 100 });
    store.set('hot', entry(1), keep);
    for (let i = 0; i < 10_000; i++) {
      store.set(`cold-${i}`, entry(1), keep);
      if (i % 40 === 0) expect(store.get('hot'), `after ${i} cold keys`).toBeDefined();
    }
    expect(store.has('hot')).toBe(true);
    expect(store.has('cold-0')).toBe(false);
    expect(store.stats()).toMatchObject({ entries: 100, evictions: 9_901 });
  });

  it('never holds more bytes or entries than its bounds under a fill test', () => {
    const maxBytes = 64 * 1024;
    const store = memoryStore({ maxEntries: 500, maxBytes });
    let maxSeenBytes = 0;
    let maxSeenEntries = 0;
    for (let i = 0; i < 5_000; i++) {
      store.set(`key-${i}`, entry(50 + ((i * 7919) % 1500)), { ttlMs: 60_000, tags: [`op:x`, `server:${i % 13}`] });
      const { bytes, entries } = store.stats();
      maxSeenBytes = Math.max(maxSeenBytes, bytes);
      maxSeenEntries = Math.max(maxSeenEntries, entries);
    }
    expect(maxSeenBytes).toBeLessThanOrEqual(maxBytes);
    expect(maxSeenEntries).toBeLessThanOrEqual(500);
    expect(store.stats().evictions).toBeGreaterThan(4_000);
    // The newest entry always fits.
    expect(store.has('key-4999')).toBe(true);
  });

  it('does not cache an entry larger than the byte bound, and keeps the others', () => {
    const store = memoryStore({ maxBytes: 1_000 });
    store.set('small', entry(100), keep);
    store.set('huge', entry(5_000), keep);
    expect(store.has('huge')).toBe(false);
    expect(store.has('small')).toBe(true);
  });

  it('replaces an entry under the same key without double-counting its bytes', () => {
    const store = memoryStore();
    store.set('k', entry(100), keep);
    store.set('k', entry(300), keep);
    expect(store.stats()).toMatchObject({ entries: 1, bytes: 300 + 2 });
  });

  it('expires entries after their ttl and ignores a ttl of 0', async () => {
    const store = memoryStore();
    store.set('short', entry(1), { ttlMs: 20, tags: ['t'] });
    store.set('zero', entry(1), { ttlMs: 0, tags: [] });
    expect(store.has('zero')).toBe(false);
    expect(store.get('short')).toBeDefined();
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(store.get('short')).toBeUndefined();
    expect(store.stats()).toMatchObject({ entries: 0, bytes: 0 });
  });

  it('drops entries by tag, and only those', () => {
    const store = memoryStore();
    store.set('a', entry(1), { ttlMs: 60_000, tags: ['server:x', 'op:getServer'] });
    store.set('b', entry(1), { ttlMs: 60_000, tags: ['server:y', 'op:getServer'] });
    store.set('c', entry(1), { ttlMs: 60_000, tags: ['op:listServers'] });
    store.deleteByTag('server:x');
    store.deleteByTag('no-such-tag');
    expect([store.has('a'), store.has('b'), store.has('c')]).toEqual([false, true, true]);
    store.deleteByTag('op:getServer');
    expect([store.has('b'), store.has('c')]).toEqual([false, true]);
    store.delete('c');
    store.delete('missing');
    expect(store.stats()).toMatchObject({ entries: 0, bytes: 0 });
  });

  it('clears everything and closes', async () => {
    const store = memoryStore();
    store.set('a', entry(10), { ttlMs: 60_000, tags: ['x'] });
    store.clear();
    expect(store.stats()).toMatchObject({ entries: 0, bytes: 0 });
    store.set('b', entry(10), keep);
    await store.close();
    expect(store.has('b')).toBe(false);
  });

  it('rejects bounds that are not positive integers with a ConfigError', () => {
    expect(() => memoryStore({ maxEntries: 0 })).toThrow(ConfigError);
    expect(() => memoryStore({ maxBytes: 1.5 })).toThrow(/maxBytes/);
  });
});
