import { QueueFullError } from '@mcpgw/core';
import { type GatewaySim, startGatewaySim } from '@mcpgw/gateway-sim';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  type CreateGatewayClientOptions,
  configFromEnv,
  createGatewayClient,
  presetDefaults,
  standardOrder,
} from '../src/index.js';

let sim: GatewaySim;
beforeAll(async () => {
  sim = await startGatewaySim({ port: 0, requireUserToken: false });
});
afterEach(() => sim.reset());
afterAll(async () => {
  await sim.close();
});

let clients = 0;
function client(options: Partial<CreateGatewayClientOptions>) {
  return createGatewayClient({
    baseUrl: sim.url,
    name: `adaptive-preset-${++clients}`,
    logger: false,
    cache: false,
    ...options,
  });
}

describe('the preset’s limits.adaptive option', () => {
  test('off by default: the fixed bulkhead, its stats as before, the gauge at maxConcurrent', async () => {
    expect(presetDefaults.limits).not.toHaveProperty('adaptive');
    await using c = client({ limits: { maxConcurrent: 7 } });
    await c.listServers({ limit: 1 });
    expect(c.stats().queue).toEqual({ inFlight: 0, queued: 0 });
    const text = await c.metrics?.registry.metrics();
    expect(text).toMatch(/^mcpgw_concurrency_limit 7$/m);
  });

  test('on: the adaptive limit takes the bulkhead’s place and name, up to maxConcurrent, with its stats and gauge', async () => {
    await using c = client({ limits: { maxConcurrent: 40, maxQueue: 0, adaptive: { initialLimit: 3, minLimit: 2 } } });
    expect(c.layers).toEqual(standardOrder.filter((name) => !['authorize', 'cache', 'hedge', 'auth'].includes(name)));
    await c.listServers({ limit: 1 });
    expect(c.stats().queue).toMatchObject({ limit: 3, inFlight: 0, queued: 0, shed: 0 });
    const text = await c.metrics?.registry.metrics();
    expect(text).toMatch(/^mcpgw_concurrency_limit 3$/m);
    // Four at once against a limit of 3 and no queue: the fourth is shed, typed, before anything is sent.
    const before = sim.counts.total;
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => c.getServer('postgres-mcp')));
    const refused = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toBeInstanceOf(QueueFullError);
    expect(sim.counts.total - before).toBe(3);
    expect(c.stats().queue).toMatchObject({ shed: 1 });
    const health = await c.health();
    expect(health.checks.pool?.detail).toMatch(/in flight 0\/3/);
  });

  test('true takes the layer’s defaults; bad values are refused with their path', async () => {
    await using c = client({ limits: { adaptive: true } });
    expect(c.stats().queue).toMatchObject({ limit: 20 });
    expect(() => client({ limits: { adaptive: { minLimit: 0 } } })).toThrow(/limits\.adaptive/);
    expect(() => client({ limits: { adaptive: { algorithm: 'bbr' as 'vegas' } } })).toThrow(/limits\.adaptive/);
  });

  test('MCPGW_ADAPTIVE_CONCURRENCY turns it on or off', () => {
    expect(configFromEnv({ MCPGW_BASE_URL: sim.url, MCPGW_ADAPTIVE_CONCURRENCY: 'true' }).limits).toEqual({
      adaptive: true,
    });
    expect(configFromEnv({ MCPGW_BASE_URL: sim.url, MCPGW_ADAPTIVE_CONCURRENCY: 'false' }).limits).toEqual({
      adaptive: false,
    });
  });
});
