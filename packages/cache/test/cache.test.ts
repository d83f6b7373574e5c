import diagnostics from 'node:diagnostics_channel';
import {
  type CacheEvent,
  ConfigError,
  ConnectError,
  channels,
  InvalidRequestError,
  NotFoundError,
  ServerError,
} from '@mcpgw/core';
import { restDialect } from '@mcpgw/core/kit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cache } from '../src/index.js';
import { type Harness, listServersRaw, serverPage, sleep, startHarness } from './harness.js';

let harness: Harness | undefined;
afterEach(async () => {
  await harness?.close();
  harness = undefined;
});

describe('cache through a real client and gateway simulator', () => {
  it('sends one request for 10 identical listServers calls (hit rate 0.9)', async () => {
    const c = cache();
    harness = await startHarness(c);
    const first = await harness.client.listServers({ limit: 5 });
    for (let i = 0; i < 9; i++) expect(await harness.client.listServers({ limit: 5 })).toEqual(first);
    expect(harness.sim.counts.listServers).toBe(1);
    expect(c.stats()).toMatchObject({ hits: 9, misses: 1, hitRate: 0.9, entries: 1 });
    expect(c.stats().bytes).toBeGreaterThan(0);
  });

  it('coalesces 100 concurrent identical misses into one request', async () => {
    const c = cache();
    harness = await startHarness(c);
    harness.sim.setLatency(50);
    const responses = await Promise.all(Array.from({ length: 100 }, () => listServersRaw(harness!.client)));
    expect(harness.sim.counts.listServers).toBe(1);
    expect(responses.filter((r) => r.cache === 'miss')).toHaveLength(1);
    expect(responses.filter((r) => r.cache === 'coalesced')).toHaveLength(99);
    for (const r of responses) expect(r.body).toBe(responses[0]!.body);
    expect(c.stats()).toMatchObject({ misses: 1, coalesced: 99 });
  });

  it('delivers an upstream failure to every coalesced caller', async () => {
    harness = await startHarness(cache({ staleIfErrorMs: false }));
    harness.sim.setLatency(50);
    harness.sim.script('listServers', [{ status: 503 }]);
    const results = await Promise.allSettled(Array.from({ length: 10 }, () => listServersRaw(harness!.client)));
    expect(harness.sim.counts.listServers).toBe(1);
    for (const r of results) {
      expect(r.status).toBe('rejected');
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(ServerError);
    }
  });

  it('keeps principals apart: two upstream requests, each sees only its own answer', async () => {
    harness = await startHarness(cache());
    harness.sim.script('listServers', [
      { status: 200, body: serverPage(['alice-only']) },
      { status: 200, body: serverPage(['bob-only']) },
    ]);
    const alice = { id: 'alice' };
    const bob = { id: 'bob' };
    const a1 = await harness.client.listServers({ limit: 5, user: alice });
    const b1 = await harness.client.listServers({ limit: 5, user: bob });
    const a2 = await harness.client.listServers({ limit: 5, user: alice });
    const b2 = await harness.client.listServers({ limit: 5, user: bob });
    expect(harness.sim.counts.listServers).toBe(2);
    expect([a1, a2].map((p) => p.items.map((s) => s.server_id))).toEqual([['alice-only'], ['alice-only']]);
    expect([b1, b2].map((p) => p.items.map((s) => s.server_id))).toEqual([['bob-only'], ['bob-only']]);
  });

  it('keeps user tokens apart without a principal', async () => {
    harness = await startHarness(cache());
    await harness.client.listServers({ limit: 5, user: 'jwt-of-user-one' });
    await harness.client.listServers({ limit: 5, user: 'jwt-of-user-two' });
    await harness.client.listServers({ limit: 5, user: 'jwt-of-user-one' });
    expect(harness.sim.counts.listServers).toBe(2);
  });

  it('serves the old value at once after the ttl and sends exactly one refresh (SWR)', async () => {
    const c = cache({ ttlMs: 40, staleWhileRevalidateMs: 60_000 });
    harness = await startHarness(c);
    const request = () => harness!.client.execute(harness!.client.request(restDialect.listServers(0, 20)));
    harness.sim.script('listServers', [
      { status: 200, body: serverPage(['old']) },
      { status: 200, body: serverPage(['new']) },
    ]);
    expect((await request()).cache).toBe('miss');
    await sleep(100);
    harness.sim.setLatency(100);
    const answers = await Promise.all([request(), request(), request()]);
    for (const answer of answers) {
      expect(answer.cache).toBe('stale');
      expect((answer.body as ReturnType<typeof serverPage>).servers[0]?.server_id).toBe('old');
    }
    // Three stale answers, one refresh: the second scripted page.
    await vi.waitFor(() => expect(c.stats().entries === 1 && harness!.sim.pendingSteps('listServers')).toBe(0), {
      timeout: 5_000,
    });
    await vi.waitFor(() => expect(harness!.sim.counts.listServers).toBe(2));
    expect(c.stats()).toMatchObject({ misses: 1, stale: 3 });
    harness.sim.setLatency(0);
    await vi.waitFor(async () => {
      const next = await request();
      expect((next.body as ReturnType<typeof serverPage>).servers[0]?.server_id).toBe('new');
    });
  });

  it('serves a stale entry, marked stale, when the gateway is down inside stale-if-error', async () => {
    const c = cache({ ttlMs: 20, staleWhileRevalidateMs: false, staleIfErrorMs: 60_000 });
    harness = await startHarness(c);
    const fresh = await listServersRaw(harness.client);
    await sleep(80);
    await harness.sim.close();
    const stale = await listServersRaw(harness.client);
    expect(stale.cache).toBe('stale');
    expect(stale.body).toEqual(fresh.body);
    expect(c.stats().stale).toBe(1);
  });

  it('throws the typed error when the stale entry is outside the stale-if-error window', async () => {
    harness = await startHarness(cache({ ttlMs: 20, staleWhileRevalidateMs: false, staleIfErrorMs: 30 }));
    await listServersRaw(harness.client);
    await sleep(150);
    await harness.sim.close();
    await expect(listServersRaw(harness.client)).rejects.toBeInstanceOf(ConnectError);
  });

  it('serves stale on a 5xx but not on a 404 or a format error', async () => {
    harness = await startHarness(cache({ ttlMs: 20, staleWhileRevalidateMs: false }));
    await harness.client.getServer('postgres-mcp');
    await listServersRaw(harness.client);
    await sleep(80);
    harness.sim.script('getServer', [{ status: 503 }, { status: 404 }]);
    expect(await harness.client.getServer('postgres-mcp')).toMatchObject({ server_name: 'postgres-mcp' });
    await expect(harness.client.getServer('postgres-mcp')).rejects.toBeInstanceOf(NotFoundError);
    harness.sim.script('listServers', [{ fault: 'malformed-json' }]);
    await expect(listServersRaw(harness.client)).rejects.toMatchObject({ code: 'MCPGW_RESPONSE_FORMAT' });
  });

  it('does not serve stale when stale-if-error is off', async () => {
    harness = await startHarness(cache({ ttlMs: 20, staleWhileRevalidateMs: 0, staleIfErrorMs: false }));
    await listServersRaw(harness.client);
    await sleep(80);
    harness.sim.script('listServers', [{ status: 502 }]);
    await expect(listServersRaw(harness.client)).rejects.toBeInstanceOf(ServerError);
  });

  it('invalidate({ server }) drops that server’s get and tool lists, nothing else', async () => {
    const c = cache();
    harness = await startHarness(c);
    const { client, sim } = harness;
    const warm = async () => {
      await client.getServer('postgres-mcp');
      await client.getServer('github-mcp');
      await client.listTools({ server: 'postgres-mcp' });
      await client.listTools({ server: 'github-mcp' });
      await client.listTools();
      await client.listServers();
    };
    await warm();
    const before = sim.counts;
    await c.invalidate({ server: 'postgres-mcp' });
    await warm();
    const after = sim.counts;
    expect(after.getServer - before.getServer).toBe(1);
    expect(after.listTools - before.listTools).toBe(1);
    expect(after.listServers - before.listServers).toBe(0);
    expect(sim.requests.slice(-2).map((r) => r.rawUrl)).toEqual([
      '/api/v1/servers/postgres-mcp',
      expect.stringContaining('server=postgres-mcp'),
    ]);
  });

  it('invalidates by operation, by server and operation, and everything', async () => {
    const c = cache();
    harness = await startHarness(c);
    const { client, sim } = harness;
    await client.getServer('postgres-mcp');
    await client.listTools({ server: 'postgres-mcp' });
    await client.listServers();
    await c.invalidate({ server: 'postgres-mcp', operation: 'getServer' });
    await client.getServer('postgres-mcp');
    await client.listTools({ server: 'postgres-mcp' });
    expect([sim.counts.getServer, sim.counts.listTools]).toEqual([2, 1]);
    await c.invalidate({ operation: 'listServers' });
    await client.listServers();
    await client.getServer('postgres-mcp');
    expect([sim.counts.listServers, sim.counts.getServer]).toEqual([2, 2]);
    await c.invalidate();
    expect(c.stats().entries).toBe(0);
    await expect(c.invalidate({ server: '' })).rejects.toBeInstanceOf(InvalidRequestError);
  });

  it('does not store an answer that was in flight when the cache was invalidated', async () => {
    const c = cache();
    harness = await startHarness(c);
    harness.sim.setLatency(100);
    const pending = listServersRaw(harness.client);
    await sleep(20);
    await c.invalidate();
    await pending;
    expect(c.stats().entries).toBe(0);
  });

  it('stores immutable values: a caller mutating a result cannot change what others get', async () => {
    harness = await startHarness(cache());
    const first = await listServersRaw(harness.client);
    const body = first.body as { servers: Array<{ server_name: string }> };
    expect(() => {
      body.servers[0]!.server_name = 'mutated';
    }).toThrow(TypeError);
    expect(() => body.servers.push({ server_name: 'x' })).toThrow(TypeError);
    const second = await listServersRaw(harness.client);
    expect((second.body as typeof body).servers[0]!.server_name).not.toBe('mutated');
    // The typed operations parse a cached body once and share the frozen result: read-only for every caller.
    const page = await harness.client.listServers({ limit: 5 });
    expect(() => {
      page.items[0]!.server_name = 'mine';
    }).toThrow(TypeError);
    const again = await harness.client.listServers({ limit: 5 });
    expect(again.items).toBe(page.items);
    expect(again.items[0]!.server_name).not.toBe('mine');
  });

  it('never caches invoke or health, and passes non-cacheable requests straight through', async () => {
    const c = cache();
    harness = await startHarness(c);
    await harness.client.health();
    await harness.client.health();
    const invoke = { server: 'postgres-mcp', tool: 'list_tables', parameters: {}, user: 'jwt' };
    await harness.client.invokeTool(invoke);
    await harness.client.invokeTool(invoke);
    const uncached = await harness.client.execute({
      ...harness.client.request(restDialect.listServers(0, 5)),
      cacheable: false,
    });
    expect(uncached.cache).toBeUndefined();
    expect(harness.sim.counts.health).toBe(2);
    expect(harness.sim.counts.invoke).toBe(2);
    expect(c.stats()).toMatchObject({ hits: 0, misses: 0, entries: 0, hitRate: 0 });
  });

  it('honours ttlByOperation, with 0 turning caching off for that operation', async () => {
    harness = await startHarness(cache({ ttlByOperation: { listServers: 0 } }));
    await harness.client.listServers();
    await harness.client.listServers();
    await harness.client.getServer('github-mcp');
    await harness.client.getServer('github-mcp');
    expect([harness.sim.counts.listServers, harness.sim.counts.getServer]).toEqual([2, 1]);
  });

  it('publishes one event per lookup', async () => {
    const events: CacheEvent[] = [];
    const onEvent = (message: unknown) => events.push(message as CacheEvent);
    diagnostics.subscribe('mcpgw:cache', onEvent);
    try {
      harness = await startHarness(cache());
      const miss = await listServersRaw(harness.client);
      await listServersRaw(harness.client, { requestId: 'req-2' });
      expect(events.map((e) => e.result)).toEqual(['miss', 'hit']);
      expect(events[1]).toEqual({
        client: 'mcpgw',
        operation: 'listServers',
        requestId: 'req-2',
        result: 'hit',
        store: 'memory',
      });
      expect(miss.cache).toBe('miss');
      expect(channels.cache.hasSubscribers).toBe(true);
    } finally {
      diagnostics.unsubscribe('mcpgw:cache', onEvent);
    }
  });

  it('lets a coalesced caller abort alone; the others still get the answer', async () => {
    harness = await startHarness(cache());
    harness.sim.setLatency(100);
    const controller = new AbortController();
    const leader = listServersRaw(harness.client, { signal: controller.signal });
    const follower = listServersRaw(harness.client);
    await sleep(20);
    controller.abort();
    await expect(leader).rejects.toMatchObject({ code: 'MCPGW_ABORTED' });
    expect((await follower).cache).toBe('coalesced');
    expect(harness.sim.counts.listServers).toBe(1);
  });

  it('aborts the upstream request when every waiter aborted', async () => {
    harness = await startHarness(cache());
    harness.sim.setLatency(200);
    const controller = new AbortController();
    controller.abort();
    await expect(listServersRaw(harness.client, { signal: controller.signal })).rejects.toMatchObject({
      code: 'MCPGW_ABORTED',
    });
  });

  it('rejects bad options with a ConfigError listing every problem', () => {
    expect(() => cache({ ttlMs: -1, maxEntries: 0, staleIfErrorMs: Number.NaN })).toThrow(ConfigError);
    try {
      cache({ ttlMs: -1, maxEntries: 0, ttlByOperation: { x: -5 }, scope: 3 as unknown as string });
    } catch (error) {
      expect((error as ConfigError).issues.map((i) => i.path)).toEqual([
        'cache.ttlByOperation.x',
        'cache.scope',
        'cache.ttlMs',
        'cache.maxEntries',
      ]);
    }
    expect(() => cache({ store: {} as never })).toThrow(/cache.store/);
  });

  it('passes requests through after close and waits for background refreshes', async () => {
    const c = cache({ ttlMs: 20 });
    harness = await startHarness(c);
    await listServersRaw(harness.client);
    await sleep(60);
    harness.sim.setLatency(50);
    expect((await listServersRaw(harness.client)).cache).toBe('stale');
    await c.close();
    expect(harness.sim.counts.listServers).toBe(2); // the refresh finished before close resolved
    expect((await listServersRaw(harness.client)).cache).toBeUndefined();
    await c.close();
  });
});
