import { once } from 'node:events';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type GatewaySim, startGatewaySim } from '@mcpgw/gateway-sim';
import type { CliClient, CliMcpClient } from '../cli-client.js';
import type { Command, CommandContext } from '../command.js';
import { integerFlag, stringFlag } from '../numeric-flag.js';
import { UsageError } from '../usage-error.js';
import { startMcpTraffic, startTraffic } from './serve-traffic.js';

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(`${JSON.stringify(body)}\n`);
}

async function answer(client: CliClient | CliMcpClient, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? '/', 'http://localhost').pathname;
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    sendJson(res, 405, { error: 'only GET' });
    return;
  }
  if (path === '/metrics') {
    const registry = client.metrics?.registry;
    if (registry === undefined) {
      sendJson(res, 404, { error: 'metrics are off' });
      return;
    }
    const text = await registry.metrics();
    res.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
    res.end(text);
  } else if (path === '/healthz') {
    sendJson(res, 200, client.liveness() ?? { status: 'alive' });
  } else if (path === '/readyz') {
    const report = await client.health();
    sendJson(res, report.status === 'unhealthy' ? 503 : 200, report);
  } else {
    sendJson(res, 404, { error: 'not found; try /metrics, /healthz or /readyz' });
  }
}

// The listeners stay for the whole process: a second signal (a terminal's Ctrl-C reaches both the launcher and
// the CLI) must not kill a shutdown that is already draining.
async function waitForSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (signal: string) => resolve(signal);
    process.on('SIGTERM', on);
    process.on('SIGINT', on);
  });
}

async function serveUntilSignal(ctx: CommandContext, sim: GatewaySim | undefined): Promise<number> {
  const port = integerFlag(ctx.values.port, 'port', 0, 65_535) ?? 9464;
  const host = stringFlag(ctx.values.host) ?? '127.0.0.1';
  const rps = integerFlag(ctx.values['traffic-rps'], 'traffic-rps', 0, 1000) ?? (sim === undefined ? 0 : 5);
  const mcp = ctx.protocol === 'mcp';
  const simUrl = sim === undefined ? undefined : mcp ? sim.mcp.url : sim.url;
  const overrides = simUrl === undefined ? {} : { baseUrl: simUrl };
  const client = mcp ? ctx.mcpClient(overrides) : ctx.client(overrides);
  const server = createServer((req, res) => {
    answer(client, req, res).catch((error: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: error instanceof Error ? error.message : String(error) });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 5_000;
  server.listen(port, host);
  try {
    await once(server, 'listening');
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'EADDRINUSE') throw error;
    throw new UsageError(
      `port in use: ${host}:${port} is taken by another process; pick another --port (0 = any free one)`,
    );
  }
  const address = server.address() as AddressInfo;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  if (simUrl !== undefined) ctx.print(`embedded gateway simulator at ${simUrl}, traffic ${rps} requests/s\n`);
  // Last line of the start-up: scripts and tests wait for it.
  ctx.print(`mcpgw serve listening on http://${shownHost}:${address.port}\n`);
  const trafficOptions = { rps, invokes: sim !== undefined };
  const traffic =
    rps === 0
      ? undefined
      : mcp
        ? startMcpTraffic(ctx.mcpClient(overrides), trafficOptions)
        : startTraffic(ctx.client(overrides), trafficOptions);
  const signal = await waitForSignal();
  ctx.io.stderr.write(`mcpgw serve: ${signal}, shutting down\n`);
  await traffic?.stop();
  server.closeIdleConnections();
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  await client.close();
  await closed;
  return 0;
}

export const serve: Command = {
  name: 'serve',
  args: '',
  arity: [0, 0],
  summary: 'long-running process exposing /metrics, /healthz and /readyz (for Prometheus and the dashboards)',
  options: {
    port: { type: 'string' },
    host: { type: 'string' },
    sim: { type: 'boolean' },
    'traffic-rps': { type: 'string' },
  },
  help: [
    '--port N             port to listen on; 0 picks one (default 9464)',
    '--host HOST          interface to bind (default 127.0.0.1)',
    '--sim                embed a gateway simulator instead of --base-url',
    '--traffic-rps N      background calls per second, so metrics move (default 5 with --sim, else 0);',
    '                     against --base-url only reads (lists, lookups): tools are invoked on --sim alone;',
    '                     under --protocol mcp: tools/list and ping (and tools/call echo on --sim)',
  ],
  async run(ctx) {
    const sim = ctx.values.sim === true ? await startGatewaySim({ port: 0, servers: 25 }) : undefined;
    try {
      return await serveUntilSignal(ctx, sim);
    } finally {
      await sim?.close();
    }
  },
};
