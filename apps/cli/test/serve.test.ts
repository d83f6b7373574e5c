import { type ChildProcess, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { type AddressInfo, createServer } from 'node:net';
import { type GatewaySim, startGatewaySim } from '@mcpgw/gateway-sim';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { runMcpgw, spawnMcpgw } from './run-mcpgw.js';

let sim: GatewaySim;
const children: ChildProcess[] = [];

beforeAll(async () => {
  sim = await startGatewaySim({ port: 0, servers: 5 });
});
afterAll(async () => {
  await sim.close();
});
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null) child.kill('SIGKILL');
});

interface Serving {
  child: ChildProcess;
  url: string;
  stdout: () => string;
  stderr: () => string;
}

/** Starts `mcpgw serve` and waits for the line that says where it listens. */
async function startServe(args: string[]): Promise<Serving> {
  const child = spawnMcpgw(['serve', '--port', '0', ...args]);
  children.push(child);
  let out = '';
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /^mcpgw serve listening on (http:\/\/\S+)$/m.exec(out);
      if (match?.[1] !== undefined) resolve(match[1]);
    });
    child.on('exit', (code) => reject(new Error(`serve exited ${code} before listening: ${err}`)));
  });
  return { child, url, stdout: () => out, stderr: () => err };
}

async function stop(serving: Serving): Promise<number | null> {
  const exited = once(serving.child, 'exit');
  serving.child.kill('SIGTERM');
  const [code] = await exited;
  return code as number | null;
}

test('serve exposes /metrics, /healthz and /readyz, and exits 0 on SIGTERM', async () => {
  const serving = await startServe(['--base-url', sim.url]);
  const ready = await fetch(`${serving.url}/readyz`);
  expect(ready.status).toBe(200);
  const report = (await ready.json()) as { status: string; checks: Record<string, { status: string }> };
  expect(report.status).toBe('healthy');
  expect(report.checks.gateway?.status).toBe('healthy');

  const live = await fetch(`${serving.url}/healthz`);
  expect(live.status).toBe(200);
  expect(await live.json()).toMatchObject({ status: 'healthy', state: 'open' });

  const metrics = await fetch(`${serving.url}/metrics`);
  expect(metrics.status).toBe(200);
  expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await metrics.text();
  expect(text).toMatch(/^# TYPE mcpgw_\w+ (counter|gauge|histogram)$/m);

  expect((await fetch(`${serving.url}/nope`)).status).toBe(404);
  expect(await stop(serving)).toBe(0);
  expect(serving.stderr()).toContain('SIGTERM, shutting down');
});

test('/readyz answers 503 with the report when the gateway is down', async () => {
  const serving = await startServe(['--base-url', 'http://127.0.0.1:1']);
  const ready = await fetch(`${serving.url}/readyz`);
  expect(ready.status).toBe(503);
  const report = (await ready.json()) as { status: string; checks: Record<string, { status: string }> };
  expect(report.status).toBe('unhealthy');
  expect(report.checks.gateway?.status).toBe('unhealthy');
  expect((await fetch(`${serving.url}/healthz`)).status).toBe(200);
  expect(await stop(serving)).toBe(0);
});

test('serve --sim drives background traffic, so the request counters move; promtool accepts the exposition', async () => {
  const serving = await startServe(['--sim', '--traffic-rps', '20']);
  expect(serving.stdout()).toMatch(/embedded gateway simulator at http:\/\/127\.0\.0\.1:\d+, traffic 20 requests\/s/);
  let text = '';
  for (let i = 0; i < 100; i++) {
    text = await (await fetch(`${serving.url}/metrics`)).text();
    if (/operation="invokeTool"/.test(text) && /^mcpgw_requests_total\{[^}]*operation="listServers"/m.test(text)) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  expect(text).toMatch(/^mcpgw_requests_total\{[^}]*operation="listServers"[^}]*\} [1-9]/m);
  expect(text).toMatch(/operation="invokeTool"/);
  const promtool = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  if (promtool.error === undefined) {
    expect(promtool.status, promtool.stdout + promtool.stderr).toBe(0);
  }
  expect(await stop(serving)).toBe(0);
});

