import type { EverythingClient } from './everything-steps.js';

const clientInfo = { name: 'mcpgw-mcp-peers', version: '0.0.0' };

/** Our client, through the preset's public MCP surface, as a user would build it. */
export async function mcpgwEverythingClient(url: string, protocolVersion = '2025-11-25'): Promise<EverythingClient> {
  const { createGatewayClient } = await import('./preset.js');
  const client: any = createGatewayClient({
    baseUrl: url,
    protocol: 'mcp',
    mcp: { protocolVersion, clientInfo },
    logger: false,
  } as any);
  return adapt(client, () => client.close());
}

function adapt(client: any, close: () => Promise<void>): EverythingClient {
  return {
    async listToolNames() {
      const names: string[] = [];
      for await (const tool of client.tools()) names.push(tool.name);
      return names;
    },
    async callTool(name, args, options = {}) {
      const result = await client.invokeTool({
        tool: name,
        parameters: args,
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.onProgress
          ? {
              onProgress: (p: { progress: number; total?: number }) =>
                options.onProgress!({ progress: p.progress, ...(p.total === undefined ? {} : { total: p.total }) }),
            }
          : {}),
      });
      return result.content?.[0]?.text ?? '';
    },
    close,
  };
}
