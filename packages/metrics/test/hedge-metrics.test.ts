import { spawnSync } from 'node:child_process';
import { channels, type HedgeEvent, type HedgeResult } from '@mcpgw/core';
import { samplesOf } from '@mcpgw/test-support/samples';
import { afterEach, describe, expect, it } from 'vitest';
import { type MetricsObserver, metricNames, metrics } from '../src/index.js';

const open: MetricsObserver[] = [];
afterEach(() => {
  for (const m of open.splice(0)) m.close();
});

function publish(client: string, operation: string, result: HedgeResult, branch: number): void {
  const event: HedgeEvent = { client, operation, requestId: 'r-1', result, branch, delayMs: 12 };
  channels.hedge.publish(event);
}

describe('mcpgw_hedges_total', () => {
  it('counts hedges sent, won and cancelled by operation, for this client only', async () => {
    const m = metrics({ client: 'hedge-metrics' });
    open.push(m);
    expect(metricNames.hedges).toBe('hedges_total');
    publish('hedge-metrics', 'getServer', 'sent', 1);
    publish('hedge-metrics', 'getServer', 'won', 1);
    publish('hedge-metrics', 'getServer', 'cancelled', 0);
    publish('hedge-metrics', 'listTools', 'sent', 1);
    publish('someone-else', 'getServer', 'sent', 1);
    const samples = await samplesOf(m.registry);
    expect(samples.mcpgw_hedges_total).toEqual({
      '{operation="getServer",result="sent"}': 1,
      '{operation="getServer",result="won"}': 1,
      '{operation="getServer",result="cancelled"}': 1,
      '{operation="listTools",result="sent"}': 1,
    });
  });

  it('passes promtool check metrics', async () => {
    const m = metrics({ client: 'hedge-promtool' });
    open.push(m);
    publish('hedge-promtool', 'getServer', 'sent', 1);
    const exposition = await m.registry.metrics();
    expect(exposition).toContain('mcpgw_hedges_total{operation="getServer",result="sent"} 1');
    const result = spawnSync('promtool', ['check', 'metrics'], {
      input: exposition,
      encoding: 'utf8',
      timeout: 60_000,
    });
    if (result.error !== undefined) {
      throw new Error('promtool is not installed: install Debian package "prometheus"; .ci/run does it in CI');
    }
    expect(`${result.stdout}${result.stderr}`).toBe('');
    expect(result.status).toBe(0);
  });
});
