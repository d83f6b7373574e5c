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

// MCP: the conventions' CLIENT span, with and without the trace context written into params._meta (the body is
// serialised once more for it), for a small tools/call and one with 10 kB of arguments.
const sdk = () => ({
  tracerProvider: new TracerProvider({ spanProcessors: [new NoopSpanProcessor()] }),
  propagator: new W3CTraceContextPropagator(),
});
const mcpCall = (args: Record<string, unknown>) =>
  buildRequest({
    origin: 'http://127.0.0.1:8080',
    path: '/mcp',
    method: 'POST',
    operation: 'invokeTool',
    headers: { 'mcp-protocol-version': '2025-11-25', 'mcp-session-id': 'a1b2c3d4e5f6' },
    body: { jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'get_weather', arguments: args } },
  });
const small = mcpCall({ city: 'Paris', days: 3 });
const large = mcpCall({ rows: Array.from({ length: 200 }, (_, i) => ({ id: i, text: 'x'.repeat(30) })) });
bench.add('MCP tools/call, no tracing', async () => void (await inner(small)));
bench.add(
  'MCP tools/call, SDK tracer, no _meta propagation',
  async () => void (await handler(small)),
  withTracing({ ...sdk(), mcpMetaPropagation: false }),
);
bench.add('MCP tools/call, SDK tracer, _meta propagation', async () => void (await handler(small)), withTracing(sdk()));
bench.add(
  'MCP tools/call 10 kB arguments, SDK tracer, no _meta propagation',
  async () => void (await handler(large)),
  withTracing({ ...sdk(), mcpMetaPropagation: false }),
);
bench.add(
  'MCP tools/call 10 kB arguments, SDK tracer, _meta propagation',
  async () => void (await handler(large)),
  withTracing(sdk()),
);
await bench.run();
console.table(bench.table());
