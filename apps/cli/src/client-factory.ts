import { type CreateGatewayClientOptions, configFromEnv, createGatewayClient } from '@mcpgw/preset';
import type { CliClient, CliMcpClient } from './cli-client.js';

/** Settings given on the command line; each one stands for its MCPGW_* variable and wins over it. */
export interface ClientFlags {
  baseUrl?: string | undefined;
  apiKey?: string | undefined;
  timeoutMs?: number | undefined;
  opaUrl?: string | undefined;
}

/** What a command sets beyond the flags. */
export interface ClientSettings {
  cache?: false | undefined;
}

const variableOf = {
  baseUrl: 'MCPGW_BASE_URL',
  apiKey: 'MCPGW_API_KEY',
  timeoutMs: 'MCPGW_TOTAL_TIMEOUT_MS',
  opaUrl: 'MCPGW_OPA_URL',
} as const satisfies Record<keyof ClientFlags, string>;

function presetOptions(
  flags: ClientFlags,
  env: NodeJS.ProcessEnv,
  settings: ClientSettings,
): CreateGatewayClientOptions {
  const merged: NodeJS.ProcessEnv = { ...env };
  for (const [flag, variable] of Object.entries(variableOf)) {
    const value = flags[flag as keyof ClientFlags];
    if (value !== undefined) merged[variable] = String(value);
  }
  // The command's protocol was read already (protocol.ts); the variable must not contradict the flag.
  delete merged.MCPGW_PROTOCOL;
  return {
    name: 'mcpgw-cli',
    ...configFromEnv(merged),
    ...(settings.cache === false ? { cache: false } : {}),
    logger: false,
  };
}

/**
 * The preset client from MCPGW_* variables with the flags laid over them, so that one validation reports every
 * bad setting at once, whichever way it was given. Logs stay off: stdout belongs to the command's output.
 */
export function createCliClient(flags: ClientFlags, env: NodeJS.ProcessEnv, settings: ClientSettings = {}): CliClient {
  return createGatewayClient({ ...presetOptions(flags, env, settings), protocol: 'rest' });
}

/** The same, speaking MCP to the endpoint at the base URL (`--protocol mcp`, MCPGW_PROTOCOL=mcp). */
export function createCliMcpClient(
  flags: ClientFlags,
  env: NodeJS.ProcessEnv,
  settings: ClientSettings = {},
): CliMcpClient {
  return createGatewayClient({ ...presetOptions(flags, env, settings), protocol: 'mcp' });
}
