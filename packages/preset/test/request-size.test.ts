import { InvalidRequestError } from '@mcpgw/core';
import { startGatewaySim } from '@mcpgw/gateway-sim';
import { describe, expect, test } from 'vitest';
import { configFromEnv, createGatewayClient, presetDefaults } from '../src/index.js';

const invoke = (query: string) => ({ server: 'postgres-mcp', tool: 'execute_query', parameters: { query }, user: 'u' });

// Nothing bounded the request: a 50 MB parameter was accepted and serialised twice.
describe('limits.maxRequestBytes', () => {
  test('defaults to 1 MiB: a 2 MB parameter is an InvalidRequestError and nothing is sent', async () => {
    await using sim = await startGatewaySim({ requireUserToken: false });
    await using client = createGatewayClient({ baseUrl: sim.url, logger: false });
    expect(presetDefaults.limits.maxRequestBytes).toBe(1024 * 1024);
    const error = await client.invokeTool(invoke('x'.repeat(2_000_000))).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as Error).message).toMatch(/maxRequestBytes=1048576/);
    expect(sim.counts.invoke).toBe(0);
    await client.invokeTool(invoke('SELECT 1'));
    expect(sim.counts.invoke).toBe(1);
  });

  test('takes a bound of its own, from the option and from MCPGW_MAX_REQUEST_BYTES', async () => {
    await using sim = await startGatewaySim({ requireUserToken: false });
    const fromEnv = configFromEnv({ MCPGW_BASE_URL: sim.url, MCPGW_MAX_REQUEST_BYTES: '200' });
    expect(fromEnv.limits).toEqual({ maxRequestBytes: 200 });
    await using client = createGatewayClient({ ...fromEnv, logger: false });
    await expect(client.invokeTool(invoke('y'.repeat(300)))).rejects.toBeInstanceOf(InvalidRequestError);
    await client.invokeTool(invoke('short'));
    expect(sim.counts.invoke).toBe(1);
  });

  test('is checked with the other options', () => {
    expect(() => createGatewayClient({ baseUrl: 'http://127.0.0.1:9', limits: { maxRequestBytes: 0 } })).toThrow(
      /limits\.maxRequestBytes/,
    );
  });
});
