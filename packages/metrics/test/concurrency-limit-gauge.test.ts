import { spawnSync } from 'node:child_process';
import { channels, type LimitEvent } from '@mcpgw/core';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { metrics } from '../src/index.js';

const limitEvent = (client: string, from: number, to: number): LimitEvent => ({
  client,
  from,
  to,
  reason: 'latency',
  shortRttMs: 30,
  longRttMs: 20,
});

describe('mcpgw_concurrency_limit', () => {
  it('follows mcpgw:limit events of its own client only', async () => {
    const observer = metrics({ registry: new Registry(), client: 'gauge-a' });
    try {
      channels.limit.publish(limitEvent('gauge-a', 20, 17));
      channels.limit.publish(limitEvent('gauge-b', 20, 99));
      expect(await observer.registry.metrics()).toMatch(/^mcpgw_concurrency_limit 17$/m);
    } finally {
      observer.close();
    }
  });

  it('reads the limit at scrape time when given a source, and promtool finds no problem in it', async () => {
    let limit = 12;
    const observer = metrics({ registry: new Registry(), client: 'gauge-c', concurrencyLimit: () => limit });
    try {
      expect(await observer.registry.metrics()).toMatch(/^mcpgw_concurrency_limit 12$/m);
      limit = 9;
      const text = await observer.registry.metrics();
      expect(text).toMatch(/^mcpgw_concurrency_limit 9$/m);
      const result = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8', timeout: 60_000 });
      expect(result.error, 'promtool is not installed: apt-get install -y prometheus').toBeUndefined();
      expect(`${result.stdout}${result.stderr}`).not.toMatch(/concurrency_limit/);
    } finally {
      observer.close();
    }
  });
});
