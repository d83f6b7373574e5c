import { ConfigError, createTransport, GatewayClient } from '@mcpgw/core';
import type { CliClient, HealthReport } from './cli-client.js';

/** Settings given on the command line; each overrides its MCPGW_* variable. */
export interface ClientFlags {
  baseUrl?: string | undefined;
  apiKey?: string | undefined;
  timeoutMs?: number | undefined;
  opaUrl?: string | undefined;
}

// Interim: core's client over a bare transport, until @mcpgw/preset lands.
export function createCliClient(flags: ClientFlags, env: NodeJS.ProcessEnv): CliClient {
  const baseUrl = flags.baseUrl ?? env.MCPGW_BASE_URL;
  if (baseUrl === undefined || baseUrl === '') {
    throw new ConfigError([
      { path: 'MCPGW_BASE_URL', message: 'the gateway URL is required (--base-url or MCPGW_BASE_URL)' },
    ]);
  }
  const transport = createTransport();
  const client = new GatewayClient({
    baseUrl,
    apiKey: flags.apiKey ?? env.MCPGW_API_KEY,
    handler: transport,
    name: 'mcpgw-cli',
  });
  return {
    listServers: (o) => client.listServers(o),
    servers: (o) => client.servers(o),
    getServer: (n, o) => client.getServer(n, o),
    listTools: (o) => client.listTools(o),
    tools: (o) => client.tools(o),
    invokeTool: (o) => client.invokeTool(o) as Promise<Record<string, unknown>>,
    health: async () => ({ ...(await client.health()) }) as HealthReport,
    liveness: () => ({ status: 'alive' }),
    stats: () => ({ pool: transport.stats() }),
    close: () => transport.close(),
  };
}
