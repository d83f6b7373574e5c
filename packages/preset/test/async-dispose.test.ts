import { breaker } from '@mcpgw/breaker';
import { cache, memoryStore } from '@mcpgw/cache';
import { redisStore } from '@mcpgw/cache-redis';
import { buildRequest, ClientClosedError, createTransport } from '@mcpgw/core';
import { logging } from '@mcpgw/logging';
import { metrics } from '@mcpgw/metrics';
import { authorize, createOpaClient } from '@mcpgw/opa';
import { tracing } from '@mcpgw/tracing';
import pino from 'pino';
import { Registry } from 'prom-client';
import { describe, expect, inject, test } from 'vitest';

// Everything with close() also has Symbol.asyncDispose, which closes it, so `await using` works on each of them.
describe('Symbol.asyncDispose', () => {
  test('closes the transport: a later call is refused', async () => {
    const transport = createTransport();
    await transport[Symbol.asyncDispose]();
    await expect(transport(buildRequest({ origin: 'http://127.0.0.1:9', path: '/health' }))).rejects.toBeInstanceOf(
      ClientClosedError,
    );
  });

  test('closes the metrics layer: its request metrics leave the registry', async () => {
    const registry = new Registry();
    const layer = metrics({ registry });
    expect(registry.getSingleMetric('mcpgw_requests_total')).toBeDefined();
    await layer[Symbol.asyncDispose]();
    // (The MCP session histogram outlives the layer on purpose; the request metrics do not.)
    expect(registry.getSingleMetric('mcpgw_requests_total')).toBeUndefined();
  });

  test('closes the memory store: its entries are dropped', async () => {
    const store = memoryStore();
    store.set('k', { value: 1 } as never, { ttlMs: 60_000, tags: [] } as never);
    expect(store.stats().entries).toBe(1);
    await store[Symbol.asyncDispose]();
    expect(store.stats().entries).toBe(0);
  });

  test('closes the Redis store', async () => {
    const store = redisStore({ url: inject('redisUrl'), namespace: `dispose-${process.pid}` });
    await store[Symbol.asyncDispose]();
    expect(await store.health()).toEqual({ ok: false, detail: 'closed' });
  });

  test('exists on every other layer and client with close()', async () => {
    const disposables = [
      tracing(),
      logging({ logger: pino({ enabled: false }) }),
      breaker(),
      cache(),
      authorize({ url: 'http://127.0.0.1:9' }),
      createOpaClient({ url: 'http://127.0.0.1:9' }),
    ];
    for (const disposable of disposables) {
      expect(typeof disposable[Symbol.asyncDispose]).toBe('function');
      await disposable[Symbol.asyncDispose]();
    }
  });
});
