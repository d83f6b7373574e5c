import { randomUUID } from 'node:crypto';
import diagnostics from 'node:diagnostics_channel';
import { cache } from '@mcpgw/cache';
import { type CacheStoreEvent, compose, createTransport, GatewayClient } from '@mcpgw/core';
import { restDialect } from '@mcpgw/core/kit';
import { startGatewaySim } from '@mcpgw/gateway-sim';
import { startRedisServer } from '@mcpgw/redis-test-server';
import { describe, expect, it, vi } from 'vitest';
import { redisStore } from '../src/index.js';

describe('Redis killed and restarted mid-test', () => {
  it('keeps every request succeeding through the gateway, then resumes hits', async () => {
    let redis = await startRedisServer();
    const sim = await startGatewaySim({ port: 0, servers: 8 });
    const store = redisStore({
      url: redis.url,
      namespace: `outage-${randomUUID().slice(0, 8)}`,
      l1: { ttlMs: 60_000 },
    });
    const layer = cache({ store });
    const transport = createTransport();
    const client = new GatewayClient({ baseUrl: sim.url, handler: compose(layer)(transport) });
    const listServers = () => client.execute(client.request(restDialect.listServers(0, 5)));
    const events: CacheStoreEvent[] = [];
    const onEvent = (m: unknown) => events.push(m as CacheStoreEvent);
    diagnostics.subscribe('mcpgw:cache:store', onEvent);
    try {
      expect(await store.ready()).toBe(true);
      expect((await listServers()).cache).toBe('miss');
      expect((await listServers()).cache).toBe('hit');

      await redis.kill();
      await vi.waitFor(() => expect(store.stats().available).toBe(false), { timeout: 10_000 });
      const before = sim.counts.listServers;
      for (let i = 0; i < 20; i++) {
        const response = await listServers();
        expect(response.status).toBe(200);
        expect(response.cache).toBe('miss');
      }
      expect(sim.counts.listServers - before).toBe(20);
      expect(store.stats().skipped).toBeGreaterThan(0);
      expect(events.some((e) => e.state === 'unavailable' && e.store === 'redis')).toBe(true);

      redis = await startRedisServer(redis.port);
      await vi.waitFor(() => expect(store.stats().available).toBe(true), { timeout: 15_000 });
      expect(await store.ready(15_000)).toBe(true);
      expect(events.at(-1)?.state).toBe('available');
      expect((await listServers()).cache).toBe('miss'); // the restarted Redis is empty
      expect((await listServers()).cache).toBe('hit');
    } finally {
      diagnostics.unsubscribe('mcpgw:cache:store', onEvent);
      await layer.close();
      await transport.close();
      await sim.close();
      await redis.kill();
    }
  });
});
