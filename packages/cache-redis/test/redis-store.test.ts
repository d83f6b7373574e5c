import { randomUUID } from 'node:crypto';
import diagnostics from 'node:diagnostics_channel';
import type { CacheEntry } from '@mcpgw/cache';
import { type CacheStoreEvent, ConfigError } from '@mcpgw/core';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { decodeEntry, encodeEntry, type RedisStore, redisStore } from '../src/index.js';

const url = inject('redisUrl');
let admin: Redis;
const stores: RedisStore[] = [];

beforeAll(() => {
  admin = new Redis(url);
});
afterAll(async () => {
  await admin.quit();
});
afterEach(async () => {
  await Promise.all(stores.splice(0).map((s) => s.close()));
});

async function open(options: Parameters<typeof redisStore>[0] = {}): Promise<RedisStore> {
  const store = redisStore({ url, namespace: `t-${randomUUID().slice(0, 8)}`, ...options });
  stores.push(store);
  expect(await store.ready()).toBe(true);
  return store;
}

function entry(body: unknown = { servers: [{ server_name: 'x' }] }): CacheEntry {
  const now = Date.now();
  return {
    status: 200,
    headers: { 'content-type': 'application/json' },
    body,
    storedAt: now,
    expiresAt: now + 60_000,
    size: 40,
  };
}

