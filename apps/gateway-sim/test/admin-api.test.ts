import { afterEach, describe, expect, it } from 'vitest';
import { type GatewaySim, startGatewaySim } from '../src/index.js';

let sim: GatewaySim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function admin(method: 'GET' | 'POST', action: string, body?: unknown) {
  const response = await fetch(`${sim!.url}/__admin/${action}`, {
    method,
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as any };
}

describe('admin API', () => {
  it('scripts a route from another process', async () => {
    sim = await startGatewaySim();
    expect(await admin('POST', 'script', { route: 'health', steps: [{ status: 503 }] })).toEqual({
      status: 200,
      body: { ok: true },
    });
    expect((await fetch(`${sim.url}/health`)).status).toBe(503);
    expect((await fetch(`${sim.url}/health`)).status).toBe(200);
  });

  it('sets latency, pagination and the number of servers', async () => {
    sim = await startGatewaySim();
    expect((await admin('POST', 'latency', { latencyMs: { min: 0, max: 2 } })).status).toBe(200);
    expect((await admin('POST', 'pagination', { total: false, nextOffset: false })).status).toBe(200);
    expect((await admin('POST', 'servers', { count: 3 })).status).toBe(200);
    const page = (await (await fetch(`${sim.url}/api/v1/servers`)).json()) as any;
    expect(Object.keys(page)).toEqual(['servers']);
    expect(page.servers).toHaveLength(3);
  });

  it('reads counts, requests, invocations and executions, and is not counted itself', async () => {
    sim = await startGatewaySim({ requireUserToken: false });
    await fetch(`${sim.url}/health`);
    await fetch(`${sim.url}/api/v1/invoke`, {
      method: 'POST',
      body: JSON.stringify({ server: 'github-mcp', tool: 'create_issue', parameters: { repo: 'a/b' } }),
    });
    const counts = await admin('GET', 'counts');
    expect(counts.body).toEqual({ listServers: 0, getServer: 0, listTools: 0, invoke: 1, health: 1, total: 2 });
    const requests = await admin('GET', 'requests');
    expect(requests.body.map((r: any) => r.rawUrl)).toEqual(['/health', '/api/v1/invoke']);
    const invocations = await admin('GET', 'invocations');
    expect(invocations.body).toMatchObject([{ server: 'github-mcp', tool: 'create_issue', executed: true }]);
    const executions = await admin('GET', 'executions?server=github-mcp&tool=create_issue');
    expect(executions.body).toEqual({ executions: 1 });
    expect(sim.counts.total).toBe(2);
  });

  it('resets', async () => {
    sim = await startGatewaySim();
    sim.script('health', [{ status: 500 }, { status: 500 }]);
    await fetch(`${sim.url}/health`);
    expect((await admin('POST', 'reset')).status).toBe(200);
    expect(sim.counts.total).toBe(0);
    expect(sim.requests).toEqual([]);
    expect((await fetch(`${sim.url}/health`)).status).toBe(200);
  });

  it('answers bad admin calls with 400, 404 and 405', async () => {
    sim = await startGatewaySim();
    expect((await admin('POST', 'script', { route: 'nope', steps: [] })).status).toBe(400);
    expect((await admin('POST', 'script', { route: 'health', steps: [{ fault: 'boom' }] })).body.error.message).toMatch(
      /step 0/,
    );
    expect((await admin('POST', 'latency', { latencyMs: -5 })).status).toBe(400);
    expect((await admin('POST', 'pagination', { total: 'yes' })).status).toBe(400);
    expect((await admin('POST', 'servers', { count: 1.5 })).status).toBe(400);
    expect((await admin('POST', 'servers', '{not json')).status).toBe(400);
    expect((await admin('POST', 'servers', '[1]')).status).toBe(400);
    expect((await admin('GET', 'nothing')).status).toBe(404);
    expect((await admin('GET', 'script')).status).toBe(405);
    expect((await admin('POST', 'counts')).status).toBe(405);
    expect(sim.counts.total).toBe(0);
  });

  it('does not need the API key', async () => {
    sim = await startGatewaySim({ apiKey: 'k' });
    expect((await admin('GET', 'counts')).status).toBe(200);
  });
});
