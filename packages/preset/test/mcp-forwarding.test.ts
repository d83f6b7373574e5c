import { type GatewaySim, startGatewaySim } from '@mcpgw/gateway-sim';
import { eraMemory, UnsupportedOperationError } from '@mcpgw/mcp';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { createGatewayClient } from '../src/index.js';

let sim: GatewaySim;
beforeAll(async () => {
  sim = await startGatewaySim({ port: 0 });
});
afterEach(() => {
  sim.reset();
  eraMemory.clear();
});
afterAll(async () => {
  await sim.close();
});

describe('the MCP client of the preset forwards every MCP operation to the dialect', () => {
  test('each listing, iterator and read reaches the server once per page, and answers as McpClient does', async () => {
    await using client = createGatewayClient({ baseUrl: sim.mcp.url, protocol: 'mcp', logger: false, cache: false });
    const resources = await client.listResources();
    const templates = await client.listResourceTemplates();
    const prompts = await client.listPrompts();
    expect(resources.items.length).toBeGreaterThan(0);
    expect(templates.items.length).toBeGreaterThan(0);
    expect(prompts.items.length).toBeGreaterThan(0);
    const every = async <T>(items: AsyncIterable<T>) => {
      const out: T[] = [];
      for await (const item of items) out.push(item);
      return out;
    };
    expect((await every(client.resources())).map((r) => r.uri)).toContain(resources.items[0]?.uri);
    expect((await every(client.resourceTemplates())).length).toBeGreaterThanOrEqual(templates.items.length);
    expect((await every(client.prompts())).map((p) => p.name)).toContain(prompts.items[0]?.name);
    await expect(client.ping()).resolves.toBeUndefined();
    expect(sim.mcp.counts['resources/list']).toBeGreaterThanOrEqual(2);
    expect(sim.mcp.counts['resources/templates/list']).toBeGreaterThanOrEqual(2);
    expect(sim.mcp.counts['prompts/list']).toBeGreaterThanOrEqual(2);
  });

  test('a bad argument is refused by the dialect before sending, through the forwarded method', async () => {
    await using client = createGatewayClient({ baseUrl: sim.mcp.url, protocol: 'mcp', logger: false });
    await expect(client.readResource({ uri: '' })).rejects.toMatchObject({ code: 'MCPGW_INVALID_REQUEST' });
    await expect(client.listPrompts({ cursor: 42 as unknown as string })).rejects.toMatchObject({
      code: 'MCPGW_INVALID_REQUEST',
    });
    expect(sim.mcp.counts.total ?? 0).toBe(0);
  });

  test('every REST-only operation, the batch helpers among them, throws at once and names itself', () => {
    const client = createGatewayClient({ baseUrl: sim.mcp.url, protocol: 'mcp', logger: false });
    const restOnly = [
      'listServers',
      'servers',
      'listAllServers',
      'getServer',
      'listAllTools',
      'getServers',
      'invokeMany',
    ];
    for (const operation of restOnly) {
      const call = (client as unknown as Record<string, () => unknown>)[operation];
      expect(() => call?.call(client)).toThrow(UnsupportedOperationError);
      expect(() => call?.call(client)).toThrow(new RegExp(`^${operation} is not part of the MCP protocol`));
    }
    expect(sim.mcp.counts.total ?? 0).toBe(0);
    return client.close();
  });
});
