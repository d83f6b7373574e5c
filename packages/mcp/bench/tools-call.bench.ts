/**
 * One MCP `tools/call` (2026-07-28, JSON answer) against gateway-sim in its own process: raw undici `Pool.request`
 * posting the same JSON-RPC with the same headers, core's bare transport with a request built once, and the whole
 * dialect (`McpClient.invokeTool`) over the bare transport. Run:
 *   node --conditions=@mcpgw/source --import tsx packages/mcp/bench/tools-call.bench.ts
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { buildRequest, createTransport } from '@mcpgw/core';
import { Bench } from 'tinybench';
import { McpClient } from '../src/index.js';

// undici is core's dependency, not this package's: take the very copy the transport uses.
const undici = createRequire(fileURLToPath(import.meta.resolve('@mcpgw/core')))('undici') as typeof import('undici');

const child = spawn(
  process.execPath,
  ['--conditions=@mcpgw/source', '--import', 'tsx', fileURLToPath(new URL('./sim-process.ts', import.meta.url))],
  { stdio: ['ignore', 'pipe', 'inherit'] },
);
const [line] = (await once(child.stdout, 'data')) as [Buffer];
const base = line.toString().trim();
const endpoint = `${base}/mcp`;
const origin = new URL(base).origin;

const meta = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientInfo': { name: 'mcpgw', version: '0.1.0' },
  'io.modelcontextprotocol/clientCapabilities': {},
};
const headers = {
  accept: 'application/json, text/event-stream',
  'content-type': 'application/json',
  'mcp-protocol-version': '2026-07-28',
  'mcp-method': 'tools/call',
  'mcp-name': 'echo',
};
let id = 0;
const body = () =>
  JSON.stringify({
    jsonrpc: '2.0',
    id: ++id,
    method: 'tools/call',
    params: { name: 'echo', arguments: { message: 'hi' }, _meta: meta },
  });

const pool = new undici.Pool(origin, { connections: 32, pipelining: 1, keepAliveTimeout: 4_000 });
const transport = createTransport({ connections: 32 });
const mcp = new McpClient({
  baseUrl: endpoint,
  handler: createTransport({ connections: 32 }),
  protocolVersion: '2026-07-28',
});
const prebuilt = buildRequest({
  origin,
  path: '/mcp',
  method: 'POST',
  operation: 'invokeTool',
  headers,
  body: {
    jsonrpc: '2.0',
    id: 1,
    method: 'tools/call',
    params: { name: 'echo', arguments: { message: 'hi' }, _meta: meta },
  },
});

const bench = new Bench({ time: 3_000, warmupTime: 500 });
bench.add('raw undici Pool.request, same JSON-RPC', async () => {
  const response = await pool.request({ method: 'POST', path: '/mcp', headers, body: body() });
  const answer = (await response.body.json()) as { result?: unknown };
  if (answer.result === undefined) throw new Error('no result');
});
bench.add('core transport, request built once', async () => {
  const response = await transport(prebuilt);
  if ((response.body as { result?: unknown }).result === undefined) throw new Error('no result');
});
bench.add('McpClient.invokeTool over the bare transport', async () => {
  await mcp.invokeTool({ tool: 'echo', parameters: { message: 'hi' } });
});

await bench.run();
const rows = bench.tasks.map((t) => ({ name: t.name, hz: t.result?.throughput?.mean ?? t.result?.hz }));
console.table(bench.table());
const raw = rows[0]?.hz ?? Number.NaN;
for (const row of rows)
  console.log(`${row.name}: ${Math.round(row.hz ?? 0)} ops/s, ${((row.hz ?? 0) / raw).toFixed(2)}× raw undici`);
console.log(`node ${process.version}`);
await Promise.all([pool.close(), transport.close(), mcp.close()]);
child.kill('SIGTERM');
