import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Registry } from 'prom-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { metrics } from '../src/index.js';
import { driveScenario } from './support/drive-scenario.js';

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
    expect(output).toContain('SUCCESS: 6 rules found');
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
      layers: ({ transport, cache }) => {
        layer = metrics({
          registry,
          client: 'promtool-it',
          pools: () => transport.stats(),
          cacheStats: () => cache.stats(),
        });
        return [layer];
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
});
