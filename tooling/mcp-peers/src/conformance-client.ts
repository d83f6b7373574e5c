/**
 * The conformance driver, run by the suite as `<command> <serverUrl>` with MCP_CONFORMANCE_SCENARIO,
 * MCP_CONFORMANCE_PROTOCOL_VERSION and (for some scenarios) MCP_CONFORMANCE_CONTEXT set. It builds our client with
 * the preset, as a user would, pinned to the era the suite asks for, makes the scenario's calls, closes the client
 * and exits 0, or prints the error and exits 1.
 *
 * Run: node --conditions=@mcpgw/source --import tsx tooling/mcp-peers/src/conformance-client.ts [--sdk] <serverUrl>
 * (`--sdk`: the same steps with the official SDK client, the harness's baseline).
 */
import { conformanceAuthOptions } from './conformance-auth.js';
import {
  authScenario,
  type ScenarioClient,
  type ScenarioContext,
  type ScenarioHandlers,
  scenarios,
} from './conformance-scenarios.js';

const serverUrl = process.argv.at(-1) ?? '';
const name = process.env.MCP_CONFORMANCE_SCENARIO ?? '';
const protocolVersion = process.env.MCP_CONFORMANCE_PROTOCOL_VERSION ?? 'auto';
const scenario = scenarios[name] ?? (name.startsWith('auth/') ? authScenario : undefined);
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
    mcp: {
      protocolVersion: protocolVersion as 'auto',
      clientInfo: { name: 'mcpgw-conformance-driver', version: '0.0.0' },
      handlers,
    },
    // OAuth scenarios log every operation at debug on stderr, so the canary scan has something to read.
    ...(name.startsWith('auth/')
      ? { auth: conformanceAuthOptions(name, context), logging: { level: 'debug' as const } }
      : { logger: false as const }),
  });
}

const handlers = scenario.handlers?.(context) ?? {};
const client = process.argv.includes('--sdk')
  ? await (await import('./conformance-sdk-client.js')).sdkScenarioClient(serverUrl, protocolVersion, handlers)
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
