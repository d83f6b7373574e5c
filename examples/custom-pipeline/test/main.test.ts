import { startGatewaySim } from '@mcpgw/gateway-sim';
import { expect, test } from 'vitest';
import { main } from '../src/main.js';

test('the hand-made pipeline retries a 503 and serves the repeated read from its cache', async () => {
  await using sim = await startGatewaySim({ apiKey: 'k' });
  sim.script('listServers', [{ status: 503 }]);
  const output = await main({ baseUrl: sim.url, apiKey: 'k' });
  expect(output.servers).toHaveLength(10);
  expect(output.sameAnswer).toBe(true);
  expect(output.retry).toMatchObject({ calls: 1, retries: 1 });
  expect(output.cache).toMatchObject({ misses: 1, hits: 1 });
  // One failed attempt, one retry, and no request for the cached read.
  expect(sim.counts.listServers).toBe(2);
});
