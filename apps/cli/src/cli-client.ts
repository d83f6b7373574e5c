import type { PresetGatewayClient, PresetMcpClient } from '@mcpgw/preset';

/** What the commands need from a gateway client: the preset's surface, narrowed. */
export type CliClient = Pick<
  PresetGatewayClient,
  | 'listServers'
  | 'servers'
  | 'getServer'
  | 'listTools'
  | 'tools'
  | 'invokeTool'
  | 'health'
  | 'liveness'
  | 'stats'
  | 'close'
  | 'metrics'
>;

/** What the commands need from the MCP client of `--protocol mcp`. */
export type CliMcpClient = Pick<
  PresetMcpClient,
  | 'listTools'
  | 'tools'
  | 'invokeTool'
  | 'ping'
  | 'health'
  | 'liveness'
  | 'stats'
  | 'close'
  | 'metrics'
  | 'protocolVersion'
>;

/** A tool of an MCP `tools/list`, and the CallToolResult of `tools/call` (the CLI depends on the preset alone). */
export type McpToolInfo = Awaited<ReturnType<CliMcpClient['listTools']>>['items'][number];
export type McpCallResult = Awaited<ReturnType<CliMcpClient['invokeTool']>>;