test('serve --traffic-rps against a real gateway only reads: it never invokes a tool', async () => {
  sim.reset();
  const serving = await startServe(['--base-url', sim.url, '--traffic-rps', '50']);
  for (let i = 0; i < 100 && (sim.counts.getServer < 1 || sim.counts.listTools < 1); i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  expect(sim.counts.listServers).toBeGreaterThan(0);
  expect(sim.counts.getServer).toBeGreaterThan(0);
  expect(await stop(serving)).toBe(0);
  expect(sim.counts.invoke).toBe(0);
});

test('a port in use is said so (exit 2), without a stack', async () => {
  const taken = createServer();
  taken.listen(0, '127.0.0.1');
  await once(taken, 'listening');
  const { port } = taken.address() as AddressInfo;
  try {
    const r = await runMcpgw(['serve', '--port', String(port), '--base-url', sim.url]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `mcpgw: MCPGW_USAGE: port in use: 127.0.0.1:${port} is taken by another process; pick another --port (0 = any free one)\n`,
    );
  } finally {
    taken.close();
  }
});

test('bad serve flags are usage errors', async () => {
  const child = spawnMcpgw(['serve', '--port', '70000', '--base-url', sim.url]);
  const [code] = await once(child, 'exit');
  expect(code).toBe(2);
});

test('serve --protocol mcp: /readyz pings the MCP endpoint, traffic is tools/list and ping, no tool runs', async () => {
  sim.reset();
  const serving = await startServe(['--protocol', 'mcp', '--base-url', sim.mcp.url, '--traffic-rps', '50']);
  const ready = await fetch(`${serving.url}/readyz`);
  expect(ready.status).toBe(200);
  const report = (await ready.json()) as { status: string; checks: Record<string, { status: string }> };
  expect(report.checks.gateway?.status).toBe('healthy');
  // Bounded wait for the background traffic to reach the endpoint.
  for (let i = 0; i < 200 && (sim.mcp.counts['tools/list'] ?? 0) === 0; i++) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(sim.mcp.counts['tools/list']).toBeGreaterThan(0);
  expect(sim.mcp.counts.ping).toBeGreaterThan(0);
  const metrics = await fetch(`${serving.url}/metrics`);
  expect(metrics.status).toBe(200);
  expect(await metrics.text()).toMatch(/^# TYPE mcpgw_\w+ (counter|gauge|histogram)$/m);
  expect(await stop(serving)).toBe(0);
  expect(sim.mcp.calls).toEqual([]);
  expect(sim.counts.total).toBe(0);
});

test('serve --sim --protocol mcp: traffic to the embedded /mcp endpoint, tools/call of echo included', async () => {
  const serving = await startServe(['--sim', '--protocol', 'mcp', '--traffic-rps', '30']);
  expect(serving.stdout()).toMatch(
    /embedded gateway simulator at http:\/\/127\.0\.0\.1:\d+\/mcp, traffic 30 requests\/s/,
  );
  // Finished operations, not the in-flight gauge, which names an operation as soon as it starts.
  const listed = /^mcpgw_requests_total\{[^}]*operation="listTools"[^}]*\} [1-9]/m;
  const invoked = /^mcpgw_requests_total\{[^}]*operation="invokeTool"[^}]*outcome="success"[^}]*\} [1-9]/m;
  let text = '';
  for (let i = 0; i < 100; i++) {
    text = await (await fetch(`${serving.url}/metrics`)).text();
    if (listed.test(text) && invoked.test(text)) break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  expect(text).toMatch(listed);
  expect(text).toMatch(invoked);
  expect(await stop(serving)).toBe(0);
});
