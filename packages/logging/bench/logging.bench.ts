import { pino } from 'pino';
import { Bench } from 'tinybench';
import { publishOneOperation } from '../../metrics/bench/one-operation.js';
import { type LoggingObserver, logging } from '../src/index.js';

// A destination that drops lines, so the cost measured is the layer's and pino's serialisation, not I/O.
const sink = { write: (_line: string) => {} };
let layer: LoggingObserver | undefined;
const at = (level: 'info' | 'debug') => ({
  beforeAll: () => {
    layer = logging({ logger: pino({ level }, sink) });
  },
  afterAll: () => layer?.close(),
});

const bench = new Bench({ time: 1000, warmupTime: 200 });
bench.add('one operation, nobody subscribed', () => publishOneOperation());
bench.add('one operation, logging() at info (no line written)', () => publishOneOperation(), at('info'));
bench.add('one operation, logging() at debug (one line written)', () => publishOneOperation(), at('debug'));
await bench.run();
console.table(bench.table());
