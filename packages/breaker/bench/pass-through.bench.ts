// Cost of breaker() on a call that succeeds with the circuit closed, against the bare handler.
// Run: node --conditions=@mcpgw/source --import tsx packages/breaker/bench/pass-through.bench.ts
import { buildRequest, type Handler } from '@mcpgw/core';
import { Bench } from 'tinybench';
import { breaker } from '../src/index.js';

const response = { status: 200, headers: {}, body: null, attempts: 1, cache: undefined };
const inner: Handler = async () => response;
const request = buildRequest({ origin: 'http://gw', path: '/health', idempotent: true });
const layer = breaker();

const bench = new Bench({ time: 500 });
bench.add('bare handler', () => inner(request));
bench.add('breaker() closed', () => layer(inner)(request));
await bench.run();
const baseline = (bench.tasks[0]?.result as { latency?: { mean: number } } | undefined)?.latency?.mean ?? 0;
console.table(
  bench.tasks.map((task) => {
    const mean = (task.result as { latency?: { mean: number } }).latency?.mean ?? 0;
    return { case: task.name, 'mean µs': (mean * 1000).toFixed(2), 'added µs': ((mean - baseline) * 1000).toFixed(2) };
  }),
);
layer.close();
