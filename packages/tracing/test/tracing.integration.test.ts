import { compose, createTransport, GatewayClient } from '@mcpgw/core';
import { type GatewaySim, startGatewaySim } from '@mcpgw/gateway-sim';
import {
  type OpaStub,
  type StandInAuthz,
  standInAuthz,
  standInCache,
  standInRetry,
  startOpaStub,
} from '@mcpgw/test-support/stand-in-layers';
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type TracingLayer, tracing } from '../src/index.js';

const exporter = new InMemorySpanExporter();
const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
const contextManager = new AsyncLocalStorageContextManager();
let sim: GatewaySim;
let opa: OpaStub;
let authz: StandInAuthz;
let layer: TracingLayer;
let transport: ReturnType<typeof createTransport>;
let client: GatewayClient;

beforeAll(async () => {
  context.setGlobalContextManager(contextManager.enable());
  sim = await startGatewaySim({ port: 0 });
  opa = await startOpaStub();
  opa.deniedTools.add('list_tables');
  transport = createTransport();
  authz = standInAuthz({ opaUrl: opa.url });
  layer = tracing({ tracerProvider: provider, propagator: new W3CTraceContextPropagator(), client: 'traced' });
  const handler = compose(layer, authz, standInCache(), standInRetry({ maxAttempts: 3 }))(transport);
  client = new GatewayClient({ baseUrl: sim.url, handler, name: 'traced' });
});
afterAll(async () => {
  layer.close();
  await transport.close();
  await authz.close();
  await opa.close();
  await sim.close();
  context.disable();
});
afterEach(() => {
  exporter.reset();
  sim.reset();
});

const traceparentOf = (span: ReadableSpan) => `00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`;
const childrenOf = (parent: ReadableSpan, spans: ReadableSpan[]) =>
  spans
    .filter((s) => s.parentSpanContext?.spanId === parent.spanContext().spanId)
    .sort((a, b) => (a.startTime[0] - b.startTime[0]) * 1e9 + (a.startTime[1] - b.startTime[1]));

