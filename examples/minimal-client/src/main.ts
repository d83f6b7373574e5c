import { pathToFileURL } from 'node:url';
import { createGatewayClient } from '@mcpgw/preset';

export interface MinimalClientOptions {
  baseUrl: string;
  apiKey?: string;
  /** The end user's JWT, sent as `Authorization: Bearer` on the invoke. */
  userToken: string;
}

/** Lists a few servers, the tools of one, and runs one tool: the whole client with production defaults. */
export async function main(options: MinimalClientOptions) {
  await using client = createGatewayClient({
    baseUrl: options.baseUrl,
    apiKey: options.apiKey,
    name: 'minimal-client',
  });

  const page = await client.listServers({ limit: 5 });
  const tools = await client.listAllTools({ server: 'postgres-mcp' });
  const result = await client.invokeTool({
    server: 'postgres-mcp',
    tool: 'list_tables',
    parameters: { schema: 'public' },
    user: options.userToken,
  });
  return {
    servers: page.items.map((server) => server.server_name),
    tools: tools.map((tool) => tool.tool_name),
    result,
  };
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const baseUrl = process.env.MCPGW_BASE_URL;
  if (baseUrl === undefined) {
    console.error(
      'set MCPGW_BASE_URL (and MCPGW_API_KEY, MCPGW_USER_TOKEN); try `pnpm --filter @mcpgw/gateway-sim start`',
    );
    process.exitCode = 1;
  } else {
    const output = await main({
      baseUrl,
      apiKey: process.env.MCPGW_API_KEY,
      userToken: process.env.MCPGW_USER_TOKEN ?? 'example-user-token',
    });
    console.log(JSON.stringify(output, null, 2));
  }
}
