import { ConfigError } from '@mcpgw/core';
import { describe, expect, test } from 'vitest';
import { configFromEnv, createGatewayClient, envVariables } from '../src/index.js';

function issuesOf(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).issues;
  }
  throw new Error('expected a ConfigError');
}

describe('configFromEnv', () => {
  test('five wrong variables are reported together, each with what is expected', () => {
    const issues = issuesOf(() =>
      configFromEnv({
        MCPGW_BASE_URL: 'ftp://gateway',
        MCPGW_ATTEMPT_TIMEOUT_MS: '5s',
        MCPGW_POOL_CONNECTIONS: '-3',
        MCPGW_RETRY: 'maybe',
        MCPGW_LOG_LEVEL: 'loud',
      }),
    );
    expect(issues.map((i) => i.path).sort()).toEqual([
      'MCPGW_ATTEMPT_TIMEOUT_MS',
      'MCPGW_BASE_URL',
      'MCPGW_LOG_LEVEL',
      'MCPGW_POOL_CONNECTIONS',
      'MCPGW_RETRY',
    ]);
    const byName = Object.fromEntries(issues.map((i) => [i.path, i.message]));
    expect(byName.MCPGW_BASE_URL).toMatch(/expected the gateway URL, e\.g\. https:/);
    expect(byName.MCPGW_ATTEMPT_TIMEOUT_MS).toMatch(/milliseconds.*e\.g\. 5000.*got "5s"/);
    expect(byName.MCPGW_POOL_CONNECTIONS).toMatch(/whole number of connections >= 1/);
    expect(byName.MCPGW_RETRY).toMatch(/on or off/);
    expect(byName.MCPGW_LOG_LEVEL).toMatch(/one of fatal, error, warn/);
  });

  test('range errors come from the option schema and still name the variable', () => {
    const issues = issuesOf(() =>
      configFromEnv({
        MCPGW_BASE_URL: 'http://gw',
        MCPGW_RETRY_MAX_ATTEMPTS: '500',
        MCPGW_RETRY_BUDGET_RATIO: '3',
        MCPGW_ATTEMPT_TIMEOUT_MS: '0',
      }),
    );
    expect(issues.map((i) => i.path).sort()).toEqual([
      'MCPGW_ATTEMPT_TIMEOUT_MS',
      'MCPGW_RETRY_BUDGET_RATIO',
      'MCPGW_RETRY_MAX_ATTEMPTS',
    ]);
    expect(issues.find((i) => i.path === 'MCPGW_RETRY_MAX_ATTEMPTS')?.message).toMatch(/at most 100/);
  });

  test('a missing base URL is an issue; empty variables count as unset', () => {
    const issues = issuesOf(() => configFromEnv({ MCPGW_BASE_URL: '  ', MCPGW_API_KEY: '' }));
    expect(issues).toEqual([{ path: 'MCPGW_BASE_URL', message: expect.stringMatching(/^is required/) }]);
  });

  test('secret values are never echoed', () => {
    const issues = issuesOf(() =>
      configFromEnv({
        MCPGW_BASE_URL: 'http://gw',
        MCPGW_REDIS_URL: 'http://user:hunter2@redis',
        MCPGW_OPA_URL: 'not a url hunter2',
      }),
    );
    expect(issues.map((i) => i.path).sort()).toEqual(['MCPGW_OPA_URL', 'MCPGW_REDIS_URL']);
    expect(JSON.stringify(issues)).not.toContain('hunter2');
  });

  test('reads every documented variable into options', () => {
    const options = configFromEnv({
      MCPGW_BASE_URL: 'https://gw.example.com/mcp',
      MCPGW_API_KEY: 'key-1',
      MCPGW_CLIENT_NAME: 'orders',
      MCPGW_ATTEMPT_TIMEOUT_MS: '4000',
      MCPGW_TOTAL_TIMEOUT_MS: 'off',
      MCPGW_CONNECT_TIMEOUT_MS: '1500',
      MCPGW_POOL_CONNECTIONS: '16',
      MCPGW_POOL_PIPELINING: '2',
      MCPGW_POOL_KEEP_ALIVE_TIMEOUT_MS: '3000',
      MCPGW_MAX_RESPONSE_BYTES: '1048576',
      MCPGW_MAX_CONCURRENT: '64',
      MCPGW_MAX_QUEUE: '0',
      MCPGW_RETRY: 'on',
      MCPGW_RETRY_MAX_ATTEMPTS: '4',
      MCPGW_RETRY_BASE_DELAY_MS: '20',
      MCPGW_RETRY_MAX_DELAY_MS: '500',
      MCPGW_RETRY_BUDGET_RATIO: '0.1',
      MCPGW_RETRY_BUDGET_MIN_PER_SECOND: '5',
      MCPGW_BREAKER_ERROR_THRESHOLD_PERCENTAGE: '40',
      MCPGW_BREAKER_VOLUME_THRESHOLD: '10',
      MCPGW_BREAKER_RESET_TIMEOUT_MS: '5000',
      MCPGW_CACHE_TTL_MS: '60000',
      MCPGW_CACHE_MAX_ENTRIES: '100',
      MCPGW_CACHE_MAX_BYTES: '1000000',
      MCPGW_CACHE_STALE_WHILE_REVALIDATE_MS: 'false',
      MCPGW_CACHE_STALE_IF_ERROR_MS: '1000',
      MCPGW_REDIS_URL: 'redis://127.0.0.1:6379/2',
      MCPGW_REDIS_NAMESPACE: 'orders',
      MCPGW_OPA_URL: 'http://127.0.0.1:8181',
      MCPGW_OPA_POLICY_PATH: 'mcp/gateway/decision',
      MCPGW_OPA_TIMEOUT_MS: '300',
      MCPGW_OPA_FAIL_OPEN: 'false',
      MCPGW_JWT_JWKS_URL: 'https://idp.example.com/jwks.json',
      MCPGW_JWT_ISSUER: 'https://idp.example.com',
      MCPGW_JWT_AUDIENCE: 'gw, tools',
      MCPGW_JWT_ALGORITHMS: 'RS256,ES256',
      MCPGW_LOG_LEVEL: 'INFO',
      MCPGW_LOG_SLOW_MS: '250',
      MCPGW_METRICS: 'off',
      MCPGW_TRACING: '0',
      MCPGW_HEALTH_PROBE_TIMEOUT_MS: '1000',
    });
    expect(options).toEqual({
      baseUrl: 'https://gw.example.com/mcp',
      apiKey: 'key-1',
      name: 'orders',
      timeouts: { attemptMs: 4000, totalMs: false, connectMs: 1500 },
      pool: { connections: 16, pipelining: 2, keepAliveTimeoutMs: 3000 },
      limits: { maxResponseBytes: 1048576, maxConcurrent: 64, maxQueue: 0 },
      retry: { maxAttempts: 4, baseDelayMs: 20, maxDelayMs: 500, budget: { ratio: 0.1, minPerSecond: 5 } },
      breaker: { errorThresholdPercentage: 40, volumeThreshold: 10, resetTimeoutMs: 5000 },
      cache: {
        ttlMs: 60000,
        maxEntries: 100,
        maxBytes: 1000000,
        staleWhileRevalidateMs: false,
        staleIfErrorMs: 1000,
        redis: { url: 'redis://127.0.0.1:6379/2', namespace: 'orders' },
      },
      opa: {
        url: 'http://127.0.0.1:8181',
        policyPath: 'mcp/gateway/decision',
        timeoutMs: 300,
        failOpen: false,
        jwt: {
          jwksUrl: 'https://idp.example.com/jwks.json',
          issuer: ['https://idp.example.com'],
          audience: ['gw', 'tools'],
          algorithms: ['RS256', 'ES256'],
        },
      },
      logging: { level: 'info', slowMs: 250 },
      metrics: false,
      tracing: false,
      health: { probeTimeoutMs: 1000 },
    });
  });

  test('a layer switched off conflicts with its own settings', () => {
    const issues = issuesOf(() =>
      configFromEnv({ MCPGW_BASE_URL: 'http://gw', MCPGW_CACHE: 'off', MCPGW_CACHE_TTL_MS: '10', MCPGW_BREAKER: 'no' }),
    );
    expect(issues).toEqual([{ path: 'MCPGW_CACHE_TTL_MS', message: expect.stringMatching(/MCPGW_CACHE is off/) }]);
    expect(configFromEnv({ MCPGW_BASE_URL: 'http://gw', MCPGW_CACHE: 'off', MCPGW_RETRY_BUDGET: 'off' })).toEqual({
      baseUrl: 'http://gw',
      cache: false,
      retry: { budget: false },
    });
  });

  test('OPA and JWT settings need MCPGW_OPA_URL; a Redis namespace needs MCPGW_REDIS_URL', () => {
    const issues = issuesOf(() =>
      configFromEnv({
        MCPGW_BASE_URL: 'http://gw',
        MCPGW_JWT_ISSUER: 'idp',
        MCPGW_OPA_FAIL_OPEN: 'true',
        MCPGW_REDIS_NAMESPACE: 'x',
      }),
    );
    expect(issues.map((i) => i.path)).toEqual(['MCPGW_OPA_URL', 'MCPGW_REDIS_URL']);
    expect(issues[0]?.message).toMatch(/MCPGW_OPA_FAIL_OPEN, MCPGW_JWT_ISSUER are set/);
  });

  test('every variable has a unique name under MCPGW_ and reads process.env by default', () => {
    const names = envVariables.map((v) => v.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.every((n) => n.startsWith('MCPGW_'))).toBe(true);
    const saved = process.env.MCPGW_BASE_URL;
    process.env.MCPGW_BASE_URL = 'http://from-process-env';
    try {
      expect(configFromEnv().baseUrl).toBe('http://from-process-env');
    } finally {
      if (saved === undefined) delete process.env.MCPGW_BASE_URL;
      else process.env.MCPGW_BASE_URL = saved;
    }
  });

  test('its output is accepted by createGatewayClient', async () => {
    const client = createGatewayClient({
      ...configFromEnv({ MCPGW_BASE_URL: 'http://127.0.0.1:9', MCPGW_CLIENT_NAME: 'env-test', MCPGW_TRACING: 'off' }),
      logger: false,
    });
    expect(client.layers).not.toContain('tracing');
    await client.close();
  });
});
