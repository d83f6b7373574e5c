import { buildRequest, type GatewayResponse, type Handler } from '@mcpgw/core';
import { context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { NoopSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { Bench } from 'tinybench';
import { publishOneOperation } from '../../metrics/bench/one-operation.js';
import { type TracingLayer, type TracingOptions, tracing } from '../src/index.js';

context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
const request = buildRequest({ origin: 'http://127.0.0.1:8080', path: '/api/v1/servers', operation: 'listServers' });
const response: GatewayResponse = { status: 200, headers: {}, body: {}, attempts: 1, cache: 'miss' };
// The inner handler publishes the attempt events, as the transport would, inside the logical span's context.
const inner: Handler = async () => {
  publishOneOperation();
  return response;
};

let layer: TracingLayer | undefined;
let handler: Handler = inner;
function withTracing(options: TracingOptions) {
  return {
    beforeAll: () => {
      layer = tracing(options);
      handler = layer(inner);
    },
    afterAll: () => layer?.close(),
  };
}

const bench = new Bench({ time: 1000, warmupTime: 200 });
bench.add('one operation, no tracing', async () => void (await inner(request)));
bench.add('one operation, tracing() with the no-op tracer', async () => void (await handler(request)), withTracing({}));
bench.add(
  'one operation, tracing() with the SDK tracer + W3C propagator',
  async () => void (await handler(request)),
  withTracing({
    tracerProvider: new TracerProvider({ spanProcessors: [new NoopSpanProcessor()] }),
    propagator: new W3CTraceContextPropagator(),
  }),
);
await bench.run();
console.table(bench.table());