describe('tracing against gateway-sim', () => {
  it('builds the span tree of a retried, authorized invoke and propagates each attempt span', async () => {
    sim.script('invoke', [{ status: 503 }]);
    await client.invokeTool({
      server: 'postgres-mcp',
      tool: 'execute_query',
      parameters: { query: 'SELECT 1' },
      user: 'user-token',
      idempotencyKey: 'key-1',
    });
    const spans = exporter.getFinishedSpans();
    const logical = spans.filter((s) => s.name === 'mcpgw invokeTool');
    expect(logical).toHaveLength(1);
    const root = logical[0] as ReadableSpan;
    expect(root.kind).toBe(SpanKind.INTERNAL);
    expect(root.parentSpanContext).toBeUndefined();
    expect(root.attributes).toMatchObject({
      'mcpgw.operation': 'invokeTool',
      'mcpgw.server': 'postgres-mcp',
      'mcpgw.tool': 'execute_query',
      'mcpgw.attempts': 2,
    });
    expect(root.attributes['mcpgw.request_id']).toEqual(expect.any(String));
    expect(root.status.code).toBe(SpanStatusCode.UNSET);

    const children = childrenOf(root, spans);
    expect(children.map((s) => s.name)).toEqual(['opa decision', 'POST', 'POST']);
    expect(spans).toHaveLength(4);
    const [opaSpan, first, second] = children as [ReadableSpan, ReadableSpan, ReadableSpan];
    const opaPort = Number(new URL(opa.url).port);
    expect(opaSpan.kind).toBe(SpanKind.CLIENT);
    expect(opaSpan.attributes).toMatchObject({
      'mcpgw.operation': 'opa.decision',
      'http.request.method': 'POST',
      'server.address': '127.0.0.1',
      'server.port': opaPort,
      'http.response.status_code': 200,
    });

    expect(first.kind).toBe(SpanKind.CLIENT);
    expect(first.attributes).toEqual({
      'http.request.method': 'POST',
      'url.full': `${sim.url}/api/v1/invoke`,
      'server.address': '127.0.0.1',
      'server.port': sim.port,
      'mcpgw.operation': 'invokeTool',
      'mcpgw.request_id': root.attributes['mcpgw.request_id'],
      'http.response.status_code': 503,
      'error.type': '503',
    });
    expect(first.status.code).toBe(SpanStatusCode.ERROR);
    expect(second.attributes).toMatchObject({ 'http.request.resend_count': 1, 'http.response.status_code': 200 });
    expect(second.attributes['error.type']).toBeUndefined();
    expect(second.status.code).toBe(SpanStatusCode.UNSET);
    expect(first.attributes['http.request.resend_count']).toBeUndefined();

    const seen = sim.requests.filter((r) => r.route === 'invoke').map((r) => r.headers.traceparent);
    expect(seen).toEqual([traceparentOf(first), traceparentOf(second)]);
  });

  it('ends a denied invoke at the OPA span and marks the logical span with the error code', async () => {
    await expect(
      client.invokeTool({ server: 'postgres-mcp', tool: 'list_tables', parameters: {}, user: 'user-token' }),
    ).rejects.toMatchObject({ code: 'MCPGW_AUTHZ_DENIED' });
    const spans = exporter.getFinishedSpans();
    const root = spans.find((s) => s.name === 'mcpgw invokeTool') as ReadableSpan;
    expect(root.attributes['error.type']).toBe('MCPGW_AUTHZ_DENIED');
    expect(root.status.code).toBe(SpanStatusCode.ERROR);
    expect(childrenOf(root, spans).map((s) => s.name)).toEqual(['opa decision']);
    expect(sim.counts.invoke).toBe(0);
  });

  it('records the cache result on the logical span, and a hit sends nothing', async () => {
    await client.listTools({ server: 'github-mcp' });
    await client.listTools({ server: 'github-mcp' });
    const spans = exporter.getFinishedSpans();
    const roots = spans.filter((s) => s.name === 'mcpgw listTools');
    expect(roots.map((s) => s.attributes['mcpgw.cache'])).toEqual(['miss', 'hit']);
    expect(roots.map((s) => s.attributes['mcpgw.server'])).toEqual(['github-mcp', 'github-mcp']);
    expect(childrenOf(roots[0] as ReadableSpan, spans).map((s) => s.name)).toEqual(['GET']);
    expect(childrenOf(roots[1] as ReadableSpan, spans)).toEqual([]);
    const get = childrenOf(roots[0] as ReadableSpan, spans)[0] as ReadableSpan;
    expect(get.attributes['url.full']).toBe(`${sim.url}/api/v1/tools?offset=0&limit=100&server=github-mcp`);
  });

  it('types an attempt that got no answer by its error code', async () => {
    const closedPort = createTransport();
    const lonely = new GatewayClient({
      baseUrl: 'http://127.0.0.1:1',
      handler: compose(layer)(closedPort),
      name: 'traced',
    });
    await expect(lonely.health()).rejects.toMatchObject({ code: 'MCPGW_CONNECT' });
    await closedPort.close();
    const spans = exporter.getFinishedSpans();
    const attempt = spans.find((s) => s.kind === SpanKind.CLIENT) as ReadableSpan;
    expect(attempt.attributes['error.type']).toBe('MCPGW_CONNECT');
    expect(attempt.attributes['http.response.status_code']).toBeUndefined();
    expect(attempt.attributes['server.port']).toBe(1);
  });

  it('leaves other clients alone', async () => {
    const other = new GatewayClient({ baseUrl: sim.url, handler: compose(layer)(transport), name: 'untraced' });
    await other.health();
    expect(exporter.getFinishedSpans()).toEqual([]);
    expect(sim.requests[0]?.headers.traceparent).toBeUndefined();
  });

  it('uses the global propagator and tracer provider by default', async () => {
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
    trace.setGlobalTracerProvider(provider);
    const global = tracing();
    try {
      const other = new GatewayClient({ baseUrl: sim.url, handler: compose(global)(transport), name: 'global' });
      await other.health();
      const spans = exporter.getFinishedSpans();
      expect(spans.map((s) => s.name).sort()).toEqual(['GET', 'mcpgw health']);
      const attempt = spans.find((s) => s.name === 'GET') as ReadableSpan;
      expect(sim.requests[0]?.headers.traceparent).toBe(traceparentOf(attempt));
    } finally {
      global.close();
      propagation.disable();
      trace.disable();
    }
  });

  it('gives each tracing instance only the attempts made inside its own operations', async () => {
    const second = tracing({ tracerProvider: provider, propagator: new W3CTraceContextPropagator() });
    try {
      await client.health();
      const spans = exporter.getFinishedSpans();
      expect(spans.map((s) => s.name).sort()).toEqual(['GET', 'mcpgw health']);
    } finally {
      second.close();
    }
  });
});
