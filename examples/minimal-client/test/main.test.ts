import { startGatewaySim } from '@mcpgw/gateway-sim';
import { expect, test } from 'vitest';
import { main } from '../src/main.js';

test('the minimal client lists servers and tools and invokes a tool against the gateway', async () => {
  await using sim = await startGatewaySim({ apiKey: 'example-key' });
  const output = await main({ baseUrl: sim.url, apiKey: 'example-key', userToken: 'user-jwt' });
  expect(output.servers).toHaveLength(5);
  expect(output.servers.slice(0, 2)).toEqual(['postgres-mcp', 'github-mcp']);
  expect(output.tools).toContain('execute_query');
  expect(output.result).toMatchObject({ status: 'success', result: { server: 'postgres-mcp', tool: 'list_tables' } });
  expect(sim.invocations).toHaveLength(1);
  expect(sim.requests.at(-1)?.headers.authorization).toBe('Bearer user-jwt');
});
