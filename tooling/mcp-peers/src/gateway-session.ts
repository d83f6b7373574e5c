/**
 * Command: `gateway-session.ts <gateway> <protocolVersion|->`, run inside a loopback-only namespace. Starts a
 * third-party gateway of gateway-peers.ts in front of server-everything (stdio), a recording proxy in front of the
 * gateway, Redis and a real-Rego OPA, then runs the server-everything steps through the preset with every layer on
 * (tracing, metrics, logging at debug on stderr, deadline, OPA with the canary user token, the Redis cache,
 * concurrency limit, retry, breaker, attempt timeout) and the canary API key. Adds a cached second listing, an OPA
 * deny, a call that outlives its timeout, and a canary scan of the spans, the metric exposition and the errors.
 * Prints the report as one line of JSON on stdout; the log lines are stderr, which the test scans.
 */
import diagnostics from 'node:diagnostics_channel';
import { everyLayerExtras } from './every-layer-client.js';
import { mcpgwEverythingClient } from './everything-mcpgw-client.js';
import {
  describeError,
  type ErrorSeen,
  type EverythingClient,
  type EverythingReport,
  runEverythingSteps,
} from './everything-steps.js';
import { type GatewayPeerName, gatewayPeers, startGatewayPeer } from './gateway-peers.js';
import { deniedTool, gatewayPolicy } from './gateway-policy.js';
import { startRecordingProxy } from './recording-proxy.js';
import { canary, scanForCanaries, startOpaTestServer, startRedisServer, TelemetryCapture } from './test-servers.js';

export interface GatewayReport extends EverythingReport {
  /** The tool names of a second listing (served by the cache: no second tools/list reaches the gateway). */
  listedAgain: string[];
  /** How many `notifications/tools/list_changed` reached the client; each one may cost one more listing. */
  toolsListChanged: number;
  /** The call OPA refused. */
  denied?: ErrorSeen;
  /** The call that outlived its `timeoutMs`, and the progress it saw first. */
  timedOut?: ErrorSeen;
  timedOutProgress: number;
  /** The metric exposition, read before close. */
  metrics: string;
  spanNames: string[];
  /** Where a canary (API key, user token, argument value, session id) showed in spans, metrics or errors. */
  findings: Array<{ where: string; canary: string }>;
}

const PORT = 3002;
const [gateway = '', versionArg = '-'] = process.argv.slice(2);
if (!(gateway in gatewayPeers)) {
  console.error(`usage: gateway-session.ts <${Object.keys(gatewayPeers).join('|')}> <protocolVersion|->`);
  process.exit(2);
}

const capture = new TelemetryCapture();
let toolsListChanged = 0;
diagnostics.subscribe('mcpgw:mcp:list-changed', (event) => {
  if ((event as { kind?: unknown }).kind === 'tools') toolsListChanged++;
});
const redis = await startRedisServer();
const opa = await startOpaTestServer({ port: 0, host: '127.0.0.1', mode: 'rego', policy: gatewayPolicy });
const peer = await startGatewayPeer(gateway as GatewayPeerName, PORT);
const proxy = await startRecordingProxy(peer.url);
const extras = everyLayerExtras({ redisUrl: redis.url, opaUrl: opa.url, capture });

let status = 0;
try {
  const client = await mcpgwEverythingClient(proxy.url, versionArg === '-' ? undefined : versionArg, {}, extras);
  const extra: Partial<GatewayReport> = {};
  const closing: EverythingClient = {
    ...client,
    // Called by the steps once they are done: the extra steps run first, in the same session.
    async close() {
      extra.listedAgain = await client.listToolNames();
      try {
        await client.callTool(deniedTool, {});
      } catch (error) {
        capture.errors.push(error);
        extra.denied = describeError(error);
      }
      let progress = 0;
      try {
        await client.callTool(
          'trigger-long-running-operation',
          { duration: 20, steps: 20 },
          { timeoutMs: 2_500, onProgress: () => progress++ },
        );
      } catch (error) {
        capture.errors.push(error);
        extra.timedOut = describeError(error);
      }
      extra.timedOutProgress = progress;
      await client.callTool('echo', { message: canary.parameterValue });
      extra.metrics = await client.metricsText();
      await client.close();
    },
  };
  const report = await runEverythingSteps(closing, proxy.requests);
  capture.expositions.push(extra.metrics ?? '');
  const sessionIds = [...new Set(proxy.requests.map((r) => r.headers['mcp-session-id']).filter((id) => id))];
  const canaries: Record<string, string> = { ...canary };
  for (const [i, id] of sessionIds.entries()) canaries[`sessionId${i}`] = id!;
  const full: GatewayReport = {
    ...report,
    listedAgain: extra.listedAgain ?? [],
    toolsListChanged,
    ...(extra.denied ? { denied: extra.denied } : {}),
    ...(extra.timedOut ? { timedOut: extra.timedOut } : {}),
    timedOutProgress: extra.timedOutProgress ?? 0,
    metrics: extra.metrics ?? '',
    spanNames: capture.exporter.getFinishedSpans().map((s) => s.name),
    findings: scanForCanaries(capture, canaries),
  };
  process.stdout.write(`${JSON.stringify(full)}\n`);
} catch (error) {
  console.error(error, peer.output());
  process.stdout.write(
    `${JSON.stringify({ failed: String((error as Error)?.stack ?? error), requests: proxy.requests })}\n`,
  );
  status = 1;
} finally {
  await proxy.close();
  await Promise.all([peer.stop(), opa.close(), redis.kill()]);
}
process.exit(status);
