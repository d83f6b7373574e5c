import type { GatewaySim } from '@mcpgw/gateway-sim';
import type { CreateGatewayClientOptions, PresetMcpClient } from '@mcpgw/preset';
import type { ChaosContext } from './chaos-context.js';

export type McpChaosClient = PresetMcpClient;

/** A preset MCP client on the simulator's `/mcp` in one protocol version (or `auto`), captured by `ctx`. */
export function mcpChaosClient(
  ctx: ChaosContext,
  sim: GatewaySim,
  protocolVersion: NonNullable<NonNullable<CreateGatewayClientOptions['mcp']>['protocolVersion']>,
  overrides: Partial<CreateGatewayClientOptions>,
): McpChaosClient {
  return ctx.mcpClient({
    baseUrl: sim.mcp.url,
    mcp: { protocolVersion, clientInfo: { name: 'mcpgw-chaos', version: '1.0.0' } },
    ...overrides,
  });
}
