import { afterEach, describe, expect, it } from 'vitest';
import { type GatewaySim, startGatewaySim } from '../src/index.js';
import { getRequest, postRequest, rawExchange } from './raw-client.js';

let sim: GatewaySim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('counts and the request log', () => {
  it('counts every request that reached the gateway by route, unknown paths in total only', async () => {
    sim = await startGatewaySim({ apiKey: 'k' });
    await fetch(`${sim.url}/api/v1/servers`);
    await fetch(`${sim.url}/api/v1/servers/x`);
    await fetch(`${sim.url}/api/v1/tools`);
    await fetch(`${sim.url}/nope`);
    await fetch(`${sim.url}/health`, { headers: { 'x-api-key': 'k' } });
    expect(sim.counts).toEqual({ listServers: 1, getServer: 1, listTools: 1, invoke: 0, health: 1, total: 5 });
  });

  it('records the raw URL exactly as on the request line, headers and body', async () => {
    sim = await startGatewaySim();
    await rawExchange(sim.url, getRequest('/api/v1/servers/..%2Fadmin?x=%20y', { 'X-Api-Key': 'secret' }));
    const body = '{"server":"postgres-mcp","tool":"list_tables","parameters":{}}';
    await rawExchange(sim.url, postRequest('/api/v1/invoke', body, { Authorization: 'Bearer t' }));
    const [get, post] = sim.requests;
    expect(get).toMatchObject({ route: 'getServer', method: 'GET', rawUrl: '/api/v1/servers/..%2Fadmin?x=%20y' });
    expect(get!.headers['x-api-key']).toBe('secret');
    expect(get!.body).toBeUndefined();
    expect(typeof get!.at).toBe('number');
    expect(post).toMatchObject({ route: 'invoke', method: 'POST', body });
    expect(post!.headers.authorization).toBe('Bearer t');
  });

  it('keeps only the newest entries', async () => {
    sim = await startGatewaySim({ maxRequestLog: 3 });
    for (let i = 0; i < 5; i++) await fetch(`${sim.url}/health?i=${i}`);
    expect(sim.requests.map((r) => r.rawUrl)).toEqual(['/health?i=2', '/health?i=3', '/health?i=4']);
    expect(sim.counts.health).toBe(5);
  });

  it('answers 413 to a body over the limit, and still logs the request', async () => {
    sim = await startGatewaySim({ maxRequestBodyBytes: 10 });
    const response = await fetch(`${sim.url}/api/v1/invoke`, { method: 'POST', body: 'x'.repeat(100) });
    expect(response.status).toBe(413);
    expect(sim.counts.invoke).toBe(1);
  });

  it('reset clears scripts, counters and logs but keeps data and knobs', async () => {
    sim = await startGatewaySim({ servers: 3, pagination: { total: false } });
    sim.script('listServers', [{ status: 500 }]);
    await fetch(`${sim.url}/health`);
    sim.reset();
    expect(sim.counts.total).toBe(0);
    expect(sim.requests).toEqual([]);
    expect(sim.invocations).toEqual([]);
    const page = (await (await fetch(`${sim.url}/api/v1/servers`)).json()) as any;
    expect(page.servers).toHaveLength(3);
    expect(page.total).toBeUndefined();
  });
});

describe('close', () => {
  it('resolves with a hanging request open and destroys its socket', async () => {
    sim = await startGatewaySim();
    sim.script('invoke', [{ fault: 'hang' }]);
    const body = '{"server":"postgres-mcp","tool":"list_tables","parameters":{}}';
    const hanging = rawExchange(sim.url, postRequest('/api/v1/invoke', body, { Authorization: 'Bearer t' }), 20_000);
    const idle = fetch(`${sim.url}/health`); // leaves a keep-alive socket open
    await idle;
    for (let i = 0; i < 500 && sim.counts.invoke === 0; i++) await new Promise((r) => setTimeout(r, 10));
    await sim.close();
    expect((await hanging).ending).not.toBe('timeout');
    await sim.close(); // idempotent
    await expect(fetch(`${sim.url}/health`)).rejects.toThrow();
  });

  it('supports await using', async () => {
    let url: string;
    {
      await using s = await startGatewaySim();
      url = s.url;
      expect((await fetch(`${url}/health`)).status).toBe(200);
    }
    await expect(fetch(`${url}/health`)).rejects.toThrow();
  });
});
