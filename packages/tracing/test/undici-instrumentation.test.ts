import { createTransport, GatewayClient } from '@mcpgw/core';
import { type GatewaySim, startGatewaySim } from '@mcpgw/gateway-sim';
import { context, propagation, SpanKind } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';
import { InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor, TracerProvider } from '@opentelemetry/sdk-trace';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type TracingLayer, type TracingOptions, tracing } from '../src/index.js';

// The real SDK and the real instrumentation-undici, over loopback to gateway-sim: with or without the
// instrumentation, each attempt has exactly one CLIENT span and sends exactly one traceparent, that span's.
const exporter = new InMemorySpanExporter();
const provider = new TracerProvider({ spanProcessors: [new SimpleSpanProcessor({ exporter })] });
// Enabled on construction (`enabled: false` would also switch its request handler off for good), off until a test asks.
const instrumentation = new UndiciInstrumentation();
instrumentation.setTracerProvider(provider);
instrumentation.disable();
const instrument = () => instrumentation.enable();
let sim: GatewaySim;
const closing: Array<() => unknown> = [];

beforeAll(async () => {
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  sim = await startGatewaySim({ port: 0 });
});
afterEach(async () => {
  instrumentation.disable();
  await Promise.all(closing.splice(0).map((close) => close()));
  await provider.forceFlush();
  exporter.reset();
  sim.reset();
});
afterAll(async () => {
  await sim.close();
  propagation.disable();
  context.disable();
});

async function twoCalls(options: Pick<TracingOptions, 'attemptSpans'> = {}) {
  const layer: TracingLayer = tracing({ tracerProvider: provider, client: 'undici-instr', ...options });
  const transport = createTransport();
  closing.push(
    () => layer.close(),
    () => transport.close(),
  );
  const client = new GatewayClient({ baseUrl: sim.url, handler: layer(transport), name: 'undici-instr' });
  await client.listServers({ limit: 2 });
  await client.getServer('postgres-mcp');
  await provider.forceFlush();
  const spans = exporter.getFinishedSpans();
  const operations = spans.filter((s) => s.kind === SpanKind.INTERNAL);
  const attempts = spans.filter((s) => s.kind === SpanKind.CLIENT);
  // Node joins repeated headers with ", ": two traceparent values would show as one string with a comma.
  const sent = sim.requests.map((r) => String(r.headers.traceparent).split(', '));
  return { operations, attempts, sent };
}

const traceparentOf = (span: ReadableSpan) => `00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`;
const parentOf = (span: ReadableSpan) => span.parentSpanContext?.spanId;

describe('beside @opentelemetry/instrumentation-undici', () => {
  it('without it: our CLIENT span per attempt, under the operation span, and its traceparent', async () => {
    const { operations, attempts, sent } = await twoCalls();
    expect(operations.map((s) => s.name)).toEqual(['mcpgw listServers', 'mcpgw getServer']);
    expect(attempts.map((s) => s.instrumentationScope.name)).toEqual(['@mcpgw/tracing', '@mcpgw/tracing']);
    expect(attempts.map(parentOf)).toEqual(operations.map((s) => s.spanContext().spanId));
    expect(sent).toEqual(attempts.map((s) => [traceparentOf(s)]));
  });

  it("with it (attemptSpans 'auto'): only the instrumentation's span, parented by ours, and one traceparent", async () => {
    instrument();
    const { operations, attempts, sent } = await twoCalls();
    expect(operations.map((s) => s.name)).toEqual(['mcpgw listServers', 'mcpgw getServer']);
    expect(attempts.map((s) => s.instrumentationScope.name)).toEqual([
      '@opentelemetry/instrumentation-undici',
      '@opentelemetry/instrumentation-undici',
    ]);
    expect(attempts.map(parentOf)).toEqual(operations.map((s) => s.spanContext().spanId));
    expect(sent).toEqual(attempts.map((s) => [traceparentOf(s)]));
  });

  it('with it and attemptSpans true plus its ignoreRequestHook: only our span and our traceparent', async () => {
    instrumentation.setConfig({ ignoreRequestHook: () => true });
    instrument();
    try {
      const { attempts, sent } = await twoCalls({ attemptSpans: true });
      expect(attempts.map((s) => s.instrumentationScope.name)).toEqual(['@mcpgw/tracing', '@mcpgw/tracing']);
      expect(sent).toEqual(attempts.map((s) => [traceparentOf(s)]));
    } finally {
      instrumentation.setConfig({});
    }
  });

  it('with it and attemptSpans true but no hook, both trace: the doubling that auto prevents', async () => {
    instrument();
    const { attempts, sent } = await twoCalls({ attemptSpans: true });
    expect(attempts).toHaveLength(4);
    expect(sent.map((values) => values.length)).toEqual([2, 2]);
  });
});
