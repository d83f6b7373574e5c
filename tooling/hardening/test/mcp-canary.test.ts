import type { GatewayError } from '@mcpgw/core';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { canary } from '../src/canary.js';
import { ChaosContext } from '../src/chaos-context.js';
import { scanForCanaries, TelemetryCapture } from '../src/telemetry-capture.js';
import { UnhandledRejections } from '../src/unhandled-rejections.js';

// The canary scan over the MCP path: the simulator's /mcp holding the canary API key (required on every request),
// a preset `protocol: 'mcp'` client with every layer on (OPA verifying the canary user token, the Redis cache,
// tracing, metrics, debug logs), calls carrying the canary as a tool argument, in both eras, through successes and
// the error paths (OPA deny, isError, JSON-RPC error, 5xx, a cut stream, a timeout, an abort, a lost session, a wrong
// API key). Then every log line, metric exposition, span and error is scanned for the API key, the user token, its
// signature, the argument value and every MCP session id the simulator handed out.
// tooling/mcp-peers/test/gateway-peers.test.ts runs the same scan against real gateways (mcp-proxy, supergateway).

const capture = new TelemetryCapture();
const unhandled = new UnhandledRejections();
const sessionIds: string[] = [];
const errorCodes: string[] = [];
beforeAll(() => unhandled.install());
afterAll(() => unhandled.uninstall());

const code = (error: unknown) => (error as GatewayError).code;

async function runEra(protocolVersion: '2025-11-25' | '2026-07-28'): Promise<void> {
  const ctx = new ChaosContext(capture);
  try {
    const sim = await ctx.start({ mcp: { eras: 'both', requireApiKey: true } });
    const redis = await ctx.redis();
    // delete_record is refused; everything else allowed for the verified canary user.
    const opa = await ctx.opa({
      decide: (input) => {
        const doc = input as { tool?: { name?: string }; user?: { id?: string } };
        return { allow: doc.user?.id === 'canary-user' && doc.tool?.name !== 'delete_record', reason: 'policy' };
      },
    });
    const client = ctx.mcpClient({
      mcp: { protocolVersion },
      opa: ctx.opaOptions(opa.url, { policyPath: 'mcp/gateway/decision' }),
      cache: { redis: { url: redis.url } },
    });
    const call =
      (tool: string, parameters: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
      (timeoutMs: number) =>
        client.invokeTool({ tool, parameters, user: canary.userToken, timeoutMs, ...extra });
    const failed = async (run: (timeoutMs: number) => Promise<unknown>, timeoutMs?: number) => {
      errorCodes.push(code(await ctx.failure(run, timeoutMs)));
    };

    await ctx.success((timeoutMs) => client.listTools({ timeoutMs }));
    await ctx.success((timeoutMs) => client.listTools({ timeoutMs }));
    const echoed = await ctx.success(call('echo', { message: canary.parameterValue }));
    expect(JSON.stringify(echoed)).toContain(canary.parameterValue);
    await ctx.success(
      call('slow', { steps: 3, stepMs: 5, tag: canary.parameterValue }, { onProgress: () => undefined }),
    );
    // isError is a result, not an error.
    await ctx.success(call('fail', { reason: canary.parameterValue }));

    await failed(call('delete_record', { id: canary.parameterValue }));
    // A server that echoes the caller's secrets in its error: the typed error must not carry them on.
    sim.mcp.script('tools/call', [
      {
        rpcError: {
          code: -32602,
          message: `invalid params: message=${canary.parameterValue} user=${canary.userToken}`,
          data: { message: canary.parameterValue },
        },
      },
    ]);
    await failed(call('echo', { message: canary.parameterValue }));
    sim.mcp.script('tools/call', [{ status: 503 }]);
    await failed(call('echo', { message: canary.parameterValue }));
    sim.mcp.script('tools/call', [{ fault: 'cut-stream', afterEvents: 1, eventIds: false }]);
    await failed(call('slow', { steps: 50, stepMs: 20, tag: canary.parameterValue }, { onProgress: () => undefined }));
    await failed(call('slow', { steps: 1000, stepMs: 20, tag: canary.parameterValue }), 300);
    const controller = new AbortController();
    await failed(
      call(
        'slow',
        { steps: 1000, stepMs: 20, tag: canary.parameterValue },
        { signal: controller.signal, onProgress: () => controller.abort() },
      ),
    );
    if (protocolVersion === '2025-11-25') {
      sim.mcp.script('tools/call', [{ fault: 'session-lost' }]);
      await ctx.success(call('echo', { message: canary.parameterValue }));
    }
    const wrongKey = ctx.mcpClient({ mcp: { protocolVersion }, apiKey: `${canary.apiKey}-wrong`, retry: false });
    errorCodes.push(code(await ctx.failure((timeoutMs) => wrongKey.listTools({ timeoutMs }))));

    // OPA decides on the verified claims: the raw token, its signature and the API key never reach it.
    const opaInputs = JSON.stringify(opa.inputs);
    expect(opa.inputs.length).toBeGreaterThan(0);
    for (const secret of [canary.userToken, canary.userTokenSignature, canary.apiKey]) {
      expect(opaInputs).not.toContain(secret);
    }
    // Every id the client sent, the forgotten one included (sim.mcp.sessionIds holds only the live ones).
    for (const r of sim.mcp.requests)
      if (r.sessionId && !sessionIds.includes(r.sessionId)) sessionIds.push(r.sessionId);
    capture.expositions.push(...(await ctx.expositions()));
  } finally {
    await ctx.dispose();
  }
}

describe('MCP canary run', () => {
  test('both eras, every layer on, successes and error paths, all captured', async () => {
    await runEra('2025-11-25');
    await runEra('2026-07-28');
    await unhandled.settle();
    expect(unhandled.reasons).toEqual([]);
    // Each error path really failed, with its own typed error.
    expect(new Set(errorCodes)).toEqual(
      new Set([
        'MCPGW_AUTHZ_DENIED',
        'MCPGW_JSONRPC',
        'MCPGW_SERVER_ERROR',
        'MCPGW_MCP_STREAM_LOST',
        'MCPGW_TIMEOUT',
        'MCPGW_ABORTED',
        'MCPGW_UNAUTHORIZED',
      ]),
    );
    // Session ids of the 2025 era (the original and the one after the lost session) are part of the scan.
    expect(sessionIds.length).toBeGreaterThanOrEqual(2);
    const records = capture.records();
    expect(records.some((r) => r.msg === 'operation finished' && r.mcpMethod === 'tools/call')).toBe(true);
    expect(records.some((r) => r.msg === 'operation failed')).toBe(true);
    expect(capture.expositions.join('\n')).toContain('mcp_client_operation_duration_seconds_bucket');
    const spans = capture.exporter.getFinishedSpans().map((s) => s.name);
    expect(spans).toEqual(expect.arrayContaining(['tools/list', 'tools/call echo', 'opa decision']));
  });

  test('no API key, user token, tool argument or session id in any log line, metric exposition, span or error', () => {
    const canaries: Record<string, string> = { ...canary };
    for (const [i, id] of sessionIds.entries()) canaries[`sessionId${i}`] = id;
    expect(scanForCanaries(capture, canaries)).toEqual([]);
  });

  test('the scan would see a session id that leaked', () => {
    const planted = new TelemetryCapture();
    planted.lines.push('{"msg":"x","session":"9f2c-session"}');
    expect(scanForCanaries(planted, { sessionId0: '9f2c-session' })).toEqual([
      { where: 'log line 0', canary: 'sessionId0' },
    ]);
  });
});
