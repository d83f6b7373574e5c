import { createRequire } from 'node:module';
import type { ScenarioClient, ScenarioHandlers, Tool } from './conformance-scenarios.js';

const require = createRequire(import.meta.url);
// The baseline's listings stop here: a peer that hands out cursors forever must not hold a test.
const MAX_PAGES = 100;

/**
 * The scenarios' client on the official SDK (`@modelcontextprotocol/client` 2.x, which mcp-proxy depends on; it
 * speaks both eras), read-only reference use: the driver run with `--sdk` shows that the harness and the scenario
 * steps are right, so a failure with our client is the client's.
 */
export async function sdkScenarioClient(
  url: string,
  protocolVersion: string,
  handlers: ScenarioHandlers,
): Promise<ScenarioClient & { close(): Promise<void> }> {
  const fromProxy = createRequire(require.resolve('mcp-proxy/package.json'));
  const { Client, StreamableHTTPClientTransport } = await import(fromProxy.resolve('@modelcontextprotocol/client'));

  const stateless = protocolVersion >= '2026-07-28';
  const client = new Client(
    { name: 'mcpgw-harness-baseline', version: '0.0.0' },
    {
      capabilities: handlers.elicitation ? { elicitation: { form: { applyDefaults: true } } } : {},
      versionNegotiation: { mode: stateless ? { pin: protocolVersion } : 'legacy' },
    },
  );
  if (handlers.elicitation) {
    const elicit = handlers.elicitation;
    client.setRequestHandler('elicitation/create', (request: { params: object }) => elicit(request.params));
  }
  const transport = new StreamableHTTPClientTransport(new URL(url));
  await client.connect(transport);

  async function* pages<T>(list: (params: object) => Promise<Record<string, any>>, key: string) {
    let cursor: string | undefined;
    let count = 0;
    do {
      const page = await list(cursor === undefined ? {} : { cursor });
      yield* page[key] as T[];
      cursor = page.nextCursor;
    } while (cursor !== undefined && ++count < MAX_PAGES);
  }
  return {
    tools: () => pages<Tool>((p) => client.listTools(p), 'tools'),
    invokeTool: ({ tool, parameters }) =>
      client.callTool({ name: tool, arguments: parameters ?? {} }).catch((error: Error) => {
        // SDK 2.4 refuses a 2026-07-28 result without resultType; the scenario sends one on purpose to check that a
        // client takes it as complete (its check passes either way). Only that refusal is let through.
        if (/missing required resultType/.test(error.message)) return {};
        throw error;
      }),
    resources: () => pages<{ uri: string }>((p) => client.listResources(p), 'resources'),
    readResource: ({ uri }) => client.readResource({ uri }),
    prompts: () => pages<{ name: string }>((p) => client.listPrompts(p), 'prompts'),
    getPrompt: (options) => client.getPrompt(options),
    close: () => transport.close(),
  };
}
