import {
  buildRequest,
  CircuitOpenError,
  ConfigError,
  type GatewayResponse,
  type Handler,
  type SharedCircuits,
} from '@mcpgw/core';
import { httpErrorForStatus } from '@mcpgw/core/kit';
import { describe, expect, it } from 'vitest';
import { breaker } from '../src/index.js';

const request = (origin: string) =>
  buildRequest({ origin, path: '/api/v1/servers', operation: 'listServers', idempotent: true });
const ok: GatewayResponse = { status: 200, headers: {}, body: 'ok', attempts: 1, cache: undefined };

/** What a fleet would hold, kept in memory: the breaker's side of the contract is what this file tests. */
function memoryFleet() {
  const opened: Array<[string, number]> = [];
  const held = new Map<string, number>();
  const watchers = new Set<(upstream: string, openMs: number) => void>();
  const circuits: SharedCircuits = {
    opened: (upstream, openMs) => opened.push([upstream, openMs]),
    openFor: (upstream) => held.get(upstream) ?? 0,
    watch(hold) {
      watchers.add(hold);
      return () => watchers.delete(hold);
    },
  };
  const openElsewhere = (upstream: string, openMs: number) => {
    held.set(upstream, openMs);
    for (const hold of watchers) hold(upstream, openMs);
  };
  return { circuits, opened, openElsewhere, watchers };
}

const settle = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => e,
  );

describe('breaker({ shared })', () => {
  it('tells the fleet when a circuit opens on its own failures, once', async () => {
    const fleet = memoryFleet();
    const layer = breaker({ volumeThreshold: 2, resetTimeoutMs: 5_000, shared: fleet.circuits });
    const handler = layer(() => Promise.reject(httpErrorForStatus(503)));
    for (let i = 0; i < 3; i++) await settle(handler(request('http://a')));
    expect(layer.stats()['http://a']?.state).toBe('open');
    expect(fleet.opened).toEqual([['http://a', 5_000]]);
    layer.close();
  });

  it('opens a known circuit on the fleet’s news, without sending the news back', async () => {
    const fleet = memoryFleet();
    const layer = breaker({ resetTimeoutMs: 5_000, shared: fleet.circuits });
    let sent = 0;
    const inner: Handler = async () => {
      sent++;
      return ok;
    };
    const handler = layer(inner);
    expect(await settle(handler(request('http://a')))).toBe('ok');
    fleet.openElsewhere('http://a', 3_000);
    expect(layer.stats()['http://a']?.state).toBe('open');
    expect(await settle(handler(request('http://a')))).toBeInstanceOf(CircuitOpenError);
    expect(sent).toBe(1);
    expect(layer.stats()['http://a']).toMatchObject({ failures: 0, rejects: 1 });
    expect(fleet.opened).toEqual([]);
    layer.close();
    expect(fleet.watchers.size).toBe(0);
  });

  it('creates a circuit already open when the fleet holds its upstream open', async () => {
    const fleet = memoryFleet();
    fleet.openElsewhere('http://b', 2_000);
    const layer = breaker({ shared: fleet.circuits });
    let sent = 0;
    const handler = layer(async () => {
      sent++;
      return ok;
    });
    expect(await settle(handler(request('http://b')))).toBeInstanceOf(CircuitOpenError);
    expect(await settle(handler(request('http://c')))).toBe('ok');
    expect(sent).toBe(1);
    expect(fleet.opened).toEqual([]);
    layer.close();
  });

  it('refuses a shared option that is not a SharedCircuits', () => {
    expect(() => breaker({ shared: {} as SharedCircuits })).toThrow(ConfigError);
  });
});
