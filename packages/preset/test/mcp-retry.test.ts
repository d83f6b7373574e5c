import { ConnectError } from '@mcpgw/core';
import { type GatewaySim, startGatewaySim } from '@mcpgw/gateway-sim';
import { eraMemory, JsonRpcError, StreamLostError } from '@mcpgw/mcp';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { createGatewayClient, type PresetMcpOptions } from '../src/index.js';

let sim: GatewaySim;
beforeAll(async () => {
  sim = await startGatewaySim({ port: 0 });
});
afterEach(() => {
  sim.reset();
  eraMemory.clear();
});
afterAll(async () => {
  await sim.close();
});

const eras = ['2025-11-25', '2026-07-28'] as const;

function client(protocolVersion: (typeof eras)[number], mcp: PresetMcpOptions = {}) {
  return createGatewayClient({
    baseUrl: sim.mcp.url,
    protocol: 'mcp',
    logger: false,
    metrics: false,
    retry: { baseDelayMs: 1, maxDelayMs: 5 },
    mcp: { protocolVersion, ...mcp },
  });
}

function callIds(): unknown[] {
  return sim.mcp.requests.filter((r) => r.rpcMethod === 'tools/call').map((r) => r.rpcId);
}

describe('tools/call retries by the annotations of a trusted server', () => {
  for (const era of eras) {
    test(`${era}: a reset after sending is NOT retried on an untrusted server, even for a readOnlyHint tool`, async () => {
      await using c = client(era);
      sim.mcp.script('tools/call', [{ fault: 'reset' }]);
      await expect(c.invokeTool({ tool: 'echo', parameters: { message: 'hi' } })).rejects.toBeInstanceOf(ConnectError);
      expect(callIds()).toHaveLength(1);
      expect(sim.mcp.executions('echo')).toBe(0);
    });

    test(`${era}: IS retried on a trusted server, with a new JSON-RPC id; the tool ran once`, async () => {
      await using c = client(era, { trustToolAnnotations: true });
      sim.mcp.script('tools/call', [{ fault: 'reset' }]);
      const result = await c.invokeTool({ tool: 'echo', parameters: { message: 'hi' } });
      expect(result.isError).not.toBe(true);
      const ids = callIds();
      expect(ids).toHaveLength(2);
      expect(ids[0]).not.toEqual(ids[1]);
      expect(sim.mcp.executions('echo')).toBe(1);
      // Only the id changed: the arguments are the ones sent the first time.
      const bodies = sim.mcp.requests
        .filter((r) => r.rpcMethod === 'tools/call')
        .map((r) => JSON.parse(r.body ?? '{}') as { id: unknown; params: unknown });
      expect(bodies[1]?.params).toEqual(bodies[0]?.params);
      expect(bodies[1]?.params).toMatchObject({ arguments: { message: 'hi' } });
    });

    test(`${era}: a trusted server's destructive, non-idempotent tool is not retried`, async () => {
      await using c = client(era, { trustToolAnnotations: true });
      sim.mcp.script('tools/call', [{ fault: 'reset' }]);
      await expect(c.invokeTool({ tool: 'delete_record', parameters: { id: 'r1' } })).rejects.toBeInstanceOf(
        ConnectError,
      );
      expect(callIds()).toHaveLength(1);
    });

    test(`${era}: a predicate decides per server (origin given)`, async () => {
      const seen: string[] = [];
      const origin = new URL(sim.mcp.url).origin;
      await using trusted = client(era, {
        trustToolAnnotations: (server) => {
          seen.push(server.origin);
          return server.origin === origin;
        },
      });
      sim.mcp.script('tools/call', [{ fault: 'reset' }]);
      await trusted.invokeTool({ tool: 'echo', parameters: { message: 'a' } });
      expect(callIds()).toHaveLength(2);
      expect(seen).toContain(origin);
      sim.reset();
      await using untrusted = client(era, { trustToolAnnotations: () => false });
      sim.mcp.script('tools/call', [{ fault: 'reset' }]);
      await expect(untrusted.invokeTool({ tool: 'echo', parameters: { message: 'b' } })).rejects.toBeInstanceOf(
        ConnectError,
      );
      expect(callIds()).toHaveLength(1);
    });
  }

  test("2025-11-25: a predicate may trust by the server's name from initialize, on the first call too", async () => {
    const names: Array<string | undefined> = [];
    await using c = client('2025-11-25', {
      trustToolAnnotations: (server) => {
        names.push(server.name);
        return server.name === 'gateway-sim';
      },
    });
    sim.mcp.script('tools/call', [{ fault: 'reset' }]);
    await c.invokeTool({ tool: 'echo', parameters: { message: 'first' } });
    expect(callIds()).toHaveLength(2);
    expect(names.at(-1)).toBe('gateway-sim');
  });

  test('2026-07-28: a lost stream on an untrusted server says the call may have run, and is not re-sent', async () => {
    await using c = client('2026-07-28');
    sim.mcp.script('tools/call', [{ fault: 'cut-stream', afterEvents: 0, eventIds: false }]);
    sim.mcp.setAnswers('sse');
    const error = await c.invokeTool({ tool: 'echo', parameters: { message: 'x' } }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamLostError);
    expect((error as StreamLostError).mayHaveReachedServer).toBe(true);
    expect(callIds()).toHaveLength(1);
  });

  test('2026-07-28: a lost stream on a trusted server is re-sent for a read-only tool', async () => {
    await using c = client('2026-07-28', { trustToolAnnotations: true });
    sim.mcp.setAnswers('sse');
    await c.listTools();
    sim.mcp.script('tools/call', [{ fault: 'cut-stream', afterEvents: 0, eventIds: false }]);
    const result = await c.invokeTool({ tool: 'echo', parameters: { message: 'x' } });
    expect(result.isError).not.toBe(true);
    const ids = callIds();
    expect(ids).toHaveLength(2);
    expect(ids[0]).not.toEqual(ids[1]);
  });

  test('2026-07-28: a read whose stream is lost is retried', async () => {
    await using c = client('2026-07-28');
    sim.mcp.setAnswers('sse');
    sim.mcp.script('tools/list', [{ fault: 'cut-stream', afterEvents: 0, eventIds: false }]);
    const page = await c.listTools();
    expect(page.items.length).toBeGreaterThan(0);
    expect(sim.mcp.counts['tools/list']).toBe(2);
  });

  test('trustToolAnnotations must be a boolean or a function', () => {
    expect(() => client('2026-07-28', { trustToolAnnotations: 'yes' as never })).toThrow(/trustToolAnnotations/);
  });
});

