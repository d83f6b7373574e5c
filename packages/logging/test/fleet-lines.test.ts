import { channels, type FleetStateEvent } from '@mcpgw/core';
import { captureLogs } from '@mcpgw/test-support/capture-logs';
import { afterEach, describe, expect, it } from 'vitest';
import { type LoggingObserver, logging } from '../src/index.js';

const open: LoggingObserver[] = [];
afterEach(() => {
  for (const l of open.splice(0)) l.close();
});

function fleet(client: string, state: FleetStateEvent['state'], reason?: string): void {
  const event: FleetStateEvent =
    reason === undefined ? { client, fleet: 'mcpgw:fleet', state } : { client, fleet: 'mcpgw:fleet', state, reason };
  channels.fleet.publish(event);
}

describe('fleet state log lines', () => {
  it('warns when this client’s fleet state falls back to local, and says when it is shared again', () => {
    const captured = captureLogs();
    open.push(logging({ logger: captured.logger, client: 'fleet-log' }));
    fleet('fleet-log', 'local', 'redis sync timed out after 250 ms');
    fleet('fleet-log', 'shared');
    fleet('another-client', 'local', 'not connected to redis');
    expect(captured.lines().map((l) => [l.level, l.msg, l.fleet, l.reason])).toEqual([
      [40, 'fleet state local: this process decides alone', 'mcpgw:fleet', 'redis sync timed out after 250 ms'],
      [30, 'fleet state shared', 'mcpgw:fleet', undefined],
    ]);
  });
});
