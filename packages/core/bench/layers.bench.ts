import { Bench } from 'tinybench';
import { attemptTimeout, buildRequest, compose, deadline, type GatewayResponse, type Handler } from '../src/index.js';

const request = buildRequest({ origin: 'http://127.0.0.1:8080', path: '/api/v1/servers', operation: 'listServers' });
const response: GatewayResponse = { status: 200, headers: {}, body: {}, attempts: 1, cache: undefined };
const inner: Handler = async () => response;
const passThrough = (next: Handler): Handler => next;

const bench = new Bench({ time: 1000, warmupTime: 200 });
bench.add('inner handler alone', async () => void (await inner(request)));
bench.add('compose: 10 pass-through layers', async () => void (await tenLayers(request)));
bench.add('deadline({ totalMs })', async () => void (await withDeadline(request)));
bench.add('attemptTimeout({ timeoutMs })', async () => void (await withAttemptTimeout(request)));
bench.add('deadline + attemptTimeout', async () => void (await withBoth(request)));

const tenLayers = compose(...Array.from({ length: 10 }, () => passThrough))(inner);
const withDeadline = compose(deadline({ totalMs: 15_000 }))(inner);
const withAttemptTimeout = compose(attemptTimeout({ timeoutMs: 5_000 }))(inner);
const withBoth = compose(deadline({ totalMs: 15_000 }), attemptTimeout({ timeoutMs: 5_000 }))(inner);

await bench.run();
console.table(bench.table());
