// Cost of oauth() on a call that already has a valid token (the hot path: one store lookup and a header copy),
// against the bare handler. The token is got once, from a loopback authorization server, before timing starts.
// Run: node --conditions=@mcpgw/source --import tsx packages/oauth/bench/token-attached.bench.ts
import { buildRequest, type GatewayRequest, type Handler, UnauthorizedError } from '@mcpgw/core';
import { Bench } from 'tinybench';
import { oauth } from '../src/index.js';
import { startTestAuthServer } from '../test/support/authorization-server.js';

const as = await startTestAuthServer({ clients: { svc: 'svc-secret-value' } });
const response = { status: 200, headers: {}, body: null, attempts: 1, cache: undefined };
// Answers 401 until a bearer token is attached, like an MCP endpoint behind OAuth, without a network round trip.
const inner: Handler = async (request: GatewayRequest) => {
  if (request.headers.authorization === undefined) throw new UnauthorizedError({});
  return response;
};
const layer = oauth({ client: { clientId: 'svc', clientSecret: 'svc-secret-value', issuer: as.url } })(inner);
const request = buildRequest({ origin: as.url, path: '/mcp', method: 'POST', body: { method: 'tools/list' } });
await layer(request); // discovery, token: once
const bare: Handler = async () => response;

const bench = new Bench({ time: 500 });
bench.add('bare handler', () => bare(request));
bench.add('oauth() with a valid token', () => layer(request));
await bench.run();
const base = (bench.tasks[0]?.result as { latency?: { mean: number } } | undefined)?.latency?.mean ?? 0;
console.table(
  bench.tasks.map((task) => {
    const r = task.result as { latency?: { mean: number }; throughput?: { mean: number } };
    const mean = r.latency?.mean ?? 0;
    return {
      case: task.name,
      'ops/s': Math.round(r.throughput?.mean ?? 0),
      'mean µs': (mean * 1000).toFixed(2),
      'added µs': ((mean - base) * 1000).toFixed(2),
    };
  }),
);
await as.close();
