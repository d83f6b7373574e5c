import type { Writable } from 'node:stream';
import { AuthorizationDeniedError, type CacheEvent, channels } from '@mcpgw/core';
import { startGatewaySim } from '@mcpgw/gateway-sim';
import { createGatewayClient } from '@mcpgw/preset';
import { formatTable } from '../output/table.js';
import { runMcpDemo } from './demo-mcp-story.js';
import { startDemoOpa } from './demo-opa.js';
import { demoDecide } from './demo-policy.js';
import { summariseStats } from './stats-summary.js';

const clientName = 'mcpgw-demo';
const cacheTtlMs = 1_000;
const analyst = { id: 'ana', roles: ['analyst'], teams: ['data'] };

/**
 * Starts an embedded gateway simulator and a scripted OPA server, then walks the client's story through the
 * preset: discovery, a cached repeat, an allowed and a denied invoke, an outage served stale, and the stats; then
 * the same over MCP (the simulator's `/mcp` endpoint), so that both dialects are seen through one preset.
 */
export async function runDemo(out: Writable): Promise<number> {
  const say = (line = '') => out.write(`${line}\n`);
  const ok = (line: string) => say(`✓ ${line}`);
  const no = (line: string) => say(`✗ ${line}`);
  const ms = (start: number) => `${(performance.now() - start).toFixed(1)} ms`;

  // Which answers came from the cache, as the cache layer reports them on its channel.
  const cacheResults: string[] = [];
  const onCache = (message: unknown) => {
    const event = message as CacheEvent;
    if (event.client === clientName) cacheResults.push(event.result);
  };
  const lastCacheResult = () => cacheResults.at(-1) ?? 'none';

  const sim = await startGatewaySim({ port: 0, servers: 12, toolsPerServer: 4, requireUserToken: false });
  const opa = await startDemoOpa(demoDecide);
  const client = createGatewayClient({
    baseUrl: sim.url,
    name: clientName,
    opa: { url: opa.url },
    cache: { ttlMs: cacheTtlMs, staleWhileRevalidateMs: false, staleIfErrorMs: 60_000 },
    retry: { maxAttempts: 2, baseDelayMs: 20, maxDelayMs: 50 },
    logger: false,
  });
  channels.cache.subscribe(onCache);
  try {
    say('mcpgw demo: the preset client against an embedded gateway simulator and a test OPA server');
    say(`  gateway simulator  ${sim.url}`);
    say(`  OPA (scripted)     ${opa.url}   policy: analysts may list tables, not run SQL (MCP: read-only tools)`);
    say();

    say('1. discovery');
    let start = performance.now();
    const page = await client.listServers({ limit: 5 });
    ok(`listed servers: ${page.items.length} of ${page.total ?? '?'} (${ms(start)}, cache: ${lastCacheResult()})`);
    say(
      formatTable(page.items, [
        { header: 'NAME', value: (s) => s.server_name },
        { header: 'SENSITIVITY', value: (s) => s.sensitivity_level },
        { header: 'HEALTH', value: (s) => s.health_status },
        { header: 'TOOLS', value: (s) => s.tools_count, right: true },
      ])
        .trimEnd()
        .replace(/^/gm, '    '),
    );
    const before = sim.counts.listServers;
    start = performance.now();
    await client.listServers({ limit: 5 });
    const served = sim.counts.listServers === before ? 'the gateway saw no request' : 'the gateway was asked again';
    ok(`listed them again: cache ${lastCacheResult()} (${ms(start)}; ${served})`);
    const tools = await client.listTools({ server: 'postgres-mcp' });
    ok(`tools of postgres-mcp: ${tools.items.map((t) => t.tool_name).join(', ')}`);
    say();

    say(`2. authorization (user ${analyst.id}, role analyst)`);
    const asked = { schema: 'public', include_system_tables: true };
    const result = await client.invokeTool({
      server: 'postgres-mcp',
      tool: 'list_tables',
      parameters: asked,
      user: analyst,
    });
    const sent = sim.invocations.at(-1)?.parameters;
    ok(`invoke postgres-mcp/list_tables: allowed, status ${String(result.status ?? 'ok')}`);
    say(`    asked with ${JSON.stringify(asked)}; the policy let through ${JSON.stringify(sent)}`);
    const invocationsBefore = sim.counts.invoke;
    try {
      await client.invokeTool({
        server: 'postgres-mcp',
        tool: 'execute_query',
        parameters: { query: 'SELECT * FROM salaries' },
        user: analyst,
      });
      no('invoke postgres-mcp/execute_query: allowed, but the policy should have denied it');
    } catch (error) {
      if (!(error instanceof AuthorizationDeniedError)) throw error;
      const reached =
        sim.counts.invoke === invocationsBefore ? 'nothing reached the gateway' : 'it reached the gateway!';
      no(`invoke postgres-mcp/execute_query: denied by the policy: "${error.reason}"`);
      say(`    ${reached}`);
    }
    say();

    say('3. a gateway outage');
    // Let the cached list expire, so that what follows is a real miss that only stale-if-error can save.
    await new Promise((resolve) => setTimeout(resolve, cacheTtlMs + 100));
    sim.script(
      'listServers',
      Array.from({ length: 20 }, () => ({ status: 503 })),
    );
    no('the gateway now answers 503 to every list');
    start = performance.now();
    const stale = await client.listServers({ limit: 5 });
    ok(
      `listed servers anyway: ${stale.items.length} served from the cache (cache: ${lastCacheResult()}, ${ms(start)})`,
    );
    say();

    say("4. the client's stats");
    say(
      formatTable(summariseStats(client.stats()), [
        { header: 'AREA', value: (r) => r[0] },
        { header: 'FIGURES', value: (r) => r[1] },
      ])
        .trimEnd()
        .replace(/^/gm, '    '),
    );
    say();
    ok(`requests that reached the gateway: ${sim.counts.total}; OPA decisions asked: ${opa.calls}`);
    await client.close();
    ok('client closed (calls in flight drained)');
    say();

    await runMcpDemo(sim, opa, { say, ok, no });
    ok('MCP client closed (session ended); stopping the simulator and OPA');
    return 0;
  } finally {
    channels.cache.unsubscribe(onCache);
    await client.close();
    await Promise.all([sim.close(), opa.close()]);
  }
}
