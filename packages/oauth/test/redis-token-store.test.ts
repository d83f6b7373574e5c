import { buildRequest, compose, createTransport } from '@mcpgw/core';
import { type RedisServer, startRedisServer } from '@mcpgw/redis-test-server';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { oauth, redisTokenStore, tokenKey } from '../src/index.js';
import { startTestAuthServer } from './support/authorization-server.js';

let server: RedisServer;
let redis: Redis;

beforeAll(async () => {
  server = await startRedisServer();
  redis = new Redis(server.url, { lazyConnect: false, maxRetriesPerRequest: 1 });
});
afterAll(async () => {
  redis.disconnect();
  await server.kill();
});

describe('redisTokenStore (a real Redis)', () => {
  test('two clients sharing it get one token: the second never asks the token endpoint', async () => {
    const as = await startTestAuthServer({ clients: { svc: 'svc-secret-value' } });
    const transport = createTransport();
    try {
      const options = {
        client: { clientId: 'svc', clientSecret: 'svc-secret-value', issuer: as.url },
        store: redisTokenStore({ redis, namespace: 'test-shared' }),
      };
      const first = compose(oauth(options))(transport);
      const second = compose(oauth(options))(transport);
      const call = (handler: typeof first) =>
        handler(buildRequest({ origin: as.url, path: '/mcp', method: 'POST', body: { method: 'tools/list' } }));
      await call(first);
      // The second meets the server's 401 once (it has not discovered the resource yet), then finds the token.
      expect((await call(second)).status).toBe(200);
      expect(as.tokenRequests).toHaveLength(1);
      const stored = await redisTokenStore({ redis, namespace: 'test-shared' }).get(tokenKey(as.url, `${as.url}/mcp`));
      expect(as.issued).toContain(stored?.accessToken);
      // Keys name no URL and no token.
      const keys = await redis.keys('test-shared:oauth:*');
      expect(keys).toHaveLength(1);
      expect(keys[0]).toMatch(/^test-shared:oauth:[0-9a-f]{64}$/);
    } finally {
      await transport.close();
      await as.close();
    }
  });

  test('a token without a refresh token expires from Redis with itself; a damaged value reads as none', async () => {
    const store = redisTokenStore({ redis, namespace: 'test-ttl' });
    const token = {
      accessToken: 'a-token',
      expiresAt: Date.now() + 60_000,
      refreshToken: undefined,
      scope: undefined,
      issuer: 'https://as',
      resource: 'https://r',
    };
    await store.set('k', token);
    const [key] = await redis.keys('test-ttl:oauth:*');
    const ttl = await redis.pttl(key as string);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(60_000);
    expect(await store.get('k')).toEqual({ ...token, refreshToken: undefined });
    await redis.set(key as string, '{"accessToken": 42}');
    expect(await store.get('k')).toBeUndefined();
    await redis.set(key as string, 'not json');
    expect(await store.get('k')).toBeUndefined();
    await store.delete('k');
    expect(await redis.exists(key as string)).toBe(0);
  });
});
