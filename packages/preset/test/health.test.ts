import { startGatewaySim } from '@mcpgw/gateway-sim';
import { startOpaTestServer } from '@mcpgw/opa-test-server';
import { describe, expect, inject, test } from 'vitest';
import { createGatewayClient } from '../src/index.js';

describe('health()', () => {
  test('all healthy: gateway, cache store, breakers and pool are reported', async () => {
    await using sim = await startGatewaySim();
    await using client = createGatewayClient({ baseUrl: sim.url, name: 'health-ok', logger: false });
    const report = await client.health();
    expect(report.status).toBe('healthy');
    expect(Object.keys(report.checks)).toEqual(['client', 'gateway', 'cache', 'breakers', 'pool']);
    expect(report.checks.gateway).toMatchObject({ status: 'healthy', latencyMs: expect.any(Number) });
    expect(report.checks.cache?.detail).toBe('memory store');
    // The probe bypasses the onion: no retry, no breaker, no cache, no metrics of the client's own.
    expect(client.stats().breakers).toEqual({});
  });

  test('a failing gateway is unhealthy, and the probe is not retried', async () => {
    await using sim = await startGatewaySim();
    await using client = createGatewayClient({ baseUrl: sim.url, name: 'health-503', logger: false });
    sim.script('health', [{ status: 503 }]);
    const report = await client.health();
    expect(report.status).toBe('unhealthy');
    expect(report.checks.gateway).toMatchObject({ status: 'unhealthy', detail: expect.stringMatching(/SERVER/) });
    expect(sim.counts.health).toBe(1);
    sim.script('health', [{ status: 200, body: { status: 'starting' } }]);
    expect((await client.health()).checks.gateway?.detail).toMatch(/reports status "starting"/);
  });

  test('a hanging gateway is cut off at the probe timeout', async () => {
    await using sim = await startGatewaySim();
    await using client = createGatewayClient({
      baseUrl: sim.url,
      name: 'health-hang',
      logger: false,
      health: { probeTimeoutMs: 200 },
    });
    sim.script('health', [{ fault: 'hang' }]);
    const report = await client.health();
    expect(report.checks.gateway?.status).toBe('unhealthy');
    expect(report.status).toBe('unhealthy');
  });

  test('an open circuit makes the client degraded', async () => {
    await using sim = await startGatewaySim();
    await using client = createGatewayClient({
      baseUrl: sim.url,
      name: 'health-breaker',
      logger: false,
      retry: false,
      cache: false,
      breaker: { volumeThreshold: 2, errorThresholdPercentage: 50, resetTimeoutMs: 60_000 },
    });
    sim.script('listServers', [{ status: 503 }, { status: 503 }, { status: 503 }]);
    for (let i = 0; i < 3; i++) await client.listServers().catch(() => undefined);
    const report = await client.health();
    expect(report.checks.breakers).toMatchObject({ status: 'degraded', detail: expect.stringMatching(/open/) });
    expect(report.status).toBe('degraded');
  });

  test('a full queue makes the client degraded', async () => {
    await using sim = await startGatewaySim();
    sim.script('listServers', [{ fault: 'hang' }, { fault: 'hang' }]);
    await using client = createGatewayClient({
      baseUrl: sim.url,
      name: 'health-queue',
      logger: false,
      cache: false,
      retry: false,
      limits: { maxConcurrent: 1, maxQueue: 1 },
      timeouts: { attemptMs: 60_000, totalMs: 60_000 },
    });
    const controller = new AbortController();
    const calls = [
      client.listServers({ signal: controller.signal }),
      client.listServers({ signal: controller.signal }),
    ];
    while (client.stats().queue.queued < 1) await new Promise((resolve) => setTimeout(resolve, 5));
    const report = await client.health();
    expect(report.checks.pool).toMatchObject({ status: 'degraded', detail: expect.stringMatching(/queued 1\/1/) });
    controller.abort();
    await Promise.allSettled(calls);
  });

  test('OPA: down while failing closed is unhealthy, while failing open degraded', async () => {
    await using sim = await startGatewaySim();
    const opa = await startOpaTestServer();
    const url = opa.url;
    await using closedClient = createGatewayClient({
      baseUrl: sim.url,
      name: 'health-opa-closed',
      logger: false,
      opa: { url },
    });
    await using openClient = createGatewayClient({
      baseUrl: sim.url,
      name: 'health-opa-open',
      logger: false,
      opa: { url, failOpen: true, onWarning: () => {} },
    });
    expect((await closedClient.health()).checks.opa?.status).toBe('healthy');
    await opa.close();
    const closedReport = await closedClient.health();
    expect(closedReport.checks.opa?.status).toBe('unhealthy');
    expect(closedReport.status).toBe('unhealthy');
    const openReport = await openClient.health();
    expect(openReport.checks.opa?.status).toBe('degraded');
    expect(openReport.status).toBe('degraded');
  });

  test('Redis store: healthy while up, degraded when it cannot be reached', async () => {
    await using sim = await startGatewaySim();
    await using up = createGatewayClient({
      baseUrl: sim.url,
      name: 'health-redis',
      logger: false,
      cache: { redis: { url: inject('redisUrl'), namespace: `health-${process.pid}` } },
    });
    // Connecting is not ready yet: wait for the store's first successful probe (bounded by the test timeout).
    let cacheCheck = (await up.health()).checks.cache;
    while (cacheCheck?.status !== 'healthy') {
      await new Promise((resolve) => setTimeout(resolve, 20));
      cacheCheck = (await up.health()).checks.cache;
    }
    expect(cacheCheck).toMatchObject({ status: 'healthy', detail: 'redis store' });
    await up.listServers();
    await up.listServers();
    expect(up.stats().cache).toMatchObject({ misses: 1, hits: 1 });
    await using down = createGatewayClient({
      baseUrl: sim.url,
      name: 'health-redis-down',
      logger: false,
      health: { probeTimeoutMs: 500 },
      cache: { redis: 'redis://127.0.0.1:1' },
    });
    const report = await down.health();
    expect(report.checks.cache?.status).toBe('degraded');
    expect(report.status).toBe('degraded');
  });
});
