import { CircuitOpenError, ServerError, TimeoutError } from '@mcpgw/core';
import { type GatewaySim, startGatewaySim } from '@mcpgw/gateway-sim';
import { eraMemory } from '@mcpgw/mcp';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { type CreateGatewayClientOptions, configFromEnv, createGatewayClient, standardOrder } from '../src/index.js';

let sim: GatewaySim;
beforeAll(async () => {
  sim = await startGatewaySim({ port: 0, requireUserToken: false });
});
afterEach(() => {
  sim.reset();
  eraMemory.clear();
});
afterAll(async () => {
  await sim.close();
});

let clients = 0;
function client(options: Partial<CreateGatewayClientOptions>) {
  return createGatewayClient({
    baseUrl: sim.url,
    name: `hedge-preset-${++clients}`,
    logger: false,
    metrics: false,
    cache: false,
    ...options,
  });
}

/** Polls until `check` holds, or fails after 10 s with `what`. */
async function until(check: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > end) throw new Error(`still not so after 10 s: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('the preset’s hedge option', () => {
  test('off by default: no hedge layer, no hedge stats', async () => {
    await using c = client({});
    expect(c.layers).not.toContain('hedge');
    expect(c.stats().hedge).toBeUndefined();
  });

  test('hedge: true composes it between retry and the breaker, and hedges a held read', async () => {
    await using c = client({ hedge: true });
    expect(c.layers).toEqual([
      'tracing',
      'lifecycle',
      'deadline',
      'concurrencyLimit',
      'retry',
      'hedge',
      'breaker',
      'transport',
    ]);
    expect(standardOrder.indexOf('hedge')).toBe(standardOrder.indexOf('retry') + 1);
    expect(c.stats().hedge).toMatchObject({ calls: 0, hedges: 0 });
  });

  test('a held read is hedged; the loser is aborted', async () => {
    await using c = client({ hedge: { delayMs: 30 } });
    sim.script('getServer', [{ fault: 'hang' }]);
    const server = await c.getServer('postgres-mcp');
    expect(server.server_name).toBe('postgres-mcp');
    expect(sim.counts.getServer).toBe(2);
    expect(c.stats().hedge).toMatchObject({ calls: 1, hedges: 1, won: 1, cancelled: 1 });
    await until(
      () => c.stats().pool.every((pool) => pool.running === 0 && pool.pending === 0),
      'the losing request still runs',
    );
  });

  test('an invoke without an idempotency key is never hedged', async () => {
    await using c = client({ hedge: { delayMs: 30 } });
    sim.script('invoke', [{ fault: 'slow-headers', delayMs: 200 }]);
    await c.invokeTool({ server: 'postgres-mcp', tool: 'list_tables', parameters: {} });
    expect(sim.counts.invoke).toBe(1);
    expect(c.stats().hedge).toMatchObject({ calls: 0, hedges: 0 });
  });

  test('with the retry budget spent, a held read is not hedged (it times out instead)', async () => {
    // A budget of one retry in its window: the first failing call spends it.
    await using c = client({
      hedge: { delayMs: 30 },
      retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 5, budget: { ratio: 0, minPerSecond: 0.1 } },
      breaker: false,
    });
    sim.script('getServer', [{ status: 503 }, { status: 503 }]);
    await expect(c.getServer('postgres-mcp')).rejects.toBeInstanceOf(ServerError);
    expect(c.stats().retryBudget).toMatchObject({ available: 0 });
    const before = c.stats().hedge?.hedges ?? 0;
    const sent = sim.counts.getServer;

    sim.script('getServer', [{ fault: 'hang' }]);
    const failure = await c.getServer('postgres-mcp', { timeoutMs: 400 }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TimeoutError);
    expect(sim.counts.getServer).toBe(sent + 1);
    expect(c.stats().hedge?.hedges).toBe(before);
  });

  test('with the breaker open or half-open, nothing is hedged; closed again, it is', async () => {
    await using c = client({
      hedge: { delayMs: 30 },
      retry: false,
      breaker: { volumeThreshold: 3, errorThresholdPercentage: 50, resetTimeoutMs: 300 },
    });
    sim.script('getServer', [{ status: 503 }, { status: 503 }, { status: 503 }, { status: 503 }]);
    let open = false;
    for (let i = 0; i < 10 && !open; i++) {
      const error = await c.getServer('postgres-mcp').catch((e: unknown) => e);
      open = error instanceof CircuitOpenError;
    }
    expect(open).toBe(true);
    const hedgesWhileFailing = c.stats().hedge?.hedges ?? 0;

    // Half-open: one probe goes through; it is held, and no hedge goes with it.
    await until(
      () => Object.values(c.stats().breakers ?? {}).some((b) => b.state === 'half-open'),
      'the circuit never went half-open',
    );
    sim.reset();
    sim.script('getServer', [{ fault: 'slow-headers', delayMs: 200 }]);
    await c.getServer('postgres-mcp');
    expect(sim.counts.getServer).toBe(1);
    expect(c.stats().hedge?.hedges).toBe(hedgesWhileFailing);

    // The probe's success closed the circuit: a held read is hedged again.
    await until(
      () => Object.values(c.stats().breakers ?? {}).every((b) => b.state === 'closed'),
      'the circuit never closed',
    );
    sim.script('getServer', [{ fault: 'hang' }]);
    await c.getServer('postgres-mcp');
    expect(c.stats().hedge?.hedges).toBe(hedgesWhileFailing + 1);
  });

  test('configFromEnv reads MCPGW_HEDGE and its options', () => {
    const base = { MCPGW_BASE_URL: 'http://127.0.0.1:9' };
    expect(configFromEnv({ ...base, MCPGW_HEDGE: 'on' }).hedge).toBe(true);
    expect(configFromEnv({ ...base, MCPGW_HEDGE: 'off' }).hedge).toBe(false);
    expect(configFromEnv({ ...base, MCPGW_HEDGE_PERCENTILE: '90', MCPGW_HEDGE_BUDGET_RATIO: '0.1' }).hedge).toEqual({
      percentile: 90,
      budget: { ratio: 0.1 },
    });
    expect(() => configFromEnv({ ...base, MCPGW_HEDGE_PERCENTILE: '10' })).toThrow(/MCPGW_HEDGE_PERCENTILE/);
    expect(() => configFromEnv({ ...base, MCPGW_HEDGE: 'off', MCPGW_HEDGE_DELAY_MS: '20' })).toThrow(
      /MCPGW_HEDGE_DELAY_MS: is set but MCPGW_HEDGE is off/,
    );
  });

  test('bad hedge options are a ConfigError naming each', () => {
    expect(() => client({ hedge: { percentile: 10, budget: { ratio: 2 } } })).toThrow(
      /hedge\.percentile[\s\S]*hedge\.budget\.ratio|hedge\.budget\.ratio[\s\S]*hedge\.percentile/,
    );
    expect(() => client({ hedge: 'yes' as never })).toThrow(/hedge/);
  });
});

describe('hedged MCP reads', () => {
  function mcp(protocolVersion: '2025-11-25' | '2026-07-28') {
    return createGatewayClient({
      baseUrl: sim.mcp.url,
      name: `hedge-mcp-${++clients}`,
      protocol: 'mcp',
      logger: false,
      metrics: false,
      cache: false,
      hedge: { delayMs: 30 },
      mcp: { protocolVersion },
    });
  }
  const listIds = () => sim.mcp.requests.filter((r) => r.rpcMethod === 'tools/list').map((r) => r.rpcId);

  test('2026-07-28: a held tools/list is hedged with a JSON-RPC id of its own, and the hedge’s answer is used', async () => {
    await using c = mcp('2026-07-28');
    sim.mcp.script('tools/list', [{ fault: 'hang' }]);
    const page = await c.listTools();
    expect(page.items.length).toBeGreaterThan(0);
    const ids = listIds();
    expect(ids).toHaveLength(2);
    expect(ids[0]).not.toEqual(ids[1]);
    expect(c.stats().hedge).toMatchObject({ hedges: 1, won: 1, cancelled: 1 });
  });

  test('2025-11-25 (a session): nothing is hedged, the call waits for its one request', async () => {
    await using c = mcp('2025-11-25');
    sim.mcp.script('tools/list', [{ fault: 'pass', delayMs: 200 }]);
    const page = await c.listTools();
    expect(page.items.length).toBeGreaterThan(0);
    expect(listIds()).toHaveLength(1);
    expect(c.stats().hedge).toMatchObject({ hedges: 0 });
  });

  test('a tools/call is not hedged on an untrusted server', async () => {
    await using c = mcp('2026-07-28');
    sim.mcp.script('tools/call', [{ fault: 'pass', delayMs: 200 }]);
    await c.invokeTool({ tool: 'echo', parameters: { message: 'hi' } });
    expect(sim.mcp.requests.filter((r) => r.rpcMethod === 'tools/call')).toHaveLength(1);
    expect(sim.mcp.executions('echo')).toBe(1);
  });
});
