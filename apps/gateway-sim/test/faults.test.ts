import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { type GatewaySim, startGatewaySim } from '../src/index.js';
import { getRequest, parseHead, postRequest, rawExchange } from './raw-client.js';

let sim: GatewaySim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const invokeBody = JSON.stringify({ server: 'postgres-mcp', tool: 'list_tables', parameters: {} });
const invokeRequest = postRequest('/api/v1/invoke', invokeBody, { Authorization: 'Bearer t' });

describe('scripted status steps', () => {
  it('answers each step in order, then behaves normally', async () => {
    sim = await startGatewaySim();
    sim.script('listServers', [
      { status: 503 },
      { status: 429, headers: { 'Retry-After': '1' } },
      { status: 502, body: 'upstream went away' },
      { status: 200, body: { servers: [], total: 0 } },
    ]);
    expect(sim.pendingSteps('listServers')).toBe(4);
    const first = await fetch(`${sim.url}/api/v1/servers`);
    expect(first.status).toBe(503);
    expect(first.headers.get('content-type')).toBe('application/json');
    expect(await first.json()).toEqual({ error: { code: 'unavailable', message: 'scripted 503' } });
    const second = await fetch(`${sim.url}/api/v1/servers`);
    expect(second.status).toBe(429);
    expect(second.headers.get('retry-after')).toBe('1');
    await second.body?.cancel();
    expect(await (await fetch(`${sim.url}/api/v1/servers`)).text()).toBe('upstream went away');
    expect(await (await fetch(`${sim.url}/api/v1/servers`)).json()).toEqual({ servers: [], total: 0 });
    const normal = (await (await fetch(`${sim.url}/api/v1/servers`)).json()) as any;
    expect(normal.servers).toHaveLength(25);
    expect(sim.counts.listServers).toBe(5);
    expect(sim.pendingSteps('listServers')).toBe(0);
  });

  it('scripts only the route named, and a new script replaces the old one', async () => {
    sim = await startGatewaySim();
    sim.script('health', [{ status: 500 }, { status: 500 }]);
    expect((await fetch(`${sim.url}/api/v1/servers`)).status).toBe(200);
    sim.script('health', [{ status: 504 }]);
    expect((await fetch(`${sim.url}/health`)).status).toBe(504);
    expect((await fetch(`${sim.url}/health`)).status).toBe(200);
  });

  it('does not run the tool for a scripted invoke answer, but logs and counts it', async () => {
    sim = await startGatewaySim();
    sim.script('invoke', [{ status: 503 }]);
    const response = await rawExchange(sim.url, invokeRequest);
    expect(parseHead(response.bytes)?.status).toBe(503);
    expect(sim.executions('postgres-mcp', 'list_tables')).toBe(0);
    expect(sim.counts.invoke).toBe(1);
    expect(sim.invocations).toMatchObject([{ tool: 'list_tables', executed: false, replayed: false }]);
  });

  it('rejects bad scripts with a clear error', async () => {
    sim = await startGatewaySim();
    expect(() => sim!.script('nope' as never, [])).toThrow(/unknown route/);
    expect(() => sim!.script('health', [{ fault: 'explode' } as never])).toThrow(/step 0/);
    expect(() => sim!.script('health', [{ status: 99 }])).toThrow(/status/);
    expect(() => sim!.script('health', [{ fault: 'slow-body' } as never])).toThrow(/chunkDelayMs/);
    expect(() => sim!.script('health', [{ status: 500, headers: { a: 1 } } as never])).toThrow(/headers/);
    expect(() => sim!.script('health', {} as never)).toThrow(/array/);
  });
});

