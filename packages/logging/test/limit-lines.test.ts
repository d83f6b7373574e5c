import { channels, type LimitEvent } from '@mcpgw/core';
import { captureLogs } from '@mcpgw/test-support/capture-logs';
import { afterEach, describe, expect, it } from 'vitest';
import { type LoggingObserver, logging } from '../src/index.js';

const open: LoggingObserver[] = [];
afterEach(() => {
  for (const l of open.splice(0)) l.close();
});

function limit(client: string, from: number, to: number, reason: LimitEvent['reason']): void {
  const event: LimitEvent = { client, from, to, reason, shortRttMs: 42, longRttMs: 20 };
  channels.limit.publish(event);
}

describe('concurrency limit log lines', () => {
  it('one debug line per move of this client’s limit, with the reason and the latencies compared', () => {
    const captured = captureLogs();
    open.push(logging({ logger: captured.logger, client: 'limit-log' }));
    limit('limit-log', 28, 25, 'latency');
    limit('limit-log', 25, 22, 'drop');
    limit('another-client', 20, 10, 'drop');
    expect(captured.lines().map((l) => [l.level, l.msg, l.from, l.to, l.reason, l.shortRttMs])).toEqual([
      [20, 'concurrency limit 28 → 25', 28, 25, 'latency', 42],
      [20, 'concurrency limit 25 → 22', 25, 22, 'drop', 42],
    ]);
  });

  it('nothing above debug', () => {
    const captured = captureLogs();
    captured.logger.level = 'info';
    open.push(logging({ logger: captured.logger, client: 'limit-log-info' }));
    limit('limit-log-info', 28, 25, 'latency');
    expect(captured.lines()).toEqual([]);
  });
});
