// Cost of the cache layer in process: no network, the inner handler answers a canned page at once.
// Run: node --conditions=@mcpgw/source --import tsx bench/hit-path.bench.ts
import { buildRequest, type GatewayResponse, type Handler } from '@mcpgw/core';
import { Bench } from 'tinybench';
import { cache, cacheKey, deepFreeze } from '../src/index.js';

const page = (): unknown => ({
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
});

const body = page();
const inner: Handler = async () =>
  ({
    status: 200,
    headers: { 'content-type': 'application/json' },
    body,
    attempts: 1,
    cache: undefined,
  }) as GatewayResponse;
const request = buildRequest({
  origin: 'http://gw.test:8080',
  path: '/api/v1/servers',
  operation: 'listServers',
  query: { offset: 0, limit: 20 },
  headers: { 'x-api-key': 'k-123', accept: 'application/json' },
  principal: { id: 'alice' },
  cacheable: true,
  idempotent: true,
});
const uncacheable = { ...request, cacheable: false };

const layer = cache();
const cached = layer(inner);
await cached(request); // fill

const frozen = deepFreeze(page());
const bench = new Bench({ time: 1000, warmupTime: 200 });
bench
  .add('no cache layer (inner handler only)', () => inner(request))
  .add('cache: non-cacheable request passes through', () => cached(uncacheable))
  .add('cache: hit (memory store)', () => cached(request))
  .add('cacheKey(request)', () => cacheKey(request))
  .add('immutability: deepFreeze a fresh 20-server page (once per miss)', () => deepFreeze(page()))
  .add('immutability: structuredClone the page (would be per hit)', () => structuredClone(frozen))
  .add('baseline: build a fresh 20-server page', () => page());

await bench.run();
console.table(bench.table());
const stats = layer.stats();
if (stats.misses !== 1) throw new Error(`expected one miss, got ${stats.misses}`);
await layer.close();
