/**
 * Command: `everything-session.ts <sdk|mcpgw> <protocolVersion|-> [basic|server-requests|session-lost]`, run inside a
 * loopback-only namespace (runInLoopbackNamespace). Starts server-everything, puts a recording proxy in front of it,
 * runs the chosen steps (everything-steps.ts, everything-server-requests.ts, everything-session-lost.ts) with the chosen client and prints the
 * report as one line of JSON on stdout. A process outside the namespace cannot reach the namespace's loopback, which
 * is why the client runs here and the test only reads the report.
 */
import { sdkEverythingClient } from './everything-sdk-client.js';
import { runServerRequestSteps, serverRequestHandlers } from './everything-server-requests.js';
import { runSessionLostSteps } from './everything-session-lost.js';
import { type EverythingClient, type EverythingHandlers, runEverythingSteps } from './everything-steps.js';
import { startRecordingProxy } from './recording-proxy.js';
import { startServerEverything } from './server-everything.js';

// A fresh namespace has every port free; a fixed one keeps the peer's command line simple.
const PORT = 3001;

type Connect = (
  url: string,
  protocolVersion: string | undefined,
  handlers: EverythingHandlers,
) => Promise<EverythingClient>;
const clients: Record<string, Connect> = {
  sdk: sdkEverythingClient,
  mcpgw: async (url, version, handlers) =>
    (await import('./everything-mcpgw-client.js')).mcpgwEverythingClient(url, version, handlers),
};

const [which = '', versionArg = '-', steps = 'basic'] = process.argv.slice(2);
const connect = clients[which];
if (connect === undefined || !['basic', 'server-requests', 'session-lost'].includes(steps)) {
  console.error(
    `usage: everything-session.ts <${Object.keys(clients).join('|')}> <protocolVersion|-> [basic|server-requests|session-lost]`,
  );
  process.exit(2);
}
const protocolVersion = versionArg === '-' ? undefined : versionArg;

let peer = await startServerEverything(PORT);
const proxy = await startRecordingProxy(peer.url);
let status = 0;
try {
  const report =
    steps === 'basic'
      ? await runEverythingSteps(await connect(proxy.url, protocolVersion, {}), proxy.requests)
      : steps === 'server-requests'
        ? await runServerRequestSteps(await connect(proxy.url, protocolVersion, serverRequestHandlers), proxy.requests)
        : await runSessionLostSteps(await connect(proxy.url, protocolVersion, {}), proxy.requests, async () => {
            await peer.stop();
            peer = await startServerEverything(PORT);
          });
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
