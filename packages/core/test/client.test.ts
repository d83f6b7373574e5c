import { type GatewaySim, startGatewaySim } from '@mcpgw/gateway-sim';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  ConfigError,
  channels,
  createTransport,
  GatewayClient,
  type GatewayClientOptions,
  type Handler,
  InvalidRequestError,
  NotFoundError,
  type OperationEvent,
  ResponseFormatError,
  ResponseTooLargeError,
  type Transport,
  UnauthorizedError,
} from '../src/index.js';

let sim: GatewaySim;
let transport: Transport;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

function client(options: Partial<GatewayClientOptions> = {}): GatewayClient {
  return new GatewayClient({ baseUrl: sim.url, handler: transport, apiKey: 'key-1', ...options });
}

beforeAll(async () => {
  sim = await startGatewaySim({ port: 0, servers: 25, toolsPerServer: 5, apiKey: 'key-1' });
  transport = createTransport();
  process.on('unhandledRejection', onUnhandled);
});
afterEach(() => {
  sim.reset();
  sim.setServers(25);
  sim.setPagination({ total: true, nextOffset: true });
  expect(unhandled).toEqual([]);
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  await transport.close();
  await sim.close();
});

describe('operations', () => {
  test('listServers returns one page with total and nextOffset', async () => {
    const page = await client().listServers({ offset: 0, limit: 10 });
    expect(page.items).toHaveLength(10);
    expect(page.total).toBe(25);
    expect(page.nextOffset).toBe(10);
    expect(page.items[0]!.server_name).toBe('postgres-mcp');
    const last = await client().listServers({ offset: 20, limit: 10 });
    expect(last.items).toHaveLength(5);
    expect(last.nextOffset).toBeUndefined();
    expect(sim.requests.at(-1)!.headers['x-api-key']).toBe('key-1');
  });

  test('getServer, listTools and health', async () => {
    const c = client();
    const server = await c.getServer('postgres-mcp');
    expect(server.server_name).toBe('postgres-mcp');
    expect(server.sensitivity_level).toMatch(/low|medium|high|critical/);
    const tools = await c.listTools({ server: 'postgres-mcp', limit: 100 });
    expect(tools.items.map((t) => t.tool_name)).toContain('execute_query');
    expect(tools.items.every((t) => t.server_name === 'postgres-mcp')).toBe(true);
    expect(await c.health()).toEqual({ status: 'healthy' });
  });

  test('invokeTool sends the body, the user token and the idempotency key', async () => {
    const result = await client().invokeTool({
      server: 'postgres-mcp',
      tool: 'list_tables',
      parameters: { schema: 'public' },
      user: 'user.jwt.token',
      idempotencyKey: 'key-abc',
    });
    expect(result.status).toBe('success');
    const seen = sim.requests.at(-1)!;
    expect(seen.headers.authorization).toBe('Bearer user.jwt.token');
    expect(seen.headers['idempotency-key']).toBe('key-abc');
    expect(sim.executions('postgres-mcp', 'list_tables')).toBe(1);
  });

  test('unknown names and bad credentials map to typed errors', async () => {
    await expect(client().getServer('nope')).rejects.toBeInstanceOf(NotFoundError);
    await expect(client({ apiKey: 'wrong' }).listServers()).rejects.toBeInstanceOf(UnauthorizedError);
    await expect(client().invokeTool({ server: 'postgres-mcp', tool: 'list_tables' })).rejects.toBeInstanceOf(
      UnauthorizedError,
    );
  });

  test('a base URL path prefix is kept', async () => {
    const seen: string[] = [];
    const handler: Handler = async (request) => {
      seen.push(request.path);
      return { status: 200, headers: {}, body: { status: 'healthy' }, attempts: 1, cache: undefined };
    };
    await new GatewayClient({ baseUrl: 'https://gw.example.com/mcp/', handler }).health();
    expect(seen).toEqual(['/mcp/health']);
  });

  test('publishes request start and end with the outcome', async () => {
    const ends: OperationEvent[] = [];
    const onEnd = (m: unknown) => ends.push(m as OperationEvent);
    channels.requestEnd.subscribe(onEnd);
    try {
      await client().listServers({ limit: 1 });
      await client()
        .getServer('nope')
        .catch(() => {});
    } finally {
      channels.requestEnd.unsubscribe(onEnd);
    }
    expect(ends.map((e) => e.operation)).toEqual(['listServers', 'getServer']);
    expect(ends[0]!.response?.status).toBe(200);
    expect(ends[1]!.error).toBeInstanceOf(NotFoundError);
    expect((ends[1]!.error as NotFoundError).operation).toBe('getServer');
    expect((ends[1]!.error as NotFoundError).requestId).toBe(ends[1]!.requestId);
  });
});

