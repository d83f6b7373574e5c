// Run: node --conditions=@mcpgw/source --import tsx packages/opa/bench/authorize.bench.ts
import { buildRequest, type GatewayResponse } from '@mcpgw/core';
import { startOpaTestServer } from '@mcpgw/opa-test-server';
import { Bench } from 'tinybench';
import { authorize } from '../src/index.js';

const opa = await startOpaTestServer({ port: 0, mode: 'scripted', decide: () => ({ allow: true, cache_ttl: 60 }) });
const ok: GatewayResponse = { status: 200, headers: {}, body: {}, attempts: 1, cache: undefined };
const terminal = async () => ok;

const cached = authorize({ url: opa.url, decisionCache: { ttlMs: 3_600_000, maxEntries: 1000 } })(terminal);
const uncached = authorize({ url: opa.url, decisionCache: false, timeoutMs: 5_000, breaker: false })(terminal);
const request = buildRequest({
  origin: 'http://gateway.invalid',
  path: '/api/v1/invoke',
  method: 'POST',
  operation: 'invokeTool',
  authorize: true,
  principal: { id: 'u-1', roles: ['analyst'], teams: ['data'] },
  body: { server: 'postgres-mcp', tool: 'execute_query', parameters: { query: 'SELECT 1', limit: 10 } },
});
await cached(request); // fills the cache

const bench = new Bench({ time: 2_000 });
bench
  .add('decision-cache hit (input build + hash + lookup)', async () => {
    await cached(request);
  })
  .add('OPA round trip, scripted test server over loopback', async () => {
    await uncached(request);
  });
await bench.run();
console.table(
  bench.tasks.map((task) => {
    const r = task.result as unknown as { latency?: { mean: number; p99?: number }; throughput?: { mean: number } };
    return {
      task: task.name,
      'mean (µs)': r.latency ? (r.latency.mean * 1000).toFixed(1) : '?',
      'p99 (µs)': r.latency?.p99 !== undefined ? (r.latency.p99 * 1000).toFixed(1) : '?',
      'ops/s': r.throughput ? Math.round(r.throughput.mean) : '?',
    };
  }),
);
await opa.close();
process.exit(0);
