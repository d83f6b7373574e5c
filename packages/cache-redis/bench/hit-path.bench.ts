// Cost of a cache hit with the Redis store (one loopback round trip) and with its in-process L1.
// Starts its own redis-server on a free port. Run: node --conditions=@mcpgw/source --import tsx bench/hit-path.bench.ts
import { cache } from '@mcpgw/cache';
import { buildRequest, type GatewayResponse, type Handler } from '@mcpgw/core';
import { startRedisServer } from '@mcpgw/redis-test-server';
import { Bench } from 'tinybench';
import { redisStore } from '../src/index.js';

const body = {
  servers: Array.from({ length: 20 }, (_, i) => ({
    server_id: `id-${i}`,
    server_name: `server-${i}`,
    server_url: `http://tools.internal/server-${i}`,
    sensitivity_level: 'medium',
    authorized_teams: ['data', 'platform'],
    health_status: 'healthy',
    tools_count: 5,
  })),
  total: 20,
  next_offset: null,
};
const inner: Handler = async () =>
  ({
    status: 200,
    headers: { 'content-type': 'application/json' },
    body: structuredClone(body),
    attempts: 1,
    cache: undefined,
  }) as GatewayResponse;
const request = buildRequest({
  origin: 'http://gw.test:8080',
  path: '/api/v1/servers',
  operation: 'listServers',
  query: { offset: 0, limit: 20 },
  headers: { 'x-api-key': 'k-123' },
  cacheable: true,
  idempotent: true,
});

const server = await startRedisServer();
const memoryLayer = cache();
const redisLayer = cache({ store: redisStore({ url: server.url, namespace: 'bench' }) });
const l1Store = redisStore({ url: server.url, namespace: 'bench-l1', l1: { maxEntries: 1_000, ttlMs: 60_000 } });
const l1Layer = cache({ store: l1Store });
await l1Store.ready();
const viaMemory = memoryLayer(inner);
const viaRedis = redisLayer(inner);
const viaL1 = l1Layer(inner);
await new Promise((resolve) => setTimeout(resolve, 200));
for (const handler of [viaMemory, viaRedis, viaL1]) await handler(request);

const bench = new Bench({ time: 1000, warmupTime: 200 });
bench
  .add('hit: memory store', () => viaMemory(request))
  .add('hit: redis store (loopback round trip, JSON decode)', () => viaRedis(request))
  .add('hit: redis store with L1', () => viaL1(request));
await bench.run();
console.table(bench.table());

for (const layer of [memoryLayer, redisLayer, l1Layer]) {
  const { hitRate } = layer.stats();
  if (hitRate < 0.99) throw new Error(`hit path bench did not hit: hitRate ${hitRate}`);
  await layer.close();
}
await server.kill();
