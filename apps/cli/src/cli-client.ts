import type { PresetGatewayClient } from '@mcpgw/preset';

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