describe('bad input is refused before anything is sent', () => {
  test.each([
    ['listServers limit 0', (c: GatewayClient) => c.listServers({ limit: 0 })],
    ['listServers limit 1001', (c: GatewayClient) => c.listServers({ limit: 1001 })],
    ['listServers offset -1', (c: GatewayClient) => c.listServers({ offset: -1 })],
    ['listServers offset 1.5', (c: GatewayClient) => c.listServers({ offset: 1.5 })],
    ['getServer ../admin', (c: GatewayClient) => c.getServer('../admin')],
    ['getServer a/b', (c: GatewayClient) => c.getServer('a/b')],
    ['getServer x?y', (c: GatewayClient) => c.getServer('x?y')],
    ['getServer %2F', (c: GatewayClient) => c.getServer('%2F')],
    ['getServer empty', (c: GatewayClient) => c.getServer('')],
    ['getServer control', (c: GatewayClient) => c.getServer('a\u0001b')],
    ['getServer too long', (c: GatewayClient) => c.getServer('a'.repeat(257))],
    ['listTools bad server', (c: GatewayClient) => c.listTools({ server: 'a/b' })],
    ['invoke no tool', (c: GatewayClient) => c.invokeTool({ server: 'postgres-mcp', tool: '' })],
    ['invoke array params', (c: GatewayClient) => c.invokeTool({ server: 's', tool: 't', parameters: [] as never })],
    ['invoke BigInt params', (c: GatewayClient) => c.invokeTool({ server: 's', tool: 't', parameters: { n: 1n } })],
    ['invoke bad key', (c: GatewayClient) => c.invokeTool({ server: 's', tool: 't', idempotencyKey: 'a\r\nb' })],
    ['invoke bad token', (c: GatewayClient) => c.invokeTool({ server: 's', tool: 't', user: 'a\nb' })],
    ['invoke token above U+00FF', (c: GatewayClient) => c.invokeTool({ server: 's', tool: 't', user: 'tok\u20ac' })],
    ['getServer lone surrogate', (c: GatewayClient) => c.getServer('a\uD800')],
    ['invoke bad principal', (c: GatewayClient) => c.invokeTool({ server: 's', tool: 't', user: { id: '' } })],
    [
      'bad roles',
      (c: GatewayClient) => c.invokeTool({ server: 's', tool: 't', user: { id: 'u', roles: 'admin' as never } }),
    ],
    ['bad timeout', (c: GatewayClient) => c.health({ timeoutMs: -1 })],
    ['bad signal', (c: GatewayClient) => c.health({ signal: {} as AbortSignal })],
    ['bad request id', (c: GatewayClient) => c.health({ requestId: 'a\nb' })],
  ])('%s', async (_name, call) => {
    const error = await call(client()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(sim.counts.total).toBe(0);
  });

  test('configuration errors are ConfigError', () => {
    const handler: Handler = async () => ({ status: 200, headers: {}, body: {}, attempts: 1, cache: undefined });
    expect(() => new GatewayClient({ baseUrl: 'ftp://x', handler })).toThrow(ConfigError);
    expect(() => new GatewayClient({ baseUrl: 'http://x', handler: undefined as never })).toThrow(ConfigError);
    expect(() => new GatewayClient({ baseUrl: 'http://x', handler, apiKey: 'a\nb' })).toThrow(ConfigError);
    expect(() => new GatewayClient({ baseUrl: 'http://x', handler, pagination: { pageSize: 0 } })).toThrow(ConfigError);
    expect(() => new GatewayClient({ baseUrl: 'http://x', handler, pagination: { concurrency: 0 } })).toThrow(
      ConfigError,
    );
  });
});

describe('path encoding reaches the gateway as one segment', () => {
  test.each([
    ['../../admin', '/api/v1/servers/..%2F..%2Fadmin'],
    ['a?b=c', '/api/v1/servers/a%3Fb%3Dc'],
    ['..', '/api/v1/servers/%2E%2E'],
    ['x#y/z', '/api/v1/servers/x%23y%2Fz'],
  ])('lenient names: %j is sent as %s', async (name, rawUrl) => {
    await expect(client({ strictNames: false }).getServer(name)).rejects.toBeInstanceOf(NotFoundError);
    expect(sim.requests).toHaveLength(1);
    expect(sim.requests[0]!.rawUrl).toBe(rawUrl);
    expect(sim.requests[0]!.route).toBe('getServer');
  });
});

describe('bad peer output', () => {
  test('a wrong field names the item and the field', async () => {
    const page = await client().listServers({ limit: 3 });
    const broken = page.items.map((s) => ({ ...s }));
    (broken[2] as Record<string, unknown>).server_url = 42;
    sim.script('listServers', [{ status: 200, body: { servers: broken, total: 3 } }]);
    const error = await client()
      .listServers({ limit: 3 })
      .catch((e) => e);
    expect(error).toBeInstanceOf(ResponseFormatError);
    expect(error.field).toBe('servers[2].server_url');
    expect(error.message).not.toContain('42');
  });

  test('a missing servers key is a format error, not an empty list', async () => {
    sim.script('listServers', [{ status: 200, body: { total: 0 } }]);
    const error = await client()
      .listServers()
      .catch((e) => e);
    expect(error).toBeInstanceOf(ResponseFormatError);
    expect(error.field).toBe('servers');
  });

  test.each([
    [{ fault: 'wrong-schema' as const }],
    [{ fault: 'malformed-json' as const }],
    [{ status: 200, body: [1, 2] }],
    [{ status: 200, body: 'null' }],
  ])('%j → ResponseFormatError', async (step) => {
    sim.script('listServers', [step]);
    await expect(client().listServers()).rejects.toBeInstanceOf(ResponseFormatError);
  });

  test('a malformed answer fails inside the pipeline, so no layer above the transport sees a success', async () => {
    const seen: unknown[] = [];
    const outer: Handler = async (request) => {
      try {
        const response = await transport(request);
        seen.push(response.status);
        return response;
      } catch (error) {
        seen.push(error);
        throw error;
      }
    };
    sim.script('getServer', [{ fault: 'wrong-schema' }]);
    const error = await new GatewayClient({ baseUrl: sim.url, handler: outer, apiKey: 'key-1' })
      .getServer('postgres-mcp')
      .catch((e) => e);
    expect(error).toBeInstanceOf(ResponseFormatError);
    expect(error.operation).toBe('getServer');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBe(error);
  });

  test('an invoke answer that is not an object is a format error', async () => {
    sim.script('invoke', [{ status: 200, body: '[1]' }]);
    await expect(
      client().invokeTool({ server: 'postgres-mcp', tool: 'list_tables', user: 't' }),
    ).rejects.toBeInstanceOf(ResponseFormatError);
  });

  test('unknown fields are kept', async () => {
    const page = await client().listServers({ limit: 1 });
    sim.script('getServer', [{ status: 200, body: { ...page.items[0], region: 'eu-west-1' } }]);
    const server = await client().getServer('postgres-mcp');
    expect((server as Record<string, unknown>).region).toBe('eu-west-1');
  });
});

describe('pagination', () => {
  const names = async (iterable: AsyncIterable<{ server_name: string }>) => {
    const out: string[] = [];
    for await (const s of iterable) out.push(s.server_name);
    return out;
  };

  test.each([
    ['total and next_offset', { total: true, nextOffset: true }],
    ['next_offset only', { total: false, nextOffset: true }],
    ['total only', { total: true, nextOffset: false }],
    ['neither (short page ends it)', { total: false, nextOffset: false }],
  ])('every server exactly once with %s', async (_name, knobs) => {
    sim.setPagination(knobs);
    const all = await client({ pagination: { pageSize: 7 } }).listAllServers();
    expect(all).toHaveLength(25);
    expect(new Set(all.map((s) => s.server_id)).size).toBe(25);
    const single = await client({ pagination: { pageSize: 7 } }).listServers({ offset: 21, limit: 7 });
    expect(single.nextOffset).toBeUndefined();
  });

  test('an exact multiple of the page size without any hint ends on an empty page', async () => {
    sim.setPagination({ total: false, nextOffset: false });
    const all = await client().listAllServers({ pageSize: 5 });
    expect(all).toHaveLength(25);
    expect(sim.counts.listServers).toBe(6);
  });

  test('an empty gateway yields nothing after one request', async () => {
    sim.setServers(0);
    expect(await client().listAllServers()).toEqual([]);
    expect(sim.counts.listServers).toBe(1);
  });

  test('a gateway that repeats a page stops with an error, not an endless loop', async () => {
    sim.setPagination({ total: false, nextOffset: true });
    const first = await client().listServers({ limit: 5 });
    sim.reset();
    sim.script('listServers', [{ fault: 'pass' }, { status: 200, body: { servers: first.items, next_offset: 10 } }]);
    const error = await client()
      .listAllServers({ pageSize: 5 })
      .catch((e) => e);
    expect(error).toBeInstanceOf(ResponseFormatError);
    expect(error.message).toContain('same page');
    expect(sim.counts.listServers).toBe(2);
  });

  test('a next_offset that does not move forward stops with an error', async () => {
    const first = await client().listServers({ limit: 5 });
    sim.reset();
    sim.script('listServers', [{ status: 200, body: { servers: first.items, next_offset: 0 } }]);
    await expect(client().listAllServers({ pageSize: 5 })).rejects.toBeInstanceOf(ResponseFormatError);
    expect(sim.counts.listServers).toBe(1);
  });

  test('page and item caps bound a listing', async () => {
    sim.setPagination({ total: false, nextOffset: true });
    const pages = await client({ pagination: { maxPages: 3 } })
      .listAllServers({ pageSize: 5 })
      .catch((e) => e);
    expect(pages).toBeInstanceOf(ResponseTooLargeError);
    expect(pages.limit).toBe('maxPages');
    const items = await client({ pagination: { maxItems: 12 } })
      .listAllServers({ pageSize: 5 })
      .catch((e) => e);
    expect(items).toBeInstanceOf(ResponseTooLargeError);
    expect(items.limit).toBe('maxItems');
  });

  test('a page past the bounds fails inside its own operation: its end event carries the error', async () => {
    const ended: OperationEvent[] = [];
    const onEnd = (message: unknown) => ended.push(message as OperationEvent);
    channels.requestEnd.subscribe(onEnd);
    try {
      // total: 25 promises more than maxItems allows, before a second page is asked for.
      const error = await client({ pagination: { maxItems: 20 } })
        .listAllServers({ pageSize: 5 })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ResponseTooLargeError);
      expect(sim.counts.listServers).toBe(1);
      expect(ended).toHaveLength(1);
      expect(ended[0]!.operation).toBe('listServers');
      expect(ended[0]!.error).toBeInstanceOf(ResponseTooLargeError);
      expect((ended[0]!.error as ResponseTooLargeError).requestId).toBe(ended[0]!.requestId);
    } finally {
      channels.requestEnd.unsubscribe(onEnd);
    }
  });

  test('10,000 servers with total: fetched with concurrent prefetch, yielded in order', async () => {
    sim.setServers(10_000);
    sim.setLatency(2);
    let inFlight = 0;
    let maxInFlight = 0;
    const counting: Handler = async (request) => {
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      try {
        return await transport(request);
      } finally {
        inFlight--;
      }
    };
    try {
      const c = new GatewayClient({
        baseUrl: sim.url,
        handler: counting,
        apiKey: 'key-1',
        pagination: { pageSize: 100, concurrency: 6 },
      });
      const all = await c.listAllServers();
      expect(all).toHaveLength(10_000);
      expect(maxInFlight).toBeGreaterThan(1);
      expect(maxInFlight).toBeLessThanOrEqual(6);
      sim.setPagination({ total: false, nextOffset: true });
      const sequential = await c.listAllServers();
      expect(all.map((s) => s.server_id)).toEqual(sequential.map((s) => s.server_id));
      expect(sim.counts.listServers).toBe(200);
    } finally {
      sim.setLatency(0);
    }
  });

  test('a failing prefetched page fails the listing without an unhandled rejection', async () => {
    sim.script('listServers', [{ fault: 'pass' }, { status: 500 }, { status: 500 }, { status: 500 }]);
    await expect(client().listAllServers({ pageSize: 5 })).rejects.toMatchObject({ code: 'MCPGW_SERVER_ERROR' });
    await new Promise((r) => setTimeout(r, 50));
  });

  test('breaking out of the loop early stops fetching', async () => {
    sim.setPagination({ total: false, nextOffset: true });
    const seen: string[] = [];
    for await (const s of client().servers({ pageSize: 5 })) {
      seen.push(s.server_name);
      if (seen.length === 7) break;
    }
    expect(seen).toHaveLength(7);
    expect(sim.counts.listServers).toBe(2);
  });

  test('tools() walks the tools of one server', async () => {
    const tools = await client().listAllTools({ server: 'github-mcp', pageSize: 2 });
    expect(tools).toHaveLength(5);
    expect(tools.every((t) => t.server_name === 'github-mcp')).toBe(true);
    expect(await names(client().servers({ pageSize: 10 }))).toHaveLength(25);
  });
});

