import { createHash } from 'node:crypto';
import type { GatewaySim } from '@mcpgw/gateway-sim';

/**
 * MCP tools/call runs that happened more than once for one logical call, from the simulators' MCP call logs. A
 * retried tools/call carries a new JSON-RPC id, so a logical call is its tool and arguments: the chaos rows give
 * each call arguments of its own. Returns a description of each violation (empty when none).
 */
export function mcpDoubleRuns(sims: readonly GatewaySim[]): string[] {
  const runs = new Map<string, number>();
  for (const sim of sims) {
    for (const call of sim.mcp.calls) {
      if (call.outcome !== 'completed') continue;
      // A digest, not the arguments: they may hold the canary parameter value.
      const digest = createHash('sha256').update(JSON.stringify(call.arguments)).digest('hex').slice(0, 12);
      const key = `${call.tool} (arguments ${digest})`;
      runs.set(key, (runs.get(key) ?? 0) + 1);
    }
  }
  return [...runs].filter(([, count]) => count > 1).map(([key, count]) => `MCP tools/call ${key} ran ${count} times`);
}
