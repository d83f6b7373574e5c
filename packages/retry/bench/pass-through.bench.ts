// Cost of the resilience layers on a call that succeeds at once (the hot path), against the bare handler.
// Run: node --conditions=@mcpgw/source --import tsx packages/retry/bench/pass-through.bench.ts
import { attemptTimeout, buildRequest, compose, deadline, type Handler } from '@mcpgw/core';
import { Bench } from 'tinybench';
import { retry } from '../src/index.js';

const response = { status: 200, headers: {}, body: null, attempts: 1, cache: undefined };
const inner: Handler = async () => response;
const request = buildRequest({ origin: 'http://gw', path: '/health', idempotent: true });
const withTimeout = { ...request, timeoutMs: 30_000 };

const cases: Array<[string, Handler, typeof request]> = [
  ['bare handler', inner, request],
  ['retry()', retry()(inner), request],
  ['deadline() (call with timeoutMs)', deadline()(inner), withTimeout],
  ['attemptTimeout()', attemptTimeout({ timeoutMs: 30_000 })(inner), request],
  [
    'deadline + retry + attemptTimeout',
    compose(deadline(), retry(), attemptTimeout({ timeoutMs: 10_000 }))(inner),
    withTimeout,
  ],
];

const bench = new Bench({ time: 500 });
for (const [name, handler, req] of cases) bench.add(name, () => handler(req));
await bench.run();
const bare = bench.tasks[0]?.result;
const rows = bench.tasks.map((task) => {
  const r = task.result as { latency?: { mean: number }; throughput?: { mean: number } };
  const baseline = (bare as { latency?: { mean: number } } | undefined)?.latency?.mean ?? 0;
  const mean = r.latency?.mean ?? 0;
  return {
    case: task.name,
    'ops/s': Math.round(r.throughput?.mean ?? 0),
    'mean µs': (mean * 1000).toFixed(2),
    'added µs': ((mean - baseline) * 1000).toFixed(2),
  };
});
console.table(rows);
