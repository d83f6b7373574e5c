/**
 * The conformance driver, run by the suite as `<command> <serverUrl>` with MCP_CONFORMANCE_SCENARIO,
 * MCP_CONFORMANCE_PROTOCOL_VERSION and (for some scenarios) MCP_CONFORMANCE_CONTEXT set. It builds our client with
 * the preset, as a user would, pinned to the era the suite asks for, makes the scenario's calls, closes the client
 * and exits 0, or prints the error and exits 1.
 *
 * Run: node --conditions=@mcpgw/source --import tsx tooling/mcp-peers/src/conformance-client.ts [--core|--sdk] <serverUrl>
 * (`--core`: core's McpClient over the bare transport, without the preset; `--sdk`: the same steps with the official
 * SDK client, the harness's baseline).
 */
import {
  type ScenarioClient,
  type ScenarioContext,
  type ScenarioHandlers,
  scenarios,
} from './conformance-scenarios.js';

const serverUrl = process.argv.at(-1) ?? '';
const name = process.env.MCP_CONFORMANCE_SCENARIO ?? '';
const protocolVersion = process.env.MCP_CONFORMANCE_PROTOCOL_VERSION ?? 'auto';
const scenario = scenarios[name];
if (scenario === undefined || !/^https?:\/\//.test(serverUrl)) {
  console.error(
    `usage: MCP_CONFORMANCE_SCENARIO=<${Object.keys(scenarios).join('|')}> conformance-client.ts <serverUrl>` +
      ` (got scenario '${name}', url '${serverUrl}')`,
  );
  process.exit(2);
}

const context: ScenarioContext = { data: JSON.parse(process.env.MCP_CONFORMANCE_CONTEXT ?? '{}') };
async function mcpgwClient(handlers: ScenarioHandlers): Promise<ScenarioClient & { close(): Promise<void> }> {
  const { createGatewayClient } = await import('./preset.js');
  return createGatewayClient({
    baseUrl: serverUrl,
    protocol: 'mcp',
    mcp: { protocolVersion, clientInfo: { name: 'mcpgw-conformance-driver', version: '0.0.0' }, handlers },
    logger: false,
  } as any) as any;
}

/** Core's McpClient over the bare transport: the dialect without the preset's layers. */
async function coreClient(handlers: ScenarioHandlers): Promise<ScenarioClient & { close(): Promise<void> }> {
  const { McpClient, createTransport } = await import('./mcp-core.js');
  const transport = createTransport();
  const mcp: any = new McpClient({
    baseUrl: serverUrl,
    handler: transport,
    protocolVersion: protocolVersion as any,
    clientInfo: { name: 'mcpgw-conformance-driver', version: '0.0.0' },
    handlers: handlers as any,
  });
  return {
    tools: () => mcp.tools(),
    invokeTool: (options) => mcp.invokeTool(options),
    resources: () => mcp.resources(),
    readResource: (options) => mcp.readResource(options),
    prompts: () => mcp.prompts(),
    getPrompt: (options) => mcp.getPrompt(options),
    close: async () => {
      await mcp.close();
      await transport.close();
    },
  };
}

const handlers = scenario.handlers?.(context) ?? {};
const client = process.argv.includes('--sdk')
  ? await (await import('./conformance-sdk-client.js')).sdkScenarioClient(serverUrl, protocolVersion, handlers)
  : process.argv.includes('--core')
    ? await coreClient(handlers)
    : await mcpgwClient(handlers);
context.client = client;

let status = 0;
try {
  await scenario.run(client, context);
} catch (error) {
  console.error(`scenario ${name} (${protocolVersion}) failed:`, error);
  status = 1;
} finally {
  await client.close().catch((error: unknown) => {
    console.error('close failed:', error);
    status = 1;
  });
}
process.exit(status);
