import { Bench } from 'tinybench';
import { type MetricsObserver, metrics } from '../src/index.js';
import { publishOneOperation } from './one-operation.js';

let layer: MetricsObserver | undefined;
const bench = new Bench({ time: 1000, warmupTime: 200 });
bench.add('one operation, nobody subscribed', () => publishOneOperation());
bench.add('one operation, metrics() subscribed', () => publishOneOperation(), {
  beforeAll: () => {
    layer = metrics();
  },
  afterAll: () => layer?.close(),
});
await bench.run();
console.table(bench.table());
