import { type GatewaySim, startGatewaySim } from '@mcpgw/gateway-sim';
import { eraMemory } from '@mcpgw/mcp';
import { context, SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { pino } from 'pino';
import { Registry } from 'prom-client';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { createGatewayClient } from '../src/index.js';

// Telemetry of the MCP dialect through the whole preset, against the simulator's /mcp, with the real OTel SDK:
// spans by the OpenTelemetry MCP conventions, the MCP metrics, and log lines. Owned by @mcpgw/tracing, metrics
// and logging (issue 15 S3); it lives here because only the preset has them all and the MCP dialect together.

const exporter = new InMemorySpanExporter();
const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
const contextManager = new AsyncLocalStorageContextManager();
const argument = 'canary-telemetry-argument-3141';
let sim: GatewaySim;

beforeAll(async () => {
  context.setGlobalContextManager(contextManager.enable());
  sim = await startGatewaySim({ port: 0 });
});
afterEach(() => {
  exporter.reset();
  sim.reset();
  eraMemory.clear();
});
afterAll(async () => {
  await sim.close();
  context.disable();
});

function observedClient(
  name: string,
  protocolVersion: '2025-11-25' | '2026-07-28',
  extra: { toolNameLabel?: boolean; mcpMetaPropagation?: boolean } = {},
) {
  const lines: string[] = [];
  const registry = new Registry();
  const client = createGatewayClient({
    baseUrl: sim.mcp.url,
    protocol: 'mcp',
    name,
    tracing: {
      tracerProvider,
      propagator: new W3CTraceContextPropagator(),
      ...(extra.mcpMetaPropagation === undefined ? {} : { mcpMetaPropagation: extra.mcpMetaPropagation }),
    },
    metrics: {
      registry,
      ...(extra.toolNameLabel === undefined ? {} : { mcp: { toolNameLabel: extra.toolNameLabel } }),
    },
    logger: pino({ level: 'debug' }, { write: (chunk: string) => void lines.push(chunk) }),
    logging: { level: 'debug' },
    mcp: { protocolVersion },
  });
  const logs = () => lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  return { client, registry, logs, raw: () => lines.join('') };
}

const spanNamed = (name: string) => {
  const spans = exporter.getFinishedSpans().filter((s) => s.name === name);
  expect(spans, `one span named ${name}`).toHaveLength(1);
  return spans[0] as ReadableSpan;
};
const childrenOf = (parent: ReadableSpan) =>
  exporter.getFinishedSpans().filter((s) => s.parentSpanContext?.spanId === parent.spanContext().spanId);
const traceparentOf = (span: ReadableSpan) => `00-${span.spanContext().traceId}-${span.spanContext().spanId}-01`;

/** The JSON-RPC bodies the simulator received for one method. */
function received(method: string): Array<{ body: Record<string, unknown>; headers: Record<string, unknown> }> {
  return sim.mcp.requests
    .filter((r) => r.rpcMethod === method && r.body !== undefined)
    .map((r) => ({ body: JSON.parse(r.body as string) as Record<string, unknown>, headers: r.headers }));
}

const metaOf = (sent: { body: Record<string, unknown> } | undefined) =>
  ((sent?.body.params as { _meta?: Record<string, unknown> } | undefined)?._meta ?? {}) as Record<string, unknown>;

describe('MCP telemetry through the preset (OpenTelemetry MCP conventions)', () => {
  test('2025-11-25: one CLIENT span per message, named and attributed by the conventions, the session hashed', async () => {
    const { client, registry, logs, raw } = observedClient('mcp-telemetry-legacy', '2025-11-25');
    await client.listTools();
    expect((await client.invokeTool({ tool: 'add', parameters: { a: 2, b: 3, note: argument } })).isError).not.toBe(
      true,
    );
    expect((await client.invokeTool({ tool: 'fail', parameters: { reason: argument } })).isError).toBe(true);
    await client.getPrompt({ name: 'greeting', arguments: { name: argument } });
    await client.readResource({ uri: 'sim://docs/readme' });
    const exposition = await registry.metrics();
    await client.close();

    const sessionId = sim.mcp.requests.find((r) => r.sessionId !== undefined)?.sessionId as string;
    expect(sessionId).toEqual(expect.any(String));
    const initialize = spanNamed('initialize');
    expect(initialize.kind).toBe(SpanKind.CLIENT);
    expect(initialize.attributes).toMatchObject({
      'mcp.method.name': 'initialize',
      'mcp.protocol.version': '2025-11-25',
      'jsonrpc.request.id': expect.any(String),
      'server.address': '127.0.0.1',
      'server.port': Number(new URL(sim.mcp.url).port),
      'network.transport': 'tcp',
    });
    const hashed = initialize.attributes['mcp.session.id'];
    expect(hashed).toMatch(/^[0-9a-f]{32}$/);
    expect(spanNamed('notifications/initialized').attributes['jsonrpc.request.id']).toBeUndefined();
    expect(spanNamed('tools/list').attributes).toMatchObject({
      'mcp.session.id': hashed,
      'mcp.method.name': 'tools/list',
    });

    const call = spanNamed('tools/call add');
    expect(call.kind).toBe(SpanKind.CLIENT);
    expect(call.attributes).toMatchObject({
      'mcp.method.name': 'tools/call',
      'gen_ai.tool.name': 'add',
      'gen_ai.operation.name': 'execute_tool',
      'mcp.session.id': hashed,
      'mcp.protocol.version': '2025-11-25',
    });
    expect(call.attributes['error.type']).toBeUndefined();
    expect(call.status.code).toBe(SpanStatusCode.UNSET);
    const failed = spanNamed('tools/call fail');
    expect(failed.attributes['error.type']).toBe('tool_error');
    expect(failed.status.code).toBe(SpanStatusCode.ERROR);
    expect(spanNamed('prompts/get greeting').attributes).toMatchObject({ 'gen_ai.prompt.name': 'greeting' });
    expect(spanNamed('mcpgw closeSession').attributes['mcp.session.id']).toBe(hashed);
    expect(spanNamed('resources/read').attributes['mcp.resource.uri']).toBe('sim://docs/readme');

    // The HTTP attempt is a child of the MCP span and carries its own traceparent; _meta carries the MCP span's.
    const [attempt] = childrenOf(call);
    expect(attempt?.kind).toBe(SpanKind.CLIENT);
    const [sent] = received('tools/call').filter((r) => (r.body.params as { name: string }).name === 'add');
    expect(sent?.headers.traceparent).toBe(traceparentOf(attempt as ReadableSpan));
    expect(metaOf(sent).traceparent).toBe(traceparentOf(call));
    expect(sim.mcp.executions('add')).toBe(1);

    // No span carries the raw session id or an argument.
    const spanText = JSON.stringify(exporter.getFinishedSpans().map((s) => [s.name, s.attributes, s.status]));
    expect(spanText).not.toContain(sessionId);
    expect(spanText).not.toContain(argument);

    // Metrics: the conventions' histograms beside ours; the session timed from initialize to DELETE (its histogram
    // outlives the closed client's other metrics).
    expect(exposition).toMatch(
      /mcp_client_operation_duration_seconds_count\{mcp_method_name="tools\/call",mcp_protocol_version="2025-11-25",error_type="tool_error"\} 1/,
    );
    expect(exposition).toMatch(
      /mcp_client_operation_duration_seconds_count\{mcp_method_name="tools\/call",mcp_protocol_version="2025-11-25",error_type=""\} 1/,
    );
    expect(await registry.metrics()).toMatch(
      /mcp_client_session_duration_seconds_count\{mcp_protocol_version="2025-11-25",error_type=""\} 1/,
    );
    expect(exposition).not.toContain(sessionId);
    expect(exposition).not.toContain(argument);

    // Logs: method, tool and JSON-RPC id on the MCP lines; no argument, no session id.
    const callLine = logs().find((l) => l.mcpMethod === 'tools/call' && l.tool === 'add');
    expect(callLine).toMatchObject({ msg: 'operation finished', operation: 'invokeTool', rpcId: expect.any(String) });
    expect(callLine?.requestId).toEqual(expect.any(String));
    expect(raw()).not.toContain(argument);
    expect(raw()).not.toContain(sessionId);
  });

  test('a JSON-RPC error: error.type and rpc.response.status_code are its code, counted as mcpgw_jsonrpc', async () => {
    const { client, registry, logs } = observedClient('mcp-telemetry-rpc', '2025-11-25');
    try {
      await client.listTools();
      sim.mcp.script('tools/call', [{ rpcError: { code: -32602, message: 'bad arguments' } }]);
      await expect(client.invokeTool({ tool: 'add', parameters: { a: 1, b: argument } })).rejects.toMatchObject({
        code: 'MCPGW_JSONRPC',
      });
      const span = spanNamed('tools/call add');
      expect(span.attributes).toMatchObject({ 'error.type': '-32602', 'rpc.response.status_code': '-32602' });
      expect(span.status.code).toBe(SpanStatusCode.ERROR);
      expect(span.status.message).toContain('-32602');
      const exposition = await registry.metrics();
      expect(exposition).toContain('mcpgw_requests_total{operation="invokeTool",outcome="mcpgw_jsonrpc"} 1');
      expect(exposition).toMatch(/mcp_client_operation_duration_seconds_count\{[^}]*error_type="-32602"\} 1/);
      expect(logs().find((l) => l.msg === 'operation failed')).toMatchObject({
        code: 'MCPGW_JSONRPC',
        mcpMethod: 'tools/call',
        tool: 'add',
      });
    } finally {
      await client.close();
    }
  });

  test('2026-07-28: the trace context joins the protocol keys in _meta; no session, no mcp.session.id', async () => {
    const { client, registry } = observedClient('mcp-telemetry-modern', '2026-07-28');
    try {
      await client.invokeTool({ tool: 'add', parameters: { a: 1, b: 2 } });
      const span = spanNamed('tools/call add');
      expect(span.attributes).toMatchObject({ 'mcp.protocol.version': '2026-07-28', 'gen_ai.tool.name': 'add' });
      expect(span.attributes['mcp.session.id']).toBeUndefined();
      const [sent] = received('tools/call');
      const meta = metaOf(sent);
      expect(meta.traceparent).toBe(traceparentOf(span));
      expect(meta['io.modelcontextprotocol/protocolVersion']).toBe('2026-07-28');
      expect(sent?.body.id).toBe(Number(span.attributes['jsonrpc.request.id']));
      const exposition = await registry.metrics();
      expect(exposition).toMatch(
        /mcp_client_operation_duration_seconds_count\{mcp_method_name="tools\/call",mcp_protocol_version="2026-07-28",error_type=""\} 1/,
      );
      expect(exposition).not.toContain('mcp_client_session_duration_seconds_count');
    } finally {
      await client.close();
    }
  });

  test('the preset passes the opt-ins: a bounded tool label, and _meta propagation off', async () => {
    const { client, registry } = observedClient('mcp-telemetry-options', '2026-07-28', {
      toolNameLabel: true,
      mcpMetaPropagation: false,
    });
    try {
      await client.invokeTool({ tool: 'add', parameters: { a: 1, b: 2 } });
      expect(await registry.metrics()).toMatch(
        /mcp_client_operation_duration_seconds_count\{[^}]*gen_ai_tool_name="add"\} 1/,
      );
      const [sent] = received('tools/call');
      expect(metaOf(sent).traceparent).toBeUndefined();
      expect(metaOf(sent)['io.modelcontextprotocol/protocolVersion']).toBe('2026-07-28');
      expect(sent?.headers.traceparent).toEqual(expect.any(String));
    } finally {
      await client.close();
    }
  });
});
