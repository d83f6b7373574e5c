import { randomUUID } from 'node:crypto';
import { cache } from '@mcpgw/cache';
import { compose, createTransport, GatewayClient } from '@mcpgw/core';
import { restDialect } from '@mcpgw/core/kit';
import { startGatewaySim } from '@mcpgw/gateway-sim';
import { expect, inject, it } from 'vitest';
import { redisStore } from '../src/index.js';

it('with the Redis store, 10 identical calls send 1 request and 100 concurrent misses send 1', async () => {
  const sim = await startGatewaySim({ port: 0, servers: 8, latencyMs: 30 });
  const store = redisStore({ url: inject('redisUrl'), namespace: `rc-${randomUUID().slice(0, 8)}` });
  const layer = cache({ store });
  const transport = createTransport();
  const client = new GatewayClient({ baseUrl: sim.url, handler: compose(layer)(transport) });
  try {
    expect(await store.ready()).toBe(true);
    for (let i = 0; i < 10; i++) await client.listServers({ limit: 5 });
    expect(sim.counts.listServers).toBe(1);
    expect(layer.stats().hitRate).toBe(0.9);

    const page = () => client.execute(client.request(restDialect.listServers(5, 5)));
    const responses = await Promise.all(Array.from({ length: 100 }, page));
    expect(sim.counts.listServers).toBe(2);
    expect(responses.filter((r) => r.cache === 'miss')).toHaveLength(1);
    expect(responses.every((r) => r.status === 200)).toBe(true);
  } finally {
    await layer.close();
    await transport.close();
    await sim.close();
  }
});
