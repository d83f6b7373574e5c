import { randomUUID } from 'node:crypto';
import { ConfigError } from '@mcpgw/core';
import { startGatewaySim } from '@mcpgw/gateway-sim';
import { describe, expect, inject, test, vi } from 'vitest';
import { configFromEnv, createGatewayClient } from '../src/index.js';

const redisUrl = inject('redisUrl');

describe('createGatewayClient({ fleet })', () => {
  test('two clients with one prefix share the circuit and the budget through Redis, and say so', async () => {
    await using sim = await startGatewaySim();
    const prefix = `preset-fleet-${randomUUID().slice(0, 8)}`;
    const options = {
      baseUrl: sim.url,
      logger: false as const,
      fleet: { redis: redisUrl, prefix },
      cache: false as const,
      retry: { maxAttempts: 1 },
      breaker: { volumeThreshold: 3, resetTimeoutMs: 30_000 },
    };
    await using a = createGatewayClient({ ...options, name: 'fleet-a' });
    await using b = createGatewayClient({ ...options, name: 'fleet-b' });
    await vi.waitFor(() => expect(b.stats().fleet?.state).toBe('shared'), { timeout: 10_000 });
    await vi.waitFor(() => expect(a.stats().fleet?.state).toBe('shared'), { timeout: 10_000 });
    expect(b.stats().retryBudget).toMatchObject({ state: 'shared' });
    await b.listServers({ limit: 1 }); // b's circuit for the gateway exists, closed

    sim.script(
      'listServers',
      Array.from({ length: 10 }, () => ({ status: 503 })),
    );
    for (let i = 0; i < 5; i++) await a.listServers({ limit: 1 }).catch(() => {});
    expect(Object.values(a.stats().breakers ?? {})[0]?.state).toBe('open');
    await vi.waitFor(() => expect(Object.values(b.stats().breakers ?? {})[0]?.state).toBe('open'), {
      timeout: 5_000,
    });
    const before = sim.counts.listServers;
    await expect(b.listServers({ limit: 1 })).rejects.toMatchObject({ code: 'MCPGW_CIRCUIT_OPEN' });
    expect(sim.counts.listServers).toBe(before);

    const report = await b.health();
    expect(report.checks.fleet).toMatchObject({ status: 'healthy' });
    expect(await b.metrics?.registry.metrics()).toMatch(/^mcpgw_fleet_state\{client="fleet-b"\} 1$/m);
  });

  test('with Redis unreachable, calls work, health is degraded with a fleet check, nothing hangs', async () => {
    await using sim = await startGatewaySim();
    await using client = createGatewayClient({
      baseUrl: sim.url,
      name: 'fleet-down',
      logger: false,
      fleet: { redis: 'redis://127.0.0.1:1', commandTimeoutMs: 50 },
    });
    expect((await client.listServers({ limit: 1 })).items).toHaveLength(1);
    await vi.waitFor(() => expect(client.stats().fleet?.syncErrors).toBeGreaterThan(0), { timeout: 10_000 });
    const report = await client.health();
    expect(report.status).toBe('degraded');
    expect(report.checks.fleet).toMatchObject({ status: 'degraded', detail: expect.stringMatching(/local/) });
    expect(client.stats().retryBudget).toMatchObject({ state: 'local' });
    expect(await client.metrics?.registry.metrics()).toMatch(/^mcpgw_fleet_state\{client="fleet-down"\} 0$/m);
  });

  test('configFromEnv(): the Redis URL turns it on; a fleet variable without it is an issue, not localhost', () => {
    const base = { MCPGW_BASE_URL: 'http://127.0.0.1:9' };
    expect(
      configFromEnv({
        ...base,
        MCPGW_FLEET_REDIS_URL: redisUrl,
        MCPGW_FLEET_PREFIX: 'svc',
        MCPGW_FLEET_SYNC_INTERVAL_MS: '100',
      }).fleet,
    ).toEqual({ redis: redisUrl, prefix: 'svc', syncIntervalMs: 100 });
    expect(configFromEnv(base).fleet).toBeUndefined();
    let thrown: unknown;
    try {
      configFromEnv({ ...base, MCPGW_FLEET_PREFIX: 'svc' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    expect((thrown as ConfigError).issues).toEqual([
      expect.objectContaining({ path: 'MCPGW_FLEET_PREFIX', message: expect.stringMatching(/MCPGW_FLEET_REDIS_URL/) }),
    ]);
  });

  test('is off by default, and refuses a bad fleet option before anything is sent', () => {
    const client = createGatewayClient({ baseUrl: 'http://127.0.0.1:9', logger: false });
    expect(client.stats().fleet).toBeUndefined();
    void client.close();
    expect(() =>
      createGatewayClient({ baseUrl: 'http://127.0.0.1:9', fleet: { redis: 'http://x', syncIntervalMs: 0 } }),
    ).toThrow(/fleet\.redis[\s\S]*fleet\.syncIntervalMs|fleet\.syncIntervalMs[\s\S]*fleet\.redis/);
  });
});
