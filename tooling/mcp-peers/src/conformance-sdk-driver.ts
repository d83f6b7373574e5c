/**
 * A baseline driver on the official SDK client for the two plain legacy-era scenarios (`initialize`, `tools_call`),
 * read-only reference use: it shows the conformance harness (namespace, suite, results) works, so a failure of
 * conformance-client.ts is ours.
 */
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const fromPeer = createRequire(require.resolve('@modelcontextprotocol/server-everything/package.json'));
const { Client } = await import(fromPeer.resolve('@modelcontextprotocol/sdk/client/index.js'));
const { StreamableHTTPClientTransport } = await import(
  fromPeer.resolve('@modelcontextprotocol/sdk/client/streamableHttp.js')
);

const transport = new StreamableHTTPClientTransport(new URL(process.argv.at(-1) ?? ''));
const client = new Client({ name: 'mcpgw-harness-baseline', version: '0.0.0' }, { capabilities: {} });
await client.connect(transport);
const { tools } = await client.listTools();
if (tools[0] !== undefined) await client.callTool({ name: tools[0].name, arguments: { a: 2, b: 3 } });
await transport.close();
