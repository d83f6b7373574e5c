/**
 * Command: `everything-session.ts <sdk|mcpgw> [protocolVersion]`, run inside a loopback-only namespace (runInLoopbackNamespace). Starts
 * server-everything, puts a recording proxy in front of it, runs the steps of everything-steps.ts with the chosen
 * client and prints the report as one line of JSON on stdout. A process outside the namespace cannot reach the
 * namespace's loopback, which is why the client runs here and the test only reads the report.
 */
import { sdkEverythingClient } from './everything-sdk-client.js';
import { type EverythingClient, runEverythingSteps } from './everything-steps.js';
import { startRecordingProxy } from './recording-proxy.js';
import { startServerEverything } from './server-everything.js';

// A fresh namespace has every port free; a fixed one keeps the peer's command line simple.
const PORT = 3001;

const clients: Record<string, (url: string) => Promise<EverythingClient>> = {
  sdk: sdkEverythingClient,
  mcpgw: async (url) => (await import('./everything-mcpgw-client.js')).mcpgwEverythingClient(url, process.argv[3]),
};

const which = process.argv[2] ?? '';
const connect = clients[which];
if (connect === undefined) {
  console.error(`usage: everything-session.ts <${Object.keys(clients).join('|')}>`);
  process.exit(2);
}

const peer = await startServerEverything(PORT);
const proxy = await startRecordingProxy(peer.url);
let status = 0;
try {
  const report = await runEverythingSteps(await connect(proxy.url), proxy.requests);
  process.stdout.write(`${JSON.stringify(report)}\n`);
} catch (error) {
  console.error(error);
  process.stdout.write(
    `${JSON.stringify({ failed: String((error as Error)?.stack ?? error), requests: proxy.requests })}\n`,
  );
  status = 1;
} finally {
  await proxy.close();
  await peer.stop();
}
process.exit(status);