describe('faults seen from a raw client', () => {
  it('hang: accepts and never answers, until the sim closes', async () => {
    sim = await startGatewaySim();
    sim.script('health', [{ fault: 'hang' }]);
    const pending = rawExchange(sim.url, getRequest('/health'), 20_000);
    await waitFor(() => sim!.counts.health === 1);
    const closing = sim.close();
    const exchange = await pending;
    await closing;
    expect(exchange.ending).not.toBe('timeout');
    expect(exchange.bytes.length).toBe(0);
  });

  it('hang: the client can give up and the sim stays healthy', async () => {
    sim = await startGatewaySim();
    sim.script('listServers', [{ fault: 'hang' }]);
    const exchange = await rawExchange(sim.url, getRequest('/api/v1/servers'), 300);
    expect(exchange.ending).toBe('timeout');
    expect(exchange.bytes.length).toBe(0);
    expect((await fetch(`${sim.url}/api/v1/servers`)).status).toBe(200);
  });

  it('reset: the connection dies before any response byte', async () => {
    sim = await startGatewaySim();
    sim.script('getServer', [{ fault: 'reset' }]);
    const exchange = await rawExchange(sim.url, getRequest('/api/v1/servers/postgres-mcp'));
    expect(exchange.bytes.length).toBe(0);
    expect(exchange.ending).not.toBe('timeout');
    expect(sim.counts.getServer).toBe(1);
  });

  it('reset-mid-body: 200 headers and part of the body, then the socket dies', async () => {
    sim = await startGatewaySim();
    sim.script('listServers', [{ fault: 'reset-mid-body' }]);
    const exchange = await rawExchange(sim.url, getRequest('/api/v1/servers'));
    const head = parseHead(exchange.bytes)!;
    expect(head.status).toBe(200);
    expect(head.body.length).toBeGreaterThan(0);
    expect(head.body.length).toBeLessThan(Number(head.headers['content-length']));
    expect(exchange.ending).not.toBe('timeout');
  });

  it('reset-mid-body on invoke does not run the tool', async () => {
    sim = await startGatewaySim();
    sim.script('invoke', [{ fault: 'reset-mid-body' }, { fault: 'truncated' }, { fault: 'reset' }, { fault: 'hang' }]);
    await rawExchange(sim.url, invokeRequest);
    await rawExchange(sim.url, invokeRequest);
    await rawExchange(sim.url, invokeRequest);
    await rawExchange(sim.url, invokeRequest, 200);
    expect(sim.executions('postgres-mcp', 'list_tables')).toBe(0);
    expect(sim.invocations).toHaveLength(4);
    expect(sim.invocations.every((i) => !i.executed)).toBe(true);
  });

  it('truncated: Content-Length promises more than is sent, then the socket ends', async () => {
    sim = await startGatewaySim();
    sim.script('getServer', [{ fault: 'truncated' }]);
    const exchange = await rawExchange(sim.url, getRequest('/api/v1/servers/github-mcp'));
    const head = parseHead(exchange.bytes)!;
    expect(head.status).toBe(200);
    expect(Number(head.headers['content-length'])).toBeGreaterThan(head.body.length);
    expect(JSON.parse(head.body.toString()).server_name).toBe('github-mcp');
    expect(exchange.ending).toBe('close');
  });

  it('slow-headers: waits, then answers normally (an invoke runs)', async () => {
    sim = await startGatewaySim();
    sim.script('invoke', [{ fault: 'slow-headers', delayMs: 50 }]);
    const exchange = await rawExchange(sim.url, invokeRequest);
    const head = parseHead(exchange.bytes)!;
    expect(head.status).toBe(200);
    expect(JSON.parse(head.body.toString()).result.tool).toBe('list_tables');
    expect(sim.executions('postgres-mcp', 'list_tables')).toBe(1);
  });

  it('slow-body: the normal body arrives in several small chunks', async () => {
    sim = await startGatewaySim();
    sim.script('health', [{ fault: 'slow-body', chunkDelayMs: 5, chunkBytes: 4 }]);
    const chunks: Buffer[] = [];
    const status = await new Promise<number>((resolve, reject) => {
      request(`${sim!.url}/health`, (res) => {
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve(res.statusCode!));
      })
        .on('error', reject)
        .end();
    });
    expect(status).toBe(200);
    expect(Buffer.concat(chunks).toString()).toBe('{"status":"healthy"}');
    expect(chunks.length).toBeGreaterThanOrEqual(3);
  });

  it('malformed-json: 200 JSON content type with a body that does not parse', async () => {
    sim = await startGatewaySim();
    sim.script('listTools', [{ fault: 'malformed-json' }]);
    const response = await fetch(`${sim.url}/api/v1/tools`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json');
    const text = await response.text();
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
  });

  it('wrong-schema: valid JSON of the wrong shape on every route', async () => {
    sim = await startGatewaySim();
    for (const route of ['listServers', 'getServer', 'listTools', 'invoke', 'health'] as const) {
      sim.script(route, [{ fault: 'wrong-schema' }]);
    }
    const servers = (await (await fetch(`${sim.url}/api/v1/servers`)).json()) as any;
    expect(servers.servers[0].server_id).toBeUndefined();
    expect(typeof servers.servers[0].server_name).toBe('number');
    const server = (await (await fetch(`${sim.url}/api/v1/servers/postgres-mcp`)).json()) as any;
    expect(server.server_name).toBeUndefined();
    const tools = (await (await fetch(`${sim.url}/api/v1/tools`)).json()) as any;
    expect(tools.tools[0].tool_name).toBeUndefined();
    const invoked = parseHead((await rawExchange(sim.url, invokeRequest)).bytes)!;
    expect(Array.isArray(JSON.parse(invoked.body.toString()))).toBe(true);
    expect(sim.executions('postgres-mcp', 'list_tables')).toBe(0);
    expect(await (await fetch(`${sim.url}/health`)).json()).toEqual(['healthy']);
  });

  it('huge-body: streams valid JSON of exactly the asked size', async () => {
    sim = await startGatewaySim();
    const bytes = 5 * 1024 * 1024 + 3;
    sim.script('listServers', [
      { fault: 'huge-body', bytes },
      { fault: 'huge-body', bytes: 1000, chunked: true },
    ]);
    const response = await fetch(`${sim.url}/api/v1/servers`);
    expect(response.headers.get('content-length')).toBe(String(bytes));
    const text = await response.text();
    expect(Buffer.byteLength(text)).toBe(bytes);
    expect(JSON.parse(text).servers).toEqual([]);
    const chunked = await fetch(`${sim.url}/api/v1/servers`);
    expect(chunked.headers.get('content-length')).toBeNull();
    expect((await chunked.text()).length).toBe(1000);
  });

  it('huge-body: stops streaming when the client goes away', async () => {
    sim = await startGatewaySim();
    sim.script('listServers', [{ fault: 'huge-body', bytes: 512 * 1024 * 1024 }]);
    const exchange = await rawExchange(sim.url, getRequest('/api/v1/servers'), 300);
    expect(parseHead(exchange.bytes)?.status).toBe(200);
    expect((await fetch(`${sim.url}/health`)).status).toBe(200);
  });

  it('pass: normal behaviour, optionally delayed', async () => {
    sim = await startGatewaySim();
    sim.script('invoke', [{ fault: 'pass' }, { fault: 'pass', delayMs: 20 }]);
    expect(parseHead((await rawExchange(sim.url, invokeRequest)).bytes)?.status).toBe(200);
    expect(parseHead((await rawExchange(sim.url, invokeRequest)).bytes)?.status).toBe(200);
    expect(sim.executions('postgres-mcp', 'list_tables')).toBe(2);
  });
});

describe('latency', () => {
  it('delays answers by a fixed amount or a seeded range, changeable at run time', async () => {
    sim = await startGatewaySim({ latencyMs: 30 });
    const started = Date.now();
    expect((await fetch(`${sim.url}/health`)).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    sim.setLatency({ min: 1, max: 3 });
    expect((await fetch(`${sim.url}/health`)).status).toBe(200);
    sim.setLatency(0);
    expect(() => sim!.setLatency(-1)).toThrow(RangeError);
  });

  it('close ends requests still waiting out their latency', async () => {
    sim = await startGatewaySim({ latencyMs: 60_000 });
    const pending = rawExchange(sim.url, getRequest('/health'), 20_000);
    await waitFor(() => sim!.counts.health === 1);
    await sim.close();
    expect((await pending).ending).not.toBe('timeout');
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!condition()) throw new Error('condition not met');
}
