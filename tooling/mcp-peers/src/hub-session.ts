/**
 * Command: `hub-session.ts [protocolVersion|auto]` (2025-06-18 unless given), run inside a loopback-only namespace. Starts the aggregating gateway of
 * aggregating-gateway.ts (mcp-hub over two server-everything instances, supergateway in front), a recording proxy in
 * front of it, Redis and a real-Rego OPA, and drives it through the preset with every layer on (every-layer-client.ts):
 * list the namespaced tools, call a tool of each server, a long-running call with progress, a second listing, an OPA
 * deny, an unknown server's tool, a call past its `timeoutMs`, a call after it, an `echo` of the canary; then scans
 * spans, the metric exposition and errors for the canaries. Prints the report as one line of JSON on stdout; the log
 * lines are stderr, which the test scans.
 */
import { type RunningAggregatingGateway, startAggregatingGateway } from './aggregating-gateway.js';
import { everyLayerExtras } from './every-layer-client.js';
import { mcpgwEverythingClient } from './everything-mcpgw-client.js';
import { describeError, type ErrorSeen, type ProgressSeen } from './everything-steps.js';
import { gatewayPolicy } from './gateway-policy.js';
import { type RecordedRequest, startRecordingProxy } from './recording-proxy.js';
import { canary, scanForCanaries, startOpaTestServer, startRedisServer, TelemetryCapture } from './test-servers.js';

export interface HubReport {
  hubHealth: RunningAggregatingGateway['hubHealth'];
  tools: string[];
  listedAgain: string[];
  /** `alpha__echo` and `beta__get-sum`: one tool of each server. */
  echo: string;
  sum: string;
  progress: ProgressSeen[];
  longRunning: string;
  denied?: ErrorSeen;
  unknownTool?: ErrorSeen;
  timedOut?: ErrorSeen;
  afterTimeout: string;
  metrics: string;
  spanNames: string[];
  findings: Array<{ where: string; canary: string }>;
  requests: RecordedRequest[];
}

const [versionArg = '2025-06-18'] = process.argv.slice(2);
const PORT = 3002;
const HUB_PORT = 3003;
const deniedHubTool = 'beta__get-env';
const unknownHubTool = 'gamma__echo';

const capture = new TelemetryCapture();
const redis = await startRedisServer();
const opa = await startOpaTestServer({ port: 0, host: '127.0.0.1', mode: 'rego', policy: gatewayPolicy });
let gateway: RunningAggregatingGateway | undefined;
let proxy: Awaited<ReturnType<typeof startRecordingProxy>> | undefined;
let status = 0;
const failed = (error: unknown) => {
  capture.errors.push(error);
  return describeError(error);
};
try {
  gateway = await startAggregatingGateway(PORT, HUB_PORT);
  proxy = await startRecordingProxy(gateway.url);
  const extras = everyLayerExtras({ redisUrl: redis.url, opaUrl: opa.url, capture });
  const client = await mcpgwEverythingClient(proxy.url, versionArg, {}, extras);
  const report: Partial<HubReport> = { hubHealth: gateway.hubHealth };
  report.tools = await client.listToolNames();
  report.echo = await client.callTool('alpha__echo', { message: 'hello from mcpgw' });
  report.sum = await client.callTool('beta__get-sum', { a: 2, b: 3 });
  const progress: ProgressSeen[] = [];
  report.longRunning = await client.callTool(
    'alpha__trigger-long-running-operation',
    { duration: 1, steps: 4 },
    { onProgress: (p) => progress.push(p) },
  );
  report.progress = progress;
  report.listedAgain = await client.listToolNames();
  await client.callTool(deniedHubTool, {}).catch((error) => {
    report.denied = failed(error);
  });
  await client.callTool(unknownHubTool, { message: 'nobody' }).catch((error) => {
    report.unknownTool = failed(error);
  });
  await client
    .callTool('beta__trigger-long-running-operation', { duration: 20, steps: 20 }, { timeoutMs: 2_500 })
    .catch((error) => {
      report.timedOut = failed(error);
    });
  report.afterTimeout = await client.callTool('alpha__echo', { message: 'still usable' });
  await client.callTool('beta__echo', { message: canary.parameterValue });
  report.metrics = await client.metricsText();
  await client.close();
  capture.expositions.push(report.metrics);
  const sessionIds = [...new Set(proxy.requests.map((r) => r.headers['mcp-session-id']).filter((id) => id))];
  const canaries: Record<string, string> = { ...canary };
  for (const [i, id] of sessionIds.entries()) canaries[`sessionId${i}`] = id!;
  report.spanNames = capture.exporter.getFinishedSpans().map((s) => s.name);
  report.findings = scanForCanaries(capture, canaries);
  report.requests = proxy.requests;
  process.stdout.write(`${JSON.stringify(report)}\n`);
} catch (error) {
  console.error(error, gateway?.output());
  process.stdout.write(
    `${JSON.stringify({ failed: String((error as Error)?.stack ?? error), requests: proxy?.requests ?? [] })}\n`,
  );
  status = 1;
} finally {
  await proxy?.close();
  await Promise.all([gateway?.stop(), opa.close(), redis.kill()]);
}
process.exit(status);
