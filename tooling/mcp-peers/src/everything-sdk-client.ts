import { createRequire } from 'node:module';
import type { EverythingClient, EverythingHandlers } from './everything-steps.js';

const require = createRequire(import.meta.url);
// The baseline's listings stop here: a peer that hands out cursors forever must not hold a test.
const MAX_PAGES = 100;
const text = (result: any): string =>
  (result?.content ?? result?.messages?.map((m: any) => m.content) ?? []).map((c: any) => c?.text ?? '').join('\n');

/**
 * The official TypeScript SDK's client (the one server-everything itself depends on), read-only reference use: it
 * runs the same steps as ours so a failure of the harness shows up as a failure of this baseline too.
 */
export async function sdkEverythingClient(
  url: string,
  _protocolVersion?: string,
  handlers: EverythingHandlers = {},
): Promise<EverythingClient> {
  const fromPeer = createRequire(require.resolve('@modelcontextprotocol/server-everything/package.json'));
  const sdk = (path: string) => import(fromPeer.resolve(`@modelcontextprotocol/sdk/${path}`));
  const { Client } = await sdk('client/index.js');
  const { StreamableHTTPClientTransport } = await sdk('client/streamableHttp.js');
  const { ElicitRequestSchema, CreateMessageRequestSchema, ListRootsRequestSchema } = await sdk('types.js');
  const capabilities = {
    ...(handlers.elicitation ? { elicitation: {} } : {}),
    ...(handlers.sampling ? { sampling: {} } : {}),
    ...(handlers.roots ? { roots: {} } : {}),
  };
  const client = new Client({ name: 'mcpgw-harness-baseline', version: '0.0.0' }, { capabilities });
  const answer = (schema: unknown, handler?: (params: any) => Promise<object>) => {
    if (handler) client.setRequestHandler(schema, (request: { params: object }) => handler(request.params));
  };
  answer(ElicitRequestSchema, handlers.elicitation);
  answer(CreateMessageRequestSchema, handlers.sampling);
  answer(ListRootsRequestSchema, handlers.roots);
  const transport = new StreamableHTTPClientTransport(new URL(url));
  await client.connect(transport);
  return {
    async listToolNames() {
      const names: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await client.listTools(cursor === undefined ? {} : { cursor });
        names.push(...page.tools.map((t: { name: string }) => t.name));
        cursor = page.nextCursor;
      } while (cursor !== undefined && ++pages < MAX_PAGES);
      return names;
    },
    async callTool(name, args, options = {}) {
      const result = await client.callTool({ name, arguments: args }, undefined, {
        signal: options.signal,
        onprogress: options.onProgress,
      });
      return text(result);
    },
    async listResourceUris() {
      const uris: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      do {
        const page = await client.listResources(cursor === undefined ? {} : { cursor });
        uris.push(...page.resources.map((r: { uri: string }) => r.uri));
        cursor = page.nextCursor;
      } while (cursor !== undefined && ++pages < MAX_PAGES);
      return uris;
    },
    async readResourceText(uri) {
      const result = await client.readResource({ uri });
      return result.contents.map((c: any) => c.text ?? c.blob ?? '').join('\n');
    },
    async getPromptText(name, args) {
      return text(await client.getPrompt({ name, arguments: args }));
    },
    async close() {
      await transport.terminateSession();
      await client.close();
    },
  };
}
