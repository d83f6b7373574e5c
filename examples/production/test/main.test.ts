import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startGatewaySim } from '@mcpgw/gateway-sim';
import { ConfigError } from '@mcpgw/preset';
import { expect, onTestFinished, test } from 'vitest';
import { main } from '../src/main.js';
import { startOtlpReceiver } from './otlp-receiver.js';

async function setup() {
  const sim = await startGatewaySim({ apiKey: 'prod-key' });
  const receiver = await startOtlpReceiver();
  onTestFinished(async () => {
    await receiver.close();
    await sim.close();
  });
  const env = {
    MCPGW_BASE_URL: sim.url,
    MCPGW_API_KEY: 'prod-key',
    MCPGW_LOG_LEVEL: 'error',
    PORT: '0',
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${receiver.url}/v1/traces`,
  };
  return { sim, receiver, env };
}

test('serves work, /metrics, /healthz and /readyz, and exports spans over OTLP on shutdown', async () => {
  const { sim, receiver, env } = await setup();
  const service = await main({ env });
  const servers = await fetch(`${service.url}/servers`).then((r) => r.json());
  expect(servers).toHaveLength(10);
  const metrics = await fetch(`${service.url}/metrics`);
  expect(metrics.headers.get('content-type')).toMatch(/text\/plain/);
  expect(await metrics.text()).toMatch(/mcpgw_requests_total\{[^}]*operation="listServers"/);
  expect((await fetch(`${service.url}/healthz`)).status).toBe(200);
  const ready = await fetch(`${service.url}/readyz`);
  expect(ready.status).toBe(200);
  expect(await ready.json()).toMatchObject({ status: 'healthy', checks: { gateway: { status: 'healthy' } } });
  expect((await fetch(`${service.url}/nope`)).status).toBe(404);
  await service.close();
  // The gateway saw the trace context, and the collector got the spans (flushed by the shutdown).
  expect(sim.requests.find((r) => r.route === 'listServers')?.headers.traceparent).toMatch(/^00-[0-9a-f]{32}-/);
  expect(receiver.exports.join('')).toContain('mcpgw listServers');
});

test('bad configuration stops the service before it listens, listing every bad variable', async () => {
  const error = await main({ env: { MCPGW_BASE_URL: 'nope', MCPGW_MAX_QUEUE: 'lots' } }).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(ConfigError);
  expect((error as ConfigError).issues.map((i) => i.path)).toEqual(['MCPGW_BASE_URL', 'MCPGW_MAX_QUEUE']);
});

test('SIGTERM: the process drains, flushes its spans and exits 0 on its own', async () => {
  const { receiver, env } = await setup();
  const entry = fileURLToPath(new URL('../src/main.ts', import.meta.url));
  const child = spawn(process.execPath, ['--conditions=@mcpgw/source', '--import', 'tsx', entry], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /listening on (http:\/\/\S+)/.exec(stdout);
      if (match?.[1]) resolve(match[1]);
    });
    void exited.then(() => reject(new Error(`exited before listening: ${stderr}`)));
  });
  expect(await fetch(`${url}/servers`).then((r) => r.status)).toBe(200);
  child.kill('SIGTERM');
  expect({ code: await exited, stderr }).toEqual({ code: 0, stderr: '' });
  expect(stdout).toContain('shut down cleanly');
  expect(receiver.exports.join('')).toContain('mcpgw listServers');
});
