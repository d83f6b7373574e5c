import type { Writable } from 'node:stream';
import { createTransport, GatewayClient } from '@mcpgw/core';
import { startGatewaySim } from '@mcpgw/gateway-sim';

/** Starts an embedded gateway simulator, walks discovery and one invocation, and prints what happened. */
export async function runDemo(out: Writable): Promise<number> {
  const say = (line = '') => out.write(`${line}\n`);
  const sim = await startGatewaySim({ port: 0, servers: 12, toolsPerServer: 4, apiKey: 'demo-key' });
  const transport = createTransport();
  const client = new GatewayClient({ baseUrl: sim.url, apiKey: 'demo-key', handler: transport, name: 'demo' });
  try {
    say(`mcpgw demo: embedded gateway simulator at ${sim.url}`);
    say();
    const page = await client.listServers({ limit: 5 });
    say(`servers (first page of ${page.total ?? '?'}):`);
    for (const s of page.items)
      say(`  ${s.server_name.padEnd(16)} ${s.sensitivity_level.padEnd(9)} ${s.health_status}`);
    const all = await client.listAllServers({ pageSize: 5 });
    say(`all servers, every page: ${all.length}`);
    say();
    const tools = await client.listAllTools({ server: 'postgres-mcp' });
    say(`tools of postgres-mcp: ${tools.map((t) => t.tool_name).join(', ')}`);
    const result = await client.invokeTool({
      server: 'postgres-mcp',
      tool: 'list_tables',
      parameters: { schema: 'public' },
      user: 'demo-user-token',
    });
    say(`invoke postgres-mcp/list_tables → ${JSON.stringify(result)}`);
    say();
    say(
      `requests that reached the gateway: ${sim.counts.total}; tool runs: ${sim.executions('postgres-mcp', 'list_tables')}`,
    );
    return 0;
  } finally {
    await transport.close();
    await sim.close();
  }
}
