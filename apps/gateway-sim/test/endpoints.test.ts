import { afterEach, describe, expect, it } from 'vitest';
import { type GatewaySim, type ServerInfo, startGatewaySim, type ToolInfo } from '../src/index.js';

let sim: GatewaySim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function get(path: string, headers: Record<string, string> = {}) {
  const response = await fetch(`${sim!.url}${path}`, { headers });
  return { status: response.status, headers: response.headers, body: (await response.json()) as any };
}

describe('E1 GET /api/v1/servers', () => {
  it('pages through every server in a stable order with total and next_offset', async () => {
    sim = await startGatewaySim({ servers: 25 });
    const first = await get('/api/v1/servers?limit=10');
    expect(first.status).toBe(200);
    expect(first.headers.get('content-type')).toBe('application/json');
    expect(first.body.total).toBe(25);
    expect(first.body.next_offset).toBe(10);
    expect(first.body.servers.map((s: ServerInfo) => s.server_name).slice(0, 3)).toEqual([
      'postgres-mcp',
      'github-mcp',
      'server-0003',
    ]);
    const last = await get('/api/v1/servers?offset=20&limit=10');
    expect(last.body.servers).toHaveLength(5);
    expect(last.body.next_offset).toBeNull();
    expect(last.body.servers.at(-1).server_name).toBe('server-0025');
    const beyond = await get('/api/v1/servers?offset=100');
    expect(beyond.body).toEqual({ servers: [], total: 25, next_offset: null });
  });

  it('defaults to offset 0 and limit 100', async () => {
    sim = await startGatewaySim({ servers: 150 });
    const page = await get('/api/v1/servers');
    expect(page.body.servers).toHaveLength(100);
    expect(page.body.next_offset).toBe(100);
  });

  it('serves every field of ServerInfo with a mix of sensitivity levels', async () => {
    sim = await startGatewaySim({ servers: 200 });
    const { body } = await get('/api/v1/servers?limit=200');
    const levels = new Set<string>();
    for (const server of body.servers as ServerInfo[]) {
      expect(Object.keys(server).sort()).toEqual(
        [
          'access_restrictions',
          'authorized_teams',
          'created_at',
          'health_status',
          'server_id',
          'server_name',
          'server_url',
          'sensitivity_level',
          'tools_count',
          'updated_at',
        ].sort(),
      );
      expect(server.server_url).toMatch(/^http:\/\//);
      expect(server.tools_count).toBe(5);
      levels.add(server.sensitivity_level);
    }
    expect([...levels].sort()).toEqual(['critical', 'high', 'low', 'medium']);
    expect(new Set(body.servers.map((s: ServerInfo) => s.server_id)).size).toBe(200);
  });

  it('omits total and next_offset when the knobs say so, and follows setPagination', async () => {
    sim = await startGatewaySim({ servers: 5, pagination: { total: false } });
    expect(Object.keys((await get('/api/v1/servers?limit=2')).body).sort()).toEqual(['next_offset', 'servers']);
    sim.setPagination({ nextOffset: false });
    expect(Object.keys((await get('/api/v1/servers?limit=2')).body)).toEqual(['servers']);
    sim.setPagination({ total: true });
    expect((await get('/api/v1/servers?limit=2')).body).toMatchObject({ total: 5 });
    expect((await get('/api/v1/tools?limit=2')).body.next_offset).toBeUndefined();
  });

  it.each(['offset=-1', 'offset=abc', 'offset=1.5', 'offset=', 'limit=0', 'limit=1001', 'limit=x'])(
    'rejects %s with 400 {detail}',
    async (query) => {
      sim = await startGatewaySim();
      const response = await get(`/api/v1/servers?${query}`);
      expect(response.status).toBe(400);
      expect(typeof response.body.detail).toBe('string');
      expect((await get(`/api/v1/tools?${query}`)).status).toBe(400);
    },
  );

  it('accepts limit 1000', async () => {
    sim = await startGatewaySim({ servers: 1200 });
    expect((await get('/api/v1/servers?limit=1000')).body.servers).toHaveLength(1000);
  });

  it('can become an empty gateway and grow again', async () => {
    sim = await startGatewaySim();
    sim.setServers(0);
    expect((await get('/api/v1/servers')).body).toEqual({ servers: [], total: 0, next_offset: null });
    expect((await get('/api/v1/servers/postgres-mcp')).status).toBe(404);
    sim.setServers(3);
    expect((await get('/api/v1/servers')).body.servers).toHaveLength(3);
    expect(() => sim!.setServers(-1)).toThrow(RangeError);
  });
});

describe('E2 GET /api/v1/servers/{name}', () => {
  it('returns one unwrapped ServerInfo equal to its list entry', async () => {
    sim = await startGatewaySim();
    const listed = (await get('/api/v1/servers?limit=5')).body.servers as ServerInfo[];
    for (const server of listed) {
      const one = await get(`/api/v1/servers/${encodeURIComponent(server.server_name)}`);
      expect(one.status).toBe(200);
      expect(one.body).toEqual(server);
    }
  });

  it('looks a percent-encoded name up as one segment', async () => {
    sim = await startGatewaySim();
    const traversal = await get('/api/v1/servers/..%2Fadmin');
    expect(traversal.status).toBe(404);
    expect(traversal.body.error).toEqual({ code: 'not_found', message: 'server not found: ../admin' });
    expect((await get('/api/v1/servers/a%2Fb%3Fx%3D1')).body.error.message).toBe('server not found: a/b?x=1');
    expect((await get('/api/v1/servers/postgres%2Dmcp')).status).toBe(200);
    expect((await get('/api/v1/servers/%E0%A4%A')).status).toBe(400);
    expect((await get('/api/v1/servers/')).status).toBe(404);
  });

  it('404s names that are out of range or padded differently', async () => {
    sim = await startGatewaySim({ servers: 25 });
    expect((await get('/api/v1/servers/server-0025')).status).toBe(200);
    for (const name of ['server-0026', 'server-25', 'server-0001', 'server-0000', 'nope']) {
      expect((await get(`/api/v1/servers/${name}`)).status).toBe(404);
    }
  });
});

describe('E3 GET /api/v1/tools', () => {
  it('lists the tools of one server, with the well-known demo tools first', async () => {
    sim = await startGatewaySim();
    const { body } = await get('/api/v1/tools?server=postgres-mcp');
    expect(body.total).toBe(5);
    expect(body.next_offset).toBeNull();
    const [executeQuery, listTables] = body.tools as ToolInfo[];
    expect(executeQuery).toMatchObject({
      tool_name: 'execute_query',
      server_name: 'postgres-mcp',
      sensitivity_level: 'high',
      sensitive_params: ['password'],
    });
    expect(executeQuery!.parameters.map((p) => p.name)).toContain('password');
    expect(listTables!.tool_name).toBe('list_tables');
    expect(new Set(body.tools.map((t: ToolInfo) => t.tool_name)).size).toBe(5);
  });

  it('lists every tool across servers in server order', async () => {
    sim = await startGatewaySim({ servers: 4, toolsPerServer: 3 });
    const { body } = await get('/api/v1/tools?offset=2&limit=4');
    expect(body.total).toBe(12);
    expect(body.next_offset).toBe(6);
    expect(body.tools.map((t: ToolInfo) => t.server_name)).toEqual([
      'postgres-mcp',
      'github-mcp',
      'github-mcp',
      'github-mcp',
    ]);
  });

  it('has some generated tools with sensitive parameters', async () => {
    sim = await startGatewaySim({ servers: 50 });
    const { body } = await get('/api/v1/tools?limit=250');
    const sensitive = (body.tools as ToolInfo[]).filter((t) => t.sensitive_params.length > 0);
    expect(sensitive.length).toBeGreaterThan(5);
    for (const tool of sensitive) {
      for (const name of tool.sensitive_params) expect(tool.parameters.map((p) => p.name)).toContain(name);
    }
  });

  it('404s an unknown server', async () => {
    sim = await startGatewaySim();
    const response = await get('/api/v1/tools?server=ghost');
    expect(response.status).toBe(404);
    expect(response.body.error.code).toBe('not_found');
  });
});

describe('E5, unknown paths, methods, headers', () => {
  it('answers health', async () => {
    sim = await startGatewaySim();
    expect(await get('/health')).toMatchObject({ status: 200, body: { status: 'healthy' } });
  });

  it('404s any other path and 405s a wrong method, always as JSON', async () => {
    sim = await startGatewaySim();
    for (const path of ['/', '/api/v1', '/api/v1/servers/', '/api/v1/servers/a/b', '/healthz', '/api/v1/servers/']) {
      const response = await get(path);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toBe('application/json');
    }
    const wrong = await fetch(`${sim.url}/api/v1/invoke`);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('POST');
    expect(((await wrong.json()) as any).error.code).toBe('method_not_allowed');
  });

  it('echoes x-request-id', async () => {
    sim = await startGatewaySim();
    const response = await get('/api/v1/servers/ghost', { 'x-request-id': 'req-42' });
    expect(response.headers.get('x-request-id')).toBe('req-42');
  });

  it('requires X-API-Key on every gateway route when configured', async () => {
    sim = await startGatewaySim({ apiKey: 'k' });
    for (const path of ['/health', '/api/v1/servers', '/api/v1/tools', '/api/v1/servers/postgres-mcp', '/nope']) {
      const response = await get(path);
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('unauthorized');
      expect((await get(path, { 'x-api-key': 'wrong' })).status).toBe(401);
    }
    expect((await get('/health', { 'x-api-key': 'k' })).status).toBe(200);
  });
});

describe('seeded data', () => {
  it('is identical for the same seed and differs for another', async () => {
    const a = await startGatewaySim({ seed: 7 });
    const b = await startGatewaySim({ seed: 7 });
    const c = await startGatewaySim({ seed: 8 });
    try {
      const read = async (s: GatewaySim) => (await fetch(`${s.url}/api/v1/tools?limit=1000`)).text();
      expect(await read(a)).toBe(await read(b));
      expect(await read(a)).not.toBe(await read(c));
    } finally {
      await Promise.all([a.close(), b.close(), c.close()]);
    }
  });

  it('does not depend on the order in which items are first read', async () => {
    const a = await startGatewaySim({ servers: 300 });
    const b = await startGatewaySim({ servers: 300 });
    try {
      await fetch(`${a.url}/api/v1/servers?offset=200&limit=50`).then((r) => r.text());
      const fromA = await (await fetch(`${a.url}/api/v1/servers?limit=300`)).text();
      const fromB = await (await fetch(`${b.url}/api/v1/servers?limit=300`)).text();
      expect(fromA).toBe(fromB);
    } finally {
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('handles 10 000 servers x 20 tools, reading the far end directly', async () => {
    sim = await startGatewaySim({ servers: 10_000, toolsPerServer: 20 });
    const servers = await get('/api/v1/servers?offset=9000&limit=1000');
    expect(servers.body.servers).toHaveLength(1000);
    expect(servers.body.servers.at(-1).server_name).toBe('server-10000');
    expect(servers.body.next_offset).toBeNull();
    const tools = await get('/api/v1/tools?offset=199990&limit=1000');
    expect(tools.body.total).toBe(200_000);
    expect(tools.body.tools).toHaveLength(10);
    expect((await get('/api/v1/servers/server-05000')).body.tools_count).toBe(20);
    expect((await get('/api/v1/tools?server=server-05000')).body.tools).toHaveLength(20);
  });
});

describe('options', () => {
  it('rejects bad options before listening', async () => {
    await expect(startGatewaySim({ servers: -1 })).rejects.toThrow(RangeError);
    await expect(startGatewaySim({ latencyMs: { min: 5, max: 1 } })).rejects.toThrow(/max/);
    await expect(startGatewaySim({ latencyMs: 'x' as never })).rejects.toThrow(TypeError);
    await expect(startGatewaySim({ apiKey: '' })).rejects.toThrow(TypeError);
  });

  it('rejects a port that is taken', async () => {
    sim = await startGatewaySim();
    await expect(startGatewaySim({ port: sim.port })).rejects.toThrow(/EADDRINUSE/);
  });
});