describe('redisStore', () => {
  it('round-trips an entry under a namespaced key with a TTL in Redis', async () => {
    const store = await open({ namespace: 'roundtrip' });
    await store.set('op|key', entry(), { ttlMs: 30_000, tags: ['op:listServers'] });
    expect(await store.get('op|key')).toEqual(
      entry().body === undefined ? undefined : expect.objectContaining({ status: 200 }),
    );
    expect((await store.get('op|key'))?.body).toEqual(entry().body);
    const keys = await admin.keys('roundtrip:*');
    expect(keys.sort()).toEqual(['roundtrip:0:e:op|key', 'roundtrip:0:t:op:listServers']);
    const ttl = await admin.pttl('roundtrip:0:e:op|key');
    expect(ttl).toBeGreaterThan(20_000);
    expect(ttl).toBeLessThanOrEqual(30_000);
    expect(await store.get('missing')).toBeUndefined();
  });

  it('a call made while the first connection opens waits for it instead of missing', async () => {
    const store = redisStore({ url, namespace: `t-${randomUUID().slice(0, 8)}` });
    stores.push(store);
    // Nothing has connected yet in this tick: without the wait the write would be dropped and the read a miss.
    const written = store.set('early', entry(), { ttlMs: 60_000, tags: [] });
    await written;
    expect(await store.get('early')).toMatchObject({ status: 200 });
    expect(store.stats().skipped).toBe(0);
  });

  it('a store whose Redis refuses connections answers misses at once, within its bound', async () => {
    const store = redisStore({ url: 'redis://127.0.0.1:1', namespace: 'refused', commandTimeoutMs: 100 });
    stores.push(store);
    await store.set('k', entry(), { ttlMs: 60_000, tags: [] });
    expect(await store.get('k')).toBeUndefined();
    expect(await store.health()).toMatchObject({ ok: false });
  });

  it('lets Redis expire entries', async () => {
    const store = await open();
    await store.set('short', entry(), { ttlMs: 30, tags: [] });
    await vi.waitFor(async () => expect(await store.get('short')).toBeUndefined(), { timeout: 5_000 });
  });

  it('deletes by key and by tag, and only those', async () => {
    const store = await open();
    await store.set('a', entry(), { ttlMs: 60_000, tags: ['server:x'] });
    await store.set('b', entry(), { ttlMs: 60_000, tags: ['server:y'] });
    await store.set('c', entry(), { ttlMs: 60_000, tags: [] });
    await store.deleteByTag('server:x');
    await store.deleteByTag('server:none');
    expect([await store.get('a'), await store.get('b'), await store.get('c')].map(Boolean)).toEqual([
      false,
      true,
      true,
    ]);
    await store.delete('b');
    expect(await store.get('b')).toBeUndefined();
  });

  it('clears for every process at once through the generation counter', async () => {
    const namespace = `gen-${randomUUID().slice(0, 8)}`;
    const one = await open({ namespace });
    const two = await open({ namespace });
    await one.set('k', entry(), { ttlMs: 60_000, tags: [] });
    expect(await two.get('k')).toBeDefined();
    await two.clear();
    expect(await one.get('k')).toBeUndefined();
    expect(await admin.get(`${namespace}:gen`)).toBe('1');
    await one.set('k', entry({ v: 2 }), { ttlMs: 60_000, tags: [] });
    expect((await two.get('k'))?.body).toEqual({ v: 2 });
  });

  it('keeps an L1 coherent across stores through pub/sub', async () => {
    const namespace = `l1-${randomUUID().slice(0, 8)}`;
    const one = await open({ namespace, l1: { maxEntries: 10, ttlMs: 60_000 } });
    const two = await open({ namespace, l1: { maxEntries: 10, ttlMs: 60_000 } });
    await one.set('k', entry({ v: 1 }), { ttlMs: 60_000, tags: ['server:x'] });
    const fromRedis = await two.get('k');
    expect(Object.isFrozen(fromRedis?.body)).toBe(true);
    expect(two.l1Has('k')).toBe(true);
    expect(two.get('k')).toBe(fromRedis); // answered synchronously from L1
    await one.set('k', entry({ v: 2 }), { ttlMs: 60_000, tags: ['server:x'] });
    await vi.waitFor(() => expect(two.l1Has('k')).toBe(false));
    expect((await two.get('k'))?.body).toEqual({ v: 2 });
    await one.deleteByTag('server:x');
    await vi.waitFor(() => expect(two.l1Has('k')).toBe(false));
    await one.set('k', entry({ v: 3 }), { ttlMs: 60_000, tags: [] });
    await two.get('k');
    expect(two.l1Has('k')).toBe(true);
    await one.delete('k');
    await vi.waitFor(() => expect(two.l1Has('k')).toBe(false));
    await one.set('k', entry({ v: 4 }), { ttlMs: 60_000, tags: [] });
    await two.get('k');
    await one.clear();
    await vi.waitFor(() => expect(two.l1Has('k')).toBe(false));
    expect(two.stats()).toMatchObject({ available: true, errors: 0 });
    expect(two.stats().l1Hits).toBeGreaterThan(0);
  });

  it('treats an unreadable value as a miss and reports it', async () => {
    const namespace = `bad-${randomUUID().slice(0, 8)}`;
    const store = await open({ namespace });
    await admin.set(`${namespace}:0:e:k`, 'not json');
    const events: CacheStoreEvent[] = [];
    const onEvent = (m: unknown) => events.push(m as CacheStoreEvent);
    diagnostics.subscribe('mcpgw:cache:store', onEvent);
    try {
      expect(await store.get('k')).toBeUndefined();
    } finally {
      diagnostics.unsubscribe('mcpgw:cache:store', onEvent);
    }
    expect(events).toMatchObject([{ store: 'redis', state: 'error' }]);
    expect(store.stats().errors).toBe(1);
  });

  it('encodes compactly and rejects other formats', () => {
    const e = entry();
    const raw = encodeEntry(e, ['op:x']);
    expect(raw.startsWith('[1,200,')).toBe(true);
    expect(decodeEntry(raw)).toEqual({ entry: e, tags: ['op:x'] });
    for (const bad of ['{', '[2]', '[1,200,null,1,2,3,4,[]]', '[1,"200",{},1,2,3,4,[]]', '[1,200,{},1,2,3,4,[5]]']) {
      expect(decodeEntry(bad)).toBeUndefined();
    }
  });

  it('steps aside while Redis is slow: bounded calls, an event and a counter', async () => {
    const store = await open({ commandTimeoutMs: 100, failureThreshold: 2, cooldownMs: 60_000 });
    const events: CacheStoreEvent[] = [];
    const onEvent = (m: unknown) => events.push(m as CacheStoreEvent);
    diagnostics.subscribe('mcpgw:cache:store', onEvent);
    const pauser = new Redis(url);
    try {
      await pauser.call('CLIENT', 'PAUSE', '1500', 'ALL');
      expect(await store.get('a')).toBeUndefined();
      await store.set('a', entry(), { ttlMs: 1_000, tags: [] });
      // Two failures: now in cool-down, the next call is not even sent.
      expect(await store.get('a')).toBeUndefined();
      expect(store.stats()).toMatchObject({ errors: 2, skipped: 1 });
      expect(events.filter((e) => e.state === 'error')).toHaveLength(2);
      expect((events[0]!.error as Error).message).toMatch(/timed out after 100 ms/);
    } finally {
      diagnostics.unsubscribe('mcpgw:cache:store', onEvent);
      await pauser.call('CLIENT', 'UNPAUSE').catch(() => {});
      pauser.disconnect();
    }
  });

  it('after the cool-down one call probes Redis: a failed probe steps aside again, a good one resumes', async () => {
    const store = await open({ commandTimeoutMs: 100, failureThreshold: 1, cooldownMs: 300 });
    const pauser = new Redis(url);
    const coolDown = () => new Promise((resolve) => setTimeout(resolve, 400));
    try {
      await pauser.call('CLIENT', 'PAUSE', '2500', 'ALL');
      expect(await store.get('a')).toBeUndefined();
      expect(store.stats()).toMatchObject({ errors: 1, skipped: 0 });
      await coolDown();
      // Two calls at once: one probe is sent (and times out), the other is not.
      await Promise.all([store.get('a'), store.get('b')]);
      expect(store.stats()).toMatchObject({ errors: 2, skipped: 1 });
      expect(await store.get('a')).toBeUndefined();
      expect(store.stats()).toMatchObject({ errors: 2, skipped: 2 });

      await pauser.call('CLIENT', 'UNPAUSE');
      await coolDown();
      await store.set('a', entry(), { ttlMs: 10_000, tags: [] });
      expect(await store.get('a')).toBeDefined();
      expect(store.stats()).toMatchObject({ errors: 2, skipped: 2 });
    } finally {
      await pauser.call('CLIENT', 'UNPAUSE').catch(() => {});
      pauser.disconnect();
    }
  });

  it('works with a client you pass, and leaves it open on close', async () => {
    const client = new Redis(url);
    const store = redisStore({ client, namespace: `own-${randomUUID().slice(0, 8)}`, l1: {} });
    expect(await store.ready()).toBe(true);
    await store.set('k', entry(), { ttlMs: 10_000, tags: [] });
    expect(await store.get('k')).toBeDefined();
    expect(await store.health()).toEqual({ ok: true });
    await store.close();
    await store.close();
    expect(await store.health()).toEqual({ ok: false, detail: 'closed' });
    expect(await client.ping()).toBe('PONG');
    expect(await store.get('other')).toBeUndefined();
    expect(await store.ready(50)).toBe(false);
    await client.quit();
  });

  it('rejects bad options with a ConfigError', () => {
    expect(() => redisStore({ url, namespace: 'has space' })).toThrow(ConfigError);
    expect(() => redisStore({ url, commandTimeoutMs: 0 })).toThrow(/commandTimeoutMs/);
    expect(() => redisStore({ url, l1: { ttlMs: -1 } })).toThrow(/l1.ttlMs/);
  });
});