describe('the breaker counts availability, not a tool or request the server refused', () => {
  function breakerClient() {
    return createGatewayClient({
      baseUrl: sim.mcp.url,
      protocol: 'mcp',
      logger: false,
      metrics: false,
      retry: false,
      breaker: { volumeThreshold: 4, errorThresholdPercentage: 50, resetTimeoutMs: 60_000 },
      mcp: { protocolVersion: '2026-07-28' },
    });
  }
  const state = (c: ReturnType<typeof breakerClient>) => Object.values(c.stats().breakers ?? {})[0]?.state;

  test('isError results and JSON-RPC application errors (even over a 5xx) never open it', async () => {
    await using c = breakerClient();
    for (let i = 0; i < 6; i++) expect((await c.invokeTool({ tool: 'fail' })).isError).toBe(true);
    sim.mcp.script('tools/call', [
      { rpcError: { code: -32602, message: 'invalid params' } },
      { rpcError: { code: -32601, message: 'no such method' } },
      { rpcError: { code: -32602, message: 'unknown tool' }, status: 400 },
      { status: 500, body: { jsonrpc: '2.0', id: null, error: { code: -32602, message: 'unknown tool' } } },
      { status: 502, body: { jsonrpc: '2.0', id: null, error: { code: -32601, message: 'no such method' } } },
    ]);
    const errors: unknown[] = [];
    for (let i = 0; i < 5; i++) {
      errors.push(await c.invokeTool({ tool: 'echo', parameters: { message: 'm' } }).catch((e: unknown) => e));
    }
    // The 400 stays the HttpError it was; the 200s and the 5xx are the JSON-RPC errors they carry.
    expect(errors.filter((e) => e instanceof JsonRpcError)).toHaveLength(4);
    expect(state(c)).toBe('closed');
    expect(await c.invokeTool({ tool: 'echo', parameters: { message: 'still' } })).toBeDefined();
  });

  test('answer streams the connection cut open it (2026-07-28)', async () => {
    await using c = breakerClient();
    sim.mcp.setAnswers('sse');
    const cut = { fault: 'cut-stream', afterEvents: 0, eventIds: false } as const;
    sim.mcp.script('tools/call', [cut, cut, cut, cut]);
    for (let i = 0; i < 4; i++) {
      await expect(c.invokeTool({ tool: 'echo', parameters: { message: 'm' } })).rejects.toBeInstanceOf(
        StreamLostError,
      );
    }
    expect(state(c)).toBe('open');
  });

  test('5xx answers and transport failures open it', async () => {
    await using c = breakerClient();
    sim.mcp.script('tools/call', [{ status: 503 }, { status: 500 }, { fault: 'reset' }, { status: 502 }]);
    for (let i = 0; i < 4; i++) {
      await expect(c.invokeTool({ tool: 'echo', parameters: { message: 'm' } })).rejects.toThrow();
    }
    expect(state(c)).toBe('open');
  });
});
