import type { GatewaySim } from '@mcpgw/gateway-sim';
import type { ChaosContext } from './chaos-context.js';

/** What the MCP chaos rows call on the preset's `protocol: 'mcp'` client. */
export interface McpChaosClient {
  listTools(options?: { cursor?: string; timeoutMs?: number }): Promise<{ items: unknown[]; nextCursor?: string }>;
  invokeTool(options: {
    tool: string;
    parameters?: Record<string, unknown>;
    timeoutMs?: number;
    onProgress?: (update: unknown) => void;
  }): Promise<{ content: unknown[]; structuredContent?: unknown; isError?: boolean }>;
}

/**
 * A preset MCP client on the simulator's `/mcp`, made by `ctx.client` so its logs, metrics and spans are captured
 * and it is closed with the row.
 */
export function mcpChaosClient(
  ctx: ChaosContext,
  sim: GatewaySim,
  protocolVersion: string,
  overrides: Record<string, unknown>,
): McpChaosClient {
  const options = {
    baseUrl: sim.mcp.url,
    protocol: 'mcp',
    mcp: { protocolVersion, clientInfo: { name: 'mcpgw-chaos', version: '1.0.0' } },
    ...overrides,
  };
  return ctx.client(options as Parameters<ChaosContext['client']>[0]) as unknown as McpChaosClient;
}
