import { memoryStore } from '@mcpgw/cache';
import { ConfigError } from '@mcpgw/core';
import { describe, expect, test } from 'vitest';
import { type CreateGatewayClientOptions, createGatewayClient, standardOrder } from '../src/index.js';

function issuesOf(options: unknown) {
  try {
    const client = createGatewayClient(options as CreateGatewayClientOptions);
    void client.close();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return Object.fromEntries((error as ConfigError).issues.map((i) => [i.path, i.message]));
  }
  throw new Error('expected a ConfigError');
}

describe('options', () => {
  test('every problem is listed at once, each naming the field and the fix', () => {
    const issues = issuesOf({
      baseUrl: 'gateway.example.com',
      apiKey: '',
      timeouts: { attemptMs: -1, totalMs: 'long' },
      pool: { connections: 1.5 },
      retry: { maxAttempts: 0, budget: { ratio: 2 } },
      breaker: 'on',
      cache: { ttlMs: -5, store: {} },
      limits: { maxQueue: -1, maxConcurent: 3 },
      logging: { level: 'loud' },
      metrics: { registry: {} },
    });
    expect(issues).toEqual({
      baseUrl: expect.stringMatching(/http\(s\) URL, e\.g\. https:/),
      apiKey: expect.stringMatching(/non-empty API key/),
      'timeouts.attemptMs': expect.stringMatching(/> 0 milliseconds, e\.g\. 5000/),
      'timeouts.totalMs': expect.stringMatching(/number of milliseconds, e\.g\. 15000, or false/),
      'pool.connections': expect.stringMatching(/whole number from 1/),
      'retry.maxAttempts': expect.stringMatching(/at least 1/),
      'retry.budget.ratio': expect.stringMatching(/from 0 to 1/),
      breaker: expect.stringMatching(/false \(to leave this layer out\) or an options object/),
      'cache.ttlMs': expect.stringMatching(/>= 0 milliseconds/),
      'cache.store': expect.stringMatching(/CacheStore/),
      'limits.maxQueue': expect.stringMatching(/at least 0/),
      'limits.maxConcurent': expect.stringMatching(/not an option/),
      'logging.level': expect.stringMatching(/one of fatal/),
      'metrics.registry': expect.stringMatching(/prom-client Registry/),
    });
  });

  test('a non-object is refused', () => {
    expect(issuesOf(undefined)).toEqual({ options: expect.stringMatching(/options object/) });
    expect(issuesOf({})).toEqual({ baseUrl: expect.any(String) });
  });

  test('cache.store and cache.redis exclude each other', () => {
    expect(issuesOf({ baseUrl: 'http://gw', cache: { store: memoryStore(), redis: 'redis://127.0.0.1:1' } })).toEqual({
      'cache.redis': expect.stringMatching(/either cache.store or cache.redis/),
    });
    expect(issuesOf({ baseUrl: 'http://gw', cache: { redis: 'http://x' } })).toEqual({
      'cache.redis': expect.stringMatching(/redis:\/\//),
    });
  });

  test('OPA options are checked too', () => {
    expect(issuesOf({ baseUrl: 'http://gw', opa: { url: 'opa', policyPath: '/x/', failOpen: 'no' } })).toEqual({
      'opa.url': expect.stringMatching(/OPA base URL/),
      'opa.policyPath': expect.stringMatching(/mcp\/gateway\/decision/),
      'opa.failOpen': expect.stringMatching(/true or false/),
    });
  });

  test('all layers by default, in the documented order; false leaves a layer out', async () => {
    const full = createGatewayClient({ baseUrl: 'http://127.0.0.1:9', name: 'order-full', logger: false });
    // authorize and auth need a URL or a client, and hedge changes traffic: off unless configured.
    expect(full.layers).toEqual(standardOrder.filter((l) => l !== 'authorize' && l !== 'auth' && l !== 'hedge'));
    expect(full.observers).toEqual(['metrics']);
    await full.close();
    const bare = createGatewayClient({
      baseUrl: 'http://127.0.0.1:9',
      name: 'order-bare',
      retry: false,
      breaker: false,
      cache: false,
      metrics: false,
      tracing: false,
      logger: false,
      opa: false,
    });
    expect(bare.layers).toEqual(['lifecycle', 'deadline', 'concurrencyLimit', 'transport']);
    expect(bare.observers).toEqual([]);
    expect(bare.metrics).toBeUndefined();
    expect(bare.stats()).toMatchObject({ cache: undefined, breakers: undefined, retryBudget: undefined });
    await bare.invalidate();
    await bare.close();
  });

  test('a bad header in the options is a ConfigError and leaves nothing open', () => {
    expect(() =>
      createGatewayClient({ baseUrl: 'http://gw', name: 'bad-header', headers: { 'x-a': 'b\r\nc' }, logger: false }),
    ).toThrow(ConfigError);
  });
});
