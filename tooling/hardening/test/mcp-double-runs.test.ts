import { startGatewaySim } from '@mcpgw/gateway-sim';
import { afterEach, describe, expect, test } from 'vitest';
import { canary } from '../src/canary.js';
import { mcpDoubleRuns } from '../src/mcp-double-runs.js';

const sims: Awaited<ReturnType<typeof startGatewaySim>>[] = [];
afterEach(async () => {
  await Promise.all(sims.splice(0).map((sim) => sim.close()));
});

async function call(url: string, id: number, args: Record<string, unknown>): Promise<void> {
  const meta = {
    'io.modelcontextprotocol/protocolVersion': '2026-07-28',
    'io.modelcontextprotocol/clientCapabilities': {},
  };
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': 'tools/call',
      'mcp-name': 'delete_record',
    },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id,
      method: 'tools/call',
      params: { name: 'delete_record', arguments: args, _meta: meta },
    }),
  });
  expect(response.status).toBe(200);
  await response.text();
}

describe('mcpDoubleRuns', () => {
  test('finds one logical tools/call (same tool and arguments) that ran twice, without naming the arguments', async () => {
    const sim = await startGatewaySim();
    sims.push(sim);
    await call(sim.mcp.url, 1, { id: canary.parameterValue });
    await call(sim.mcp.url, 2, { id: 'another record' });
    expect(mcpDoubleRuns([sim])).toEqual([]);
    await call(sim.mcp.url, 3, { id: canary.parameterValue });
    const problems = mcpDoubleRuns([sim]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^MCP tools\/call delete_record \(arguments [0-9a-f]{12}\) ran 2 times$/);
    expect(problems[0]).not.toContain(canary.parameterValue);
  });
});
