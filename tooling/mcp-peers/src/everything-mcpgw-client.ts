import type { EverythingClient, EverythingHandlers } from './everything-steps.js';

const clientInfo = { name: 'mcpgw-mcp-peers', version: '0.0.0' };
const text = (result: any): string =>
  (result?.content ?? result?.messages?.map((m: any) => m.content) ?? []).map((c: any) => c?.text ?? '').join('\n');

/** More of the preset's options (every layer on, say) and the user token each call carries. */
export interface McpgwClientExtras {
  options?: Record<string, unknown>;
  mcp?: Record<string, unknown>;
  user?: string;
}

/** Our client, through the preset's public MCP surface, as a user would build it. */
export async function mcpgwEverythingClient(
  url: string,
  protocolVersion = '2025-11-25',
  handlers: EverythingHandlers = {},
  extras: McpgwClientExtras = {},
): Promise<EverythingClient & { metricsText(): Promise<string> }> {
  const { createGatewayClient } = await import('./preset.js');
  const client = createGatewayClient({
    baseUrl: url,
    protocol: 'mcp',
    mcp: { protocolVersion: protocolVersion as 'auto', clientInfo, handlers, ...extras.mcp },
    logger: false,
    ...extras.options,
  });
  return {
    async listToolNames() {
      const names: string[] = [];
      for await (const tool of client.tools()) names.push(tool.name);
      return names;
    },
    async callTool(name, args, options = {}) {
      const onProgress = options.onProgress;
      const result = await client.invokeTool({
        tool: name,
        parameters: args,
        ...(extras.user === undefined ? {} : { user: extras.user }),
        ...(options.signal ? { signal: options.signal } : {}),
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
        ...(onProgress
          ? {
              onProgress: (p: { progress: number; total?: number }) =>
                onProgress({ progress: p.progress, ...(p.total === undefined ? {} : { total: p.total }) }),
            }
          : {}),
      });
      return text(result);
    },
    async listResourceUris() {
      const uris: string[] = [];
      for await (const resource of client.resources()) uris.push(resource.uri);
      return uris;
    },
    async readResourceText(uri) {
      const result = await client.readResource({ uri });
      return result.contents.map((c: any) => c.text ?? c.blob ?? '').join('\n');
    },
    async getPromptText(name, args) {
      return text(await client.getPrompt({ name, arguments: args }));
    },
    metricsText: async () => (await client.metrics?.registry.metrics()) ?? '',
    close: () => client.close(),
  };
}
