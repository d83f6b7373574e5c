// In-process cost of the hedge layer on a call that answers before any hedge, against the bare handler.
// Run: pnpm exec node --conditions=@mcpgw/source --import tsx packages/hedge/bench/hedge-cost.bench.ts
import { buildRequest, type Handler } from '@mcpgw/core';
import { Bench } from 'tinybench';
import { hedge } from '../src/index.js';

const response = { status: 200, headers: {}, body: null, attempts: 1, cache: undefined };
const inner: Handler = async () => response;
const read = buildRequest({ origin: 'http://gw', path: '/servers/x', operation: 'getServer', idempotent: true });
const invoke = buildRequest({ origin: 'http://gw', path: '/invoke', operation: 'invokeTool', method: 'POST' });

// Enough answers recorded that the percentile applies: every later call takes the racing path.
const racing = hedge({ minSamples: 1 })(inner);
await racing(read);

const cases: Array<[string, Handler, typeof read]> = [
  ['bare handler', inner, read],
  ['hedge(): not hedgeable (invoke without a key)', hedge()(inner), invoke],
  ['hedge(): a read before minSamples (timed only)', hedge({ minSamples: 100_000 })(inner), read],
  ['hedge(): a read that may be hedged, answered first', racing, read],
];

const bench = new Bench({ time: 1_000 });
for (const [name, handler, request] of cases) bench.add(name, () => handler(request));
await bench.run();
const baseline = (bench.tasks[0]?.result as { latency?: { mean: number } } | undefined)?.latency?.mean ?? 0;
console.log(`Node ${process.versions.node}`);
console.table(
  bench.tasks.map((task) => {
    const r = task.result as { latency?: { mean: number }; throughput?: { mean: number } };
    const mean = r.latency?.mean ?? 0;
    return {
      case: task.name,
      'ops/s': Math.round(r.throughput?.mean ?? 0),
      'mean µs': (mean * 1000).toFixed(2),
      'added µs': ((mean - baseline) * 1000).toFixed(2),
    };
  }),
);
