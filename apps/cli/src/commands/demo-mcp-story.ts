import { AuthorizationDeniedError, type CacheEvent, channels } from '@mcpgw/core';
import type { GatewaySim } from '@mcpgw/gateway-sim';
import { createGatewayClient } from '@mcpgw/preset';
import type { DemoOpa } from './demo-opa.js';

const clientName = 'mcpgw-demo-mcp';
const analyst = { id: 'ana', roles: ['analyst'], teams: ['data'] };

export interface DemoLines {
  say(line?: string): void;
  ok(line: string): void;
  no(line: string): void;
}

/**
 * The demo's second dialect: the same preset, every layer on, speaking MCP to the simulator's `/mcp` endpoint:
 * a listing and its cached repeat, a call, a tool failure that is a result and not an outage, a denied call.
 */
export async function runMcpDemo(sim: GatewaySim, opa: DemoOpa, { say, ok, no }: DemoLines): Promise<void> {
  const ms = (start: number) => `${(performance.now() - start).toFixed(1)} ms`;
  const calls = (method: string) => sim.mcp.counts[method] ?? 0;
  const cacheResults: string[] = [];
  const onCache = (message: unknown) => {
    const event = message as CacheEvent;
    if (event.client === clientName) cacheResults.push(event.result);
  };
  const client = createGatewayClient({
    baseUrl: sim.mcp.url,
    protocol: 'mcp',
    name: clientName,
    opa: { url: opa.url },
    retry: { maxAttempts: 2, baseDelayMs: 20, maxDelayMs: 50 },
    logger: false,
  });
  // The 2026-07-28 caching hint a server sends with its lists (the simulator's default is 0: do not keep).
  sim.mcp.setCacheHints({ ttlMs: 60_000, cacheScope: 'public' });
  channels.cache.subscribe(onCache);
  try {
    say(`5. the same preset over MCP (Streamable HTTP at ${sim.mcp.url})`);
    let start = performance.now();
    const page = await client.listTools();
    ok(
      `tools/list: ${page.items.length} tools on the first page${page.nextCursor === undefined ? '' : ', more by cursor'}, protocol ${client.protocolVersion ?? '?'} (${ms(start)})`,
    );
    const before = calls('tools/list');
    start = performance.now();
    await client.listTools();
    const served = calls('tools/list') === before ? 'the server saw no request' : 'the server was asked again';
    ok(`listed them again: cache ${cacheResults.at(-1) ?? 'none'} (${ms(start)}; ${served})`);

    const echo = await client.invokeTool({ tool: 'echo', parameters: { message: 'hello over MCP' }, user: analyst });
    const text = (echo.content[0] as { text?: unknown } | undefined)?.text;
    ok(`tools/call echo: allowed (read-only by its annotations), answered ${JSON.stringify(text)}`);

    const failed = await client.invokeTool({ tool: 'fail', user: analyst });
    const failures = Object.values(client.stats().breakers ?? {}).reduce((n, b) => n + b.failures, 0);
    no(
      `tools/call fail: isError ${String(failed.isError === true)}: a result, not an outage (breaker failures: ${failures})`,
    );

    const callsBefore = calls('tools/call');
    try {
      await client.invokeTool({ tool: 'delete_record', parameters: { id: 'r-1' }, user: analyst });
      no('tools/call delete_record: allowed, but the policy should have denied it');
    } catch (error) {
      if (!(error instanceof AuthorizationDeniedError)) throw error;
      no(`tools/call delete_record: denied by the policy: "${error.reason}"`);
      say(`    ${calls('tools/call') === callsBefore ? 'nothing reached the server' : 'it reached the server!'}`);
    }
    ok(`MCP requests the server answered: ${sim.mcp.counts.total ?? 0}`);
  } finally {
    channels.cache.unsubscribe(onCache);
    await client.close();
  }
}