describe('answers shared by a cache', () => {
  test('a frozen body is parsed once; the parsed value is shared and frozen', async () => {
    const page = await client().listServers({ limit: 2 });
    const body = Object.freeze({ servers: page.items.map((s) => Object.freeze({ ...s })), total: 2 });
    let served = 0;
    const handler: Handler = async () => {
      served++;
      return { status: 200, headers: {}, body, attempts: 0, cache: 'hit' };
    };
    const shared = new GatewayClient({ baseUrl: sim.url, handler });
    const a = await shared.listServers({ limit: 2 });
    const b = await shared.listServers({ limit: 2 });
    expect(served).toBe(2);
    expect(a.items).toBe(b.items);
    expect(Object.isFrozen(a.items[0])).toBe(true);
    expect(() => {
      (a.items[0] as { server_name: string }).server_name = 'changed';
    }).toThrow(TypeError);
    expect(b.items[0]!.server_name).toBe(page.items[0]!.server_name);
  });

  test('a fresh body is parsed every time into a value of the caller', async () => {
    const a = await client().listServers({ limit: 1 });
    const b = await client().listServers({ limit: 1 });
    expect(a.items[0]).not.toBe(b.items[0]);
    expect(Object.isFrozen(a.items[0])).toBe(false);
  });
});
