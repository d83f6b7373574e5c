import { channels, type HedgeEvent } from '@mcpgw/core';
import { captureLogs } from '@mcpgw/test-support/capture-logs';
import { afterEach, describe, expect, it } from 'vitest';
import { type LoggingObserver, logging } from '../src/index.js';

const open: LoggingObserver[] = [];
afterEach(() => {
  for (const l of open.splice(0)) l.close();
});

function hedge(client: string, result: HedgeEvent['result'], branch: number): void {
  const event: HedgeEvent = { client, operation: 'getServer', requestId: 'r-7', result, branch, delayMs: 12.5 };
  channels.hedge.publish(event);
}

describe('hedge log lines', () => {
  it('one debug line per hedge event of this client, with the call’s identity', () => {
    const captured = captureLogs();
    open.push(logging({ logger: captured.logger, client: 'hedge-log' }));
    hedge('hedge-log', 'sent', 1);
    hedge('hedge-log', 'won', 1);
    hedge('hedge-log', 'cancelled', 0);
    hedge('another-client', 'sent', 1);
    expect(captured.lines().map((l) => [l.level, l.msg, l.requestId, l.operation, l.branch, l.delayMs])).toEqual([
      [20, 'hedge sent', 'r-7', 'getServer', 1, 12.5],
      [20, 'hedge won', 'r-7', 'getServer', 1, 12.5],
      [20, 'hedge cancelled', 'r-7', 'getServer', 0, 12.5],
    ]);
  });

  it('nothing above debug', () => {
    const captured = captureLogs();
    captured.logger.level = 'info';
    open.push(logging({ logger: captured.logger, client: 'hedge-log-info' }));
    hedge('hedge-log-info', 'sent', 1);
    expect(captured.lines()).toEqual([]);
  });
});
