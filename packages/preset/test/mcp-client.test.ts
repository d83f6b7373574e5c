import { channels } from '@mcpgw/core';
import { type GatewaySim, startGatewaySim } from '@mcpgw/gateway-sim';
import { eraMemory, JsonRpcError, UnsupportedOperationError } from '@mcpgw/mcp';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { ConfigError, configFromEnv, createGatewayClient, PresetMcpClient } from '../src/index.js';

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

describe("createGatewayClient({ protocol: 'mcp' })", () => {
  for (const protocolVersion of ['2025-11-25', '2026-07-28', 'auto'] as const) {
    test(`${protocolVersion}: lists every tool, calls one, reads a resource and a prompt through the onion`, async () => {
      await using client = createGatewayClient({
        baseUrl: sim.mcp.url,
        protocol: 'mcp',
        name: `mcp-${protocolVersion}`,
        logger: false,
        mcp: { protocolVersion, clientInfo: { name: 'preset-test', version: '1.0.0' } },
      });
      expect(client).toBeInstanceOf(PresetMcpClient);
      let count = 0;
      for await (const _tool of client.tools()) count++;
      expect(count).toBeGreaterThanOrEqual(1009);
      const page = await client.listTools();
      expect(page.nextCursor).toBeTypeOf('string');
      const next = await client.listTools({ cursor: page.nextCursor! });
      expect(next.items[0]?.name).not.toBe(page.items[0]?.name);
      const result = await client.invokeTool({ tool: 'add', parameters: { a: 4, b: 5 } });
      expect(result.structuredContent).toEqual({ sum: 9 });
      expect((await client.invokeTool({ tool: 'fail' })).isError).toBe(true);
      expect((await client.readResource({ uri: 'sim://docs/readme' })).contents.length).toBe(1);
      expect((await client.getPrompt({ name: 'greeting', arguments: { name: 'Ada' } })).messages.length).toBe(1);
      expect(sim.mcp.executions('add')).toBe(1);
    });
  }

  test('operations pass the onion: request events carry the MCP operation names', async () => {
    const seen: string[] = [];
    const listener = (message: unknown) => {
      const m = message as { client: string; operation: string };
      if (m.client === 'mcp-events') seen.push(m.operation);
    };
    channels.requestStart.subscribe(listener);
    try {
      await using client = createGatewayClient({
        baseUrl: sim.mcp.url,
        protocol: 'mcp',
        name: 'mcp-events',
        logger: false,
        mcp: { protocolVersion: '2025-11-25' },
      });
      await client.invokeTool({ tool: 'echo', parameters: { message: 'hi' } });
    } finally {
      channels.requestStart.unsubscribe(listener);
    }
    expect(seen).toEqual(['initialize', 'mcpNotification', 'invokeTool', 'closeSession']);
  });

  test('a JSON-RPC error, a wrong id and a lost stream fail inside the onion: the request:end event has the error', async () => {
    const ends: Array<{ operation: string; error?: unknown }> = [];
    const listener = (message: unknown) => {
      const m = message as { client: string; operation: string; error?: unknown };
      if (m.client === 'mcp-failures') ends.push(m);
    };
    channels.requestEnd.subscribe(listener);
    try {
      await using client = createGatewayClient({
        baseUrl: sim.mcp.url,
        protocol: 'mcp',
        name: 'mcp-failures',
        logger: false,
        mcp: { protocolVersion: '2025-11-25' },
      });
      await client.ping();
      const steps = [
        { rpcError: { code: -32603, message: 'x' } },
        { fault: 'wrong-id' as const },
        { fault: 'cut-stream' as const, afterEvents: 0, eventIds: false },
      ];
      for (const step of steps) {
        sim.mcp.script('tools/call', [step]);
        await expect(client.invokeTool({ tool: 'echo', parameters: { message: 'x' } })).rejects.toThrow();
      }
    } finally {
      channels.requestEnd.unsubscribe(listener);
    }
    const codes = ends
      .filter((e) => e.operation === 'invokeTool')
      .map((e) => (e.error as { code?: string } | undefined)?.code);
    expect(codes).toEqual(['MCPGW_JSONRPC', 'MCPGW_RESPONSE_FORMAT', 'MCPGW_MCP_STREAM_LOST']);
  });

  test('a session forgotten again after a new initialize fails inside the onion as MCPGW_MCP_SESSION_LOST', async () => {
    const ends: Array<{ operation: string; error?: unknown }> = [];
    const listener = (message: unknown) => {
      const m = message as { client: string; operation: string; error?: unknown };
      if (m.client === 'mcp-session-lost') ends.push(m);
    };
    channels.requestEnd.subscribe(listener);
    try {
      await using client = createGatewayClient({
        baseUrl: sim.mcp.url,
        protocol: 'mcp',
        name: 'mcp-session-lost',
        logger: false,
        mcp: { protocolVersion: '2025-11-25' },
      });
      await client.ping();
      sim.mcp.script('tools/list', [{ fault: 'session-lost' }, { fault: 'session-lost' }]);
      await expect(client.listTools()).rejects.toMatchObject({ code: 'MCPGW_MCP_SESSION_LOST' });
    } finally {
      channels.requestEnd.unsubscribe(listener);
    }
    const codes = ends
      .filter((e) => e.operation === 'listTools')
      .map((e) => (e.error as { code?: string } | undefined)?.code);
    expect(codes).toEqual(['MCPGW_NOT_FOUND', 'MCPGW_MCP_SESSION_LOST']);
  });

  test('a tools/call answered 503 is not retried (it may have reached the server); a read is', async () => {
    await using client = createGatewayClient({
      baseUrl: sim.mcp.url,
      protocol: 'mcp',
      logger: false,
      retry: { baseDelayMs: 0 },
      mcp: { protocolVersion: '2026-07-28' },
    });
    sim.mcp.script('tools/call', [{ status: 503 }]);
    await expect(client.invokeTool({ tool: 'echo', parameters: { message: 'x' } })).rejects.toThrow();
    expect(sim.mcp.counts['tools/call']).toBe(1);
    sim.mcp.script('tools/list', [{ status: 503 }]);
    await expect(client.listTools()).resolves.toBeDefined();
    expect(sim.mcp.counts['tools/list']).toBe(2);
  });

  test('REST-only operations throw UnsupportedOperationError before sending anything', async () => {
    await using client = createGatewayClient({ baseUrl: sim.mcp.url, protocol: 'mcp', logger: false });
    expect(() => client.listServers()).toThrow(UnsupportedOperationError);
    expect(() => client.getServer()).toThrow(/MCPGW_UNSUPPORTED_OPERATION|not part of the MCP protocol/);
    expect(sim.mcp.counts.total ?? 0).toBe(0);
  });

  test('health() pings the endpoint; close() ends the session with DELETE', async () => {
    const client = createGatewayClient({
      baseUrl: sim.mcp.url,
      protocol: 'mcp',
      logger: false,
      mcp: { protocolVersion: '2025-11-25' },
    });
    const report = await client.health();
    expect(report.status).toBe('healthy');
    expect(report.checks.gateway?.status).toBe('healthy');
    await client.ping();
    expect(client.liveness().status).toBe('healthy');
    await client.close();
    expect(sim.mcp.counts.DELETE).toBe(2); // the client's session and the probe's
    expect(client.liveness().status).toBe('unhealthy');
  });

  test('JSON-RPC errors come out typed', async () => {
    await using client = createGatewayClient({ baseUrl: sim.mcp.url, protocol: 'mcp', logger: false });
    const error = await client.invokeTool({ tool: 'no_such_tool' }).catch((e) => e);
    expect(error).toBeInstanceOf(JsonRpcError);
  });

  test('bad protocol and mcp options are one ConfigError', () => {
    const error = (() => {
      try {
        createGatewayClient({
          baseUrl: sim.mcp.url,
          protocol: 'graphql' as 'mcp',
          mcp: { protocolVersion: '2024-01-01' as 'auto', handlers: { sampling: 'yes' as never } },
        });
      } catch (e) {
        return e;
      }
    })() as ConfigError;
    expect(error).toBeInstanceOf(ConfigError);
    const paths = error.issues.map((i) => i.path);
    expect(paths).toEqual(expect.arrayContaining(['protocol', 'mcp.protocolVersion', 'mcp.handlers.sampling']));
  });

  test('MCPGW_PROTOCOL and MCPGW_MCP_* variables', () => {
    const options = configFromEnv({
      MCPGW_BASE_URL: 'http://127.0.0.1:1/mcp',
      MCPGW_PROTOCOL: 'mcp',
      MCPGW_MCP_PROTOCOL_VERSION: '2025-11-25',
      MCPGW_MCP_TRUST_TOOL_ANNOTATIONS: 'false',
    });
    expect(options.protocol).toBe('mcp');
    expect(options.mcp).toEqual({ protocolVersion: '2025-11-25', trustToolAnnotations: false });
  });
});

