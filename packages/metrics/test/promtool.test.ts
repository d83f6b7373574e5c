import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { driveScenario } from '@mcpgw/test-support/drive-scenario';
import { finishMcpOperation } from '@mcpgw/test-support/mcp-operation';
import { Registry } from 'prom-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { metrics } from '../src/index.js';

const docs = fileURLToPath(new URL('../../../docs/observability/', import.meta.url));

function promtool(args: string[], input?: string) {
  const result = spawnSync('promtool', args, { cwd: docs, input, encoding: 'utf8', timeout: 60_000 });
  if ((result.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT') {
    throw new Error(
      'promtool is not installed: install Debian package "prometheus" (apt-get install -y prometheus); .ci/run does it in CI',
    );
  }
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('promtool', () => {
  beforeAll(() => {
    promtool(['--version']);
  });

  it('accepts the alert rules', () => {
    const { status, output } = promtool(['check', 'rules', 'alerts.yml']);
    expect(output).toContain('SUCCESS: 9 rules found');
    expect(status).toBe(0);
  });

  it('passes the alert unit tests', () => {
    const { status, output } = promtool(['test', 'rules', 'alerts.test.yml']);
    expect(output).toContain('SUCCESS');
    expect(status).toBe(0);
  });

  it('finds no problem in a real exposition of a client driven against gateway-sim', async () => {
    const registry = new Registry();
    let layer: ReturnType<typeof metrics> | undefined;
    const scenario = await driveScenario({
      clientName: 'promtool-it',
      observe: ({ transport, cache }) => {
        layer = metrics({
          registry,
          client: 'promtool-it',
          pools: () => transport.stats(),
          cacheStats: () => cache.stats(),
        });
      },
    });
    try {
      const exposition = await registry.metrics();
      expect(exposition).toContain('mcpgw_breaker_state{upstream=');
      const { status, output } = promtool(['check', 'metrics'], exposition);
      expect(output).toBe('');
      expect(status).toBe(0);
    } finally {
      layer?.close();
      await scenario.close();
    }
  });

  it('finds no problem in the MCP metrics, with and without an error type', async () => {
    const layer = metrics({ mcp: { toolNameLabel: true } });
    try {
      const headers = { 'mcp-protocol-version': '2025-11-25', 'mcp-session-id': 's-1' };
      const initialize = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25' } };
      const opened = {
        headers: { 'mcp-session-id': 's-1' },
        body: { answer: { result: { protocolVersion: '2025-11-25' } } },
      };
      finishMcpOperation({ body: initialize }, { response: opened });
      const call = { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'echo', arguments: {} } };
      finishMcpOperation({ body: call, headers }, { response: { body: { answer: { result: { isError: true } } } } });
      finishMcpOperation({ body: call, headers }, { response: {} });
      finishMcpOperation({ method: 'DELETE', headers }, { response: {} });
      const exposition = await layer.registry.metrics();
      expect(exposition).toContain('mcp_client_operation_duration_seconds_bucket{');
      expect(exposition).toContain('mcp_client_session_duration_seconds_count{');
      const { status, output } = promtool(['check', 'metrics'], exposition);
      expect(output).toBe('');
      expect(status).toBe(0);
    } finally {
      layer.close();
    }
  });
});
