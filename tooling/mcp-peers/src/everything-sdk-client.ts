import { createRequire } from 'node:module';
import type { EverythingClient } from './everything-steps.js';

const require = createRequire(import.meta.url);

/**
 * The official TypeScript SDK's client (the one server-everything itself depends on), read-only reference use: it
 * runs the same steps as ours so a failure of the harness shows up as a failure of this baseline too.
 */
export async function sdkEverythingClient(url: string): Promise<EverythingClient> {
  const fromPeer = createRequire(require.resolve('@modelcontextprotocol/server-everything/package.json'));
  const { Client } = await import(fromPeer.resolve('@modelcontextprotocol/sdk/client/index.js'));
  const { StreamableHTTPClientTransport } = await import(
    fromPeer.resolve('@modelcontextprotocol/sdk/client/streamableHttp.js')
  );
  const transport = new StreamableHTTPClientTransport(new URL(url));
  const client = new Client({ name: 'mcpgw-harness-baseline', version: '0.0.0' }, { capabilities: {} });
  await client.connect(transport);
  return {
    async listToolNames() {
      const names: string[] = [];
      let cursor: string | undefined;
      do {
        const page = await client.listTools(cursor === undefined ? {} : { cursor });
        names.push(...page.tools.map((t: { name: string }) => t.name));
        cursor = page.nextCursor;
      } while (cursor !== undefined);
      return names;
    },
    async callTool(name, args, options = {}) {
      const result = await client.callTool({ name, arguments: args }, undefined, {
        signal: options.signal,
        onprogress: options.onProgress,
      });
      return result.content[0]?.text ?? '';
    },
    async close() {
      await transport.terminateSession();
      await client.close();
    },
  };
}
