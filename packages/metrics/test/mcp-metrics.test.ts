import { GatewayError, NotFoundError, TimeoutError } from '@mcpgw/core';
import { finishMcpOperation as finish } from '@mcpgw/test-support/mcp-operation';
import { samplesOf } from '@mcpgw/test-support/samples';
import { Registry } from 'prom-client';
import { afterEach, describe, expect, it } from 'vitest';
import { type MetricsObserver, metricNames, metrics } from '../src/index.js';

const open: MetricsObserver[] = [];
function layer(options: Parameters<typeof metrics>[0] = {}): MetricsObserver {
  const m = metrics(options);
  open.push(m);
  return m;
}
afterEach(() => {
  for (const m of open.splice(0)) m.close();
});

const session = 'sess-secret-4242';
const legacy = { 'mcp-protocol-version': '2025-11-25', 'mcp-session-id': session };

const call = (id: number, name: string) => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: { name, arguments: { query: 'canary-argument' } },
});
const answer = (result: Record<string, unknown>) => ({ body: { answer: { kind: 'result', id: 1, result } } });

describe('the MCP metrics', () => {
  it('observe each MCP message by method, version and error type (the JSON-RPC code, tool_error), no tool by default', async () => {
    const m = layer();
    finish({ body: call(1, 'get_weather'), headers: legacy }, { response: answer({ content: [] }), durationMs: 30 });
    finish({ body: call(2, 'get_weather'), headers: legacy }, { response: answer({ isError: true }) });
    const rpc = Object.assign(new GatewayError('x', 'MCPGW_JSONRPC', false), { rpcCode: -32602 });
    finish({ body: call(3, 'other_tool'), headers: legacy }, { error: rpc });
    finish(
      { body: { jsonrpc: '2.0', id: 4, method: 'tools/list' }, headers: legacy },
      { error: new TimeoutError('attempt', 1) },
    );
    finish({ body: { jsonrpc: '2.0', method: 'notifications/initialized' }, headers: legacy }, { response: {} });
    const samples = await samplesOf(m.registry);
    expect(samples.mcp_client_operation_duration_seconds_count).toEqual({
      '{error_type="",mcp_method_name="tools/call",mcp_protocol_version="2025-11-25"}': 1,
      '{error_type="tool_error",mcp_method_name="tools/call",mcp_protocol_version="2025-11-25"}': 1,
      '{error_type="-32602",mcp_method_name="tools/call",mcp_protocol_version="2025-11-25"}': 1,
      '{error_type="MCPGW_TIMEOUT",mcp_method_name="tools/list",mcp_protocol_version="2025-11-25"}': 1,
      '{error_type="",mcp_method_name="notifications/initialized",mcp_protocol_version="2025-11-25"}': 1,
    });
    expect(samples.mcpgw_requests_total?.['{operation="mcp",outcome="mcpgw_jsonrpc"}']).toBe(1);
    const text = await m.registry.metrics();
    expect(text).not.toContain('get_weather');
    expect(text).not.toContain('canary-argument');
    expect(text).not.toContain(session);
  });

  it('label the tool name only when asked, bounded by maxLabelValues', async () => {
    const m = layer({ mcp: { toolNameLabel: true }, maxLabelValues: 2 });
    for (const [i, name] of ['a', 'b', 'c', 'a'].entries()) {
      finish({ body: call(i, name), headers: legacy }, { response: answer({}) });
    }
    const counts = (await samplesOf(m.registry)).mcp_client_operation_duration_seconds_count ?? {};
    const byTool = Object.fromEntries(
      Object.entries(counts).map(([labels, n]) => [/gen_ai_tool_name="([^"]*)"/.exec(labels)?.[1], n]),
    );
    expect(byTool).toEqual({ a: 2, b: 1, other: 1 });
    expect(JSON.stringify(counts)).not.toContain('canary-argument');
  });

  it('time a session from initialize to its DELETE, and to the 404 that says the server forgot it', async () => {
    const m = layer();
    const initialize = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25' } };
    const opened = (id: string) => ({
      headers: { 'mcp-session-id': id },
      body: { answer: { kind: 'result', id: 1, result: { protocolVersion: '2025-06-18' } } },
    });
    finish({ body: initialize }, { response: opened(session), startTime: 1_000, durationMs: 10 });
    finish({ method: 'DELETE', headers: legacy, operation: 'closeSession' }, { startTime: 3_500, durationMs: 500 });
    finish({ body: initialize }, { response: opened('second'), startTime: 10_000, durationMs: 0 });
    const forgotten = { ...legacy, 'mcp-session-id': 'second' };
    finish({ body: call(2, 't'), headers: forgotten }, { error: new NotFoundError(404), startTime: 12_000 });
    // A DELETE for a session never seen opening, and a second end of one already ended, observe nothing.
    finish({ method: 'DELETE', headers: forgotten }, { startTime: 13_000 });
    const samples = await samplesOf(m.registry);
    expect(samples.mcp_client_session_duration_seconds_count).toEqual({
      '{error_type="",mcp_protocol_version="2025-06-18"}': 1,
      '{error_type="404",mcp_protocol_version="2025-06-18"}': 1,
    });
    expect(samples.mcp_client_session_duration_seconds_sum).toEqual({
      '{error_type="",mcp_protocol_version="2025-06-18"}': 2.99,
      '{error_type="404",mcp_protocol_version="2025-06-18"}': 2.005,
    });
  });

  it('count nothing MCP for a REST call, and keep a custom prefix apart on one registry', async () => {
    const registry = new Registry();
    const a = layer({ registry });
    const b = layer({ registry, prefix: 'second_' });
    finish({ body: { server: 's', tool: 't', parameters: {} } }, { response: {} });
    const names = registry.getMetricsAsArray().map((x) => x.name);
    expect(names).toContain('mcp_client_operation_duration_seconds');
    expect(names).toContain('second_mcp_client_operation_duration_seconds');
    expect((await samplesOf(registry)).mcp_client_operation_duration_seconds_count).toBeUndefined();
    a.close();
    b.close();
    // The session histograms outlive their layers (a client's close ends its session and its layer at once)...
    expect(
      registry
        .getMetricsAsArray()
        .map((x) => x.name)
        .sort(),
    ).toEqual(['mcp_client_session_duration_seconds', 'second_mcp_client_session_duration_seconds']);
    // ...and the next layer on the registry shares them instead of failing to register.
    const c = layer({ registry });
    expect(registry.getMetricsAsArray()).toHaveLength(Object.keys(metricNames).length + 3);
    c.close();
  });
});
