import { createRequire } from 'node:module';
import type { ScenarioClient, ScenarioHandlers, Tool } from './conformance-scenarios.js';

const require = createRequire(import.meta.url);

/**
 * The scenarios' client on the official SDK (the one server-everything depends on), read-only reference use: the
 * driver run with `--sdk` shows that the harness and the scenario steps are right for the session era, so a failure
 * with our client is the client's. (SDK 1.x has no stateless era, so there is no baseline for 2026-07-28.)
 */
export async function sdkScenarioClient(
  url: string,
  handlers: ScenarioHandlers,
): Promise<ScenarioClient & { close(): Promise<void> }> {
  const fromPeer = createRequire(require.resolve('@modelcontextprotocol/server-everything/package.json'));
  const sdk = (path: string) => import(fromPeer.resolve(`@modelcontextprotocol/sdk/${path}`));
  const { Client } = await sdk('client/index.js');
  const { StreamableHTTPClientTransport } = await sdk('client/streamableHttp.js');
  const { ElicitRequestSchema } = await sdk('types.js');

  const capabilities = handlers.elicitation ? { elicitation: { form: { applyDefaults: true } } } : {};
  const client = new Client({ name: 'mcpgw-harness-baseline', version: '0.0.0' }, { capabilities });
  if (handlers.elicitation) {
    const elicit = handlers.elicitation;
    client.setRequestHandler(ElicitRequestSchema, (request: { params: object }) => elicit(request.params));
  }
  const transport = new StreamableHTTPClientTransport(new URL(url));
  await client.connect(transport);

  async function* pages<T>(
    list: (cursor?: string) => Promise<{ nextCursor?: string } & Record<string, unknown>>,
    key: string,
  ) {
    let cursor: string | undefined;
    do {
      const page = await list(cursor);
      yield* page[key] as T[];
      cursor = page.nextCursor;
    } while (cursor !== undefined);
  }
  const at = (cursor?: string) => (cursor === undefined ? {} : { cursor });
  return {
    tools: () => pages<Tool>((c) => client.listTools(at(c)), 'tools'),
    invokeTool: ({ tool, parameters }) => client.callTool({ name: tool, arguments: parameters ?? {} }),
    resources: () => pages<{ uri: string }>((c) => client.listResources(at(c)), 'resources'),
    readResource: ({ uri }) => client.readResource({ uri }),
    prompts: () => pages<{ name: string }>((c) => client.listPrompts(at(c)), 'prompts'),
    getPrompt: (options) => client.getPrompt(options),
    close: () => transport.close(),
  };
}
