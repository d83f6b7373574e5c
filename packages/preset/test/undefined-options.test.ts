import { startGatewaySim } from '@mcpgw/gateway-sim';
import { describe, expect, test } from 'vitest';
import { createGatewayClient } from '../src/index.js';

describe('options given as undefined', () => {
  test('mean the default, at any depth, as an omitted option does', async () => {
    await using sim = await startGatewaySim({ port: 0 });
    sim.script('listServers', [{ status: 503 }]);
    const client = createGatewayClient({
      baseUrl: sim.url,
      apiKey: process.env.MCPGW_TEST_NEVER_SET,
      name: undefined,
      logger: false,
      timeouts: { attemptMs: undefined, totalMs: undefined },
      // The default maxAttempts (3) must survive `undefined`: the 503 is retried and the call succeeds.
      retry: { maxAttempts: undefined, baseDelayMs: 1, maxDelayMs: 2 },
      limits: { maxConcurrent: undefined, maxQueue: undefined },
      cache: { ttlMs: undefined, store: undefined },
    });
    const page = await client.listServers({ limit: 2 });
    expect(page.items).toHaveLength(2);
    expect(sim.requests.filter((r) => r.route === 'listServers')).toHaveLength(2);
    expect(sim.requests[0]?.headers['x-api-key']).toBeUndefined();
    await client.close();
  });
});
