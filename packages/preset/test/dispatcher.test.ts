import { ConfigError } from '@mcpgw/core';
import { startGatewaySim } from '@mcpgw/gateway-sim';
import { Agent, type Dispatcher } from 'undici';
import { describe, expect, test } from 'vitest';
import { createGatewayClient } from '../src/index.js';

describe('dispatcher option', () => {
  test("every request of the client goes through the user's dispatcher, which stays open after close()", async () => {
    await using sim = await startGatewaySim({ port: 0 });
    const seen: string[] = [];
    const agent = new Agent();
    const recording = agent.compose((dispatch: Dispatcher['dispatch']) => (options, handler) => {
      seen.push(`${options.method} ${options.origin}${options.path}`);
      return dispatch(options, handler);
    });
    const client = createGatewayClient({ baseUrl: sim.url, name: 'dispatcher', logger: false, dispatcher: recording });
    expect((await client.listServers({ limit: 2 })).items).toHaveLength(2);
    await client.getServer('postgres-mcp');
    expect(seen).toEqual([
      `GET ${sim.url}/api/v1/servers?offset=0&limit=2`,
      `GET ${sim.url}/api/v1/servers/postgres-mcp`,
    ]);
    expect(client.stats().pool).toEqual([]);
    await client.close();
    expect(agent.closed).toBe(false);
    await agent.close();
  });

  test('something that is not a dispatcher is a ConfigError naming the option', () => {
    expect(() =>
      createGatewayClient({ baseUrl: 'http://127.0.0.1:9', dispatcher: {} as unknown as Dispatcher }),
    ).toThrow(ConfigError);
    try {
      createGatewayClient({ baseUrl: 'http://127.0.0.1:9', dispatcher: {} as unknown as Dispatcher });
    } catch (error) {
      expect((error as ConfigError).issues.map((issue) => issue.path)).toEqual(['dispatcher']);
    }
  });
});