describe('limits through the MCP client', () => {
  test('limits.maxRequestBytes refuses a tools/call too large before sending it', async () => {
    await using client = createGatewayClient({
      baseUrl: sim.mcp.url,
      protocol: 'mcp',
      logger: false,
      limits: { maxRequestBytes: 2_048 },
      mcp: { protocolVersion: '2026-07-28' },
    });
    const error = await client.invokeTool({ tool: 'echo', parameters: { message: 'x'.repeat(4_096) } }).catch((e) => e);
    expect(error.code).toBe('MCPGW_INVALID_REQUEST');
    expect(sim.mcp.counts['tools/call'] ?? 0).toBe(0);
  });
});

describe('the MCP client of the preset forwards every MCP operation to the dialect', () => {
  test('each listing, iterator and read reaches the server, and answers as McpClient does', async () => {
    await using client = createGatewayClient({ baseUrl: sim.mcp.url, protocol: 'mcp', logger: false, cache: false });
    const resources = await client.listResources();
    const templates = await client.listResourceTemplates();
    const prompts = await client.listPrompts();
    expect([resources.items.length, templates.items.length, prompts.items.length].every((n) => n > 0)).toBe(true);
    const every = async <T>(items: AsyncIterable<T>) => {
      const out: T[] = [];
      for await (const item of items) out.push(item);
      return out;
    };
    expect((await every(client.resources())).map((r) => r.uri)).toContain(resources.items[0]?.uri);
    expect((await every(client.resourceTemplates())).length).toBeGreaterThanOrEqual(templates.items.length);
    expect((await every(client.prompts())).map((p) => p.name)).toContain(prompts.items[0]?.name);
    await expect(client.ping()).resolves.toBeUndefined();
    for (const method of ['resources/list', 'resources/templates/list', 'prompts/list']) {
      expect(sim.mcp.counts[method]).toBeGreaterThanOrEqual(2);
    }
  });

  test('a bad argument is refused by the dialect before sending, through the forwarded method', async () => {
    await using client = createGatewayClient({ baseUrl: sim.mcp.url, protocol: 'mcp', logger: false });
    await expect(client.readResource({ uri: '' })).rejects.toMatchObject({ code: 'MCPGW_INVALID_REQUEST' });
    const cursor = 42 as unknown as string;
    await expect(client.listPrompts({ cursor })).rejects.toMatchObject({ code: 'MCPGW_INVALID_REQUEST' });
    expect(sim.mcp.counts.total ?? 0).toBe(0);
  });

  test("the REST client's batch helpers throw at once too, each naming itself", async () => {
    await using client = createGatewayClient({ baseUrl: sim.mcp.url, protocol: 'mcp', logger: false });
    for (const operation of ['listAllTools', 'getServers', 'invokeMany'] as const) {
      expect(() => client[operation]()).toThrow(new RegExp(`^${operation} is not part of the MCP protocol`));
    }
    expect(sim.mcp.counts.total ?? 0).toBe(0);
  });
});
