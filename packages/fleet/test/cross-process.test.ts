import { randomUUID } from 'node:crypto';
import { type GatewaySim, startGatewaySim } from '@mcpgw/gateway-sim';
import { startRedisServer } from '@mcpgw/redis-test-server';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import type { FleetStats } from '../src/index.js';
import type { PeerConfig } from './fixtures/fleet-peer.js';
import { type FleetPeer, startFleetPeer } from './fleet-peer-process.js';

const redisUrl = inject('redisUrl');

let sim: GatewaySim;
let peers: FleetPeer[] = [];

beforeEach(async () => {
  sim = await startGatewaySim({ port: 0, servers: 8 });
});
afterEach(async () => {
  // Every peer exits on its own once stdin ends: its fleet state, breaker and transport hold nothing open.
  const closed = await Promise.all(peers.map((peer) => peer.close()));
  peers = [];
  await sim.close();
  expect(closed.every(({ killed }) => !killed)).toBe(true);
});

function start(count: number, config: Partial<PeerConfig>): FleetPeer[] {
  const base: PeerConfig = {
    redisUrl,
    simUrl: sim.url,
    prefix: `fleet-${randomUUID().slice(0, 8)}`,
    fleet: true,
    budget: { ratio: 0.2, minPerSecond: 1, windowMs: 60_000 },
    maxAttempts: 3,
    breaker: false,
  };
  const started = Array.from({ length: count }, () => startFleetPeer({ ...base, ...config }));
  peers.push(...started);
  return started;
}

const allReady = async (group: FleetPeer[]) => {
  for (const ready of await Promise.all(group.map((peer) => peer.send<{ ready: boolean }>({ cmd: 'ready' })))) {
    expect(ready.ready).toBe(true);
  }
};

type Burst = { outcomes: Record<string, number> };
type PeerStats = {
  fleet?: FleetStats;
  health?: { ok: boolean; state: string };
  retry: { calls: number; retries: number; budget: { state?: string } };
  breaker?: { state: string; failures: number; calls: number; rejects: number };
};

/** Every call of a total outage, from every process at once: attempts the sim counted for `calls` logical calls. */
async function outageRun(group: FleetPeer[], callsEach: number): Promise<number> {
  await allReady(group);
  sim.script(
    'listServers',
    Array.from({ length: group.length * callsEach * 3 }, () => ({ status: 503 })),
  );
  const before = sim.counts.listServers;
  const bursts = await Promise.all(
    group.map((peer) => peer.send<Burst>({ cmd: 'burst', calls: callsEach, gapMs: 10 })),
  );
  // Every call settled, and each failed with the gateway's 503: none hung, none got another error.
  for (const { outcomes } of bursts) expect(outcomes).toEqual({ MCPGW_SERVER_ERROR: callsEach });
  const attempts = sim.counts.listServers - before;
  // Each exits on its own once stdin ends (fewer processes at once for the next run on a busy machine).
  for (const { killed } of await Promise.all(group.map((peer) => peer.close()))) expect(killed).toBe(false);
  return attempts;
}

describe('a fleet of client processes sharing one Redis', () => {
  it('spends one fleet’s retry budget in a total outage, not one per process', async () => {
    const processes = 6;
    const callsEach = 60;
    const calls = processes * callsEach;
    const ratio = 0.2;
    const reserve = 1 * (60_000 / 1000); // minPerSecond × window in seconds, once for the whole fleet
    // The whole run falls in one 60 s window, so the budget's bound is exact: calls + reserve + ratio × calls.
    const fleetBound = calls + Math.floor(reserve + ratio * calls);

    const shared = await outageRun(start(processes, { fleet: true }), callsEach);
    expect(shared).toBeLessThanOrEqual(fleetBound);
    expect(shared / calls).toBeLessThanOrEqual(1 + ratio + reserve / calls);
    expect(shared).toBeGreaterThan(calls); // the fleet did retry: the budget was spent, not refused outright

    // The same run with each process alone: each has its own reserve, so together they exceed one fleet's bound.
    const alone = await outageRun(start(processes, { fleet: false }), callsEach);
    const perProcessBound = processes * (callsEach + Math.floor(reserve + ratio * callsEach));
    expect(alone).toBeGreaterThan(fleetBound);
    expect(alone).toBeLessThanOrEqual(perProcessBound);
    console.info(
      `fleet budget, ${processes} processes × ${callsEach} calls in a total outage: ${shared} attempts shared ` +
        `(bound ${fleetBound}), ${alone} alone (bound ${perProcessBound})`,
    );
  });

  it('opens a circuit in every process when one process opened it, through Redis', async () => {
    const group = start(4, { maxAttempts: 1, breaker: { volumeThreshold: 4, resetTimeoutMs: 30_000 } });
    const [first, ...others] = group as [FleetPeer, ...FleetPeer[]];
    await allReady(group);
    // Every process has a closed circuit for the gateway, from a good call.
    for (const peer of group)
      expect((await peer.send<Burst>({ cmd: 'burst', calls: 1, gapMs: 0 })).outcomes).toEqual({ ok: 1 });

    sim.script(
      'listServers',
      Array.from({ length: 20 }, () => ({ status: 503 })),
    );
    const opened = await first.send<Burst>({ cmd: 'burst', calls: 6, gapMs: 0 });
    // Its own failures opened it (the good call counts in its window too), then it failed fast.
    expect(opened.outcomes.MCPGW_SERVER_ERROR).toBeGreaterThanOrEqual(3);
    expect(opened.outcomes.MCPGW_CIRCUIT_OPEN).toBeGreaterThanOrEqual(1);
    expect((await first.send<PeerStats>({ cmd: 'stats' })).breaker?.state).toBe('open');
    const openedAt = Date.now();
    const countAfterFirst = sim.counts.listServers;

    const seen = await Promise.all(
      others.map((peer) =>
        peer.send<{ reached: boolean; at: number }>({ cmd: 'waitBreaker', state: 'open', timeoutMs: 5_000 }),
      ),
    );
    for (const { reached } of seen) expect(reached).toBe(true);
    for (const peer of others) {
      const stats = await peer.send<PeerStats>({ cmd: 'stats' });
      // They saw no failure of their own: the news came through Redis.
      expect(stats.breaker).toMatchObject({ state: 'open', failures: 0 });
      // And their next call fails fast, never reaching the gateway.
      expect((await peer.send<Burst>({ cmd: 'burst', calls: 1, gapMs: 0 })).outcomes).toEqual({
        MCPGW_CIRCUIT_OPEN: 1,
      });
    }
    expect(sim.counts.listServers).toBe(countAfterFirst);
    console.info(`circuit seen open by the others after ≤ ${Math.max(...seen.map(({ at }) => at - openedAt))} ms`);
  });

  it('falls back to local state when Redis is killed, every call settling, and shares again when it is back', async () => {
    let redis = await startRedisServer();
    try {
      const group = start(4, { redisUrl: redis.url });
      await allReady(group);
      await redis.kill();
      for (const reached of await Promise.all(
        group.map((peer) => peer.send<{ reached: boolean }>({ cmd: 'waitState', state: 'local', timeoutMs: 10_000 })),
      )) {
        expect(reached.reached).toBe(true);
      }
      sim.script(
        'listServers',
        Array.from({ length: 4 * 10 * 3 }, () => ({ status: 503 })),
      );
      for (const { outcomes } of await Promise.all(
        group.map((peer) => peer.send<Burst>({ cmd: 'burst', calls: 10, gapMs: 0 })),
      )) {
        expect(outcomes).toEqual({ MCPGW_SERVER_ERROR: 10 });
      }
      sim.script('listServers', []);
      for (const { outcomes } of await Promise.all(
        group.map((peer) => peer.send<Burst>({ cmd: 'burst', calls: 5, gapMs: 0 })),
      )) {
        expect(outcomes).toEqual({ ok: 5 });
      }
      for (const peer of group) {
        const stats = await peer.send<PeerStats>({ cmd: 'stats' });
        expect(stats.fleet?.state).toBe('local');
        expect(stats.health).toMatchObject({ ok: false, state: 'local' });
        expect(stats.retry.budget.state).toBe('local');
      }

      redis = await startRedisServer(redis.port);
      for (const reached of await Promise.all(
        group.map((peer) => peer.send<{ reached: boolean }>({ cmd: 'waitState', state: 'shared', timeoutMs: 15_000 })),
      )) {
        expect(reached.reached).toBe(true);
      }
      for (const peer of group) {
        const stats = await peer.send<PeerStats>({ cmd: 'stats' });
        expect(stats.health).toMatchObject({ ok: true, state: 'shared' });
        expect(stats.retry.budget.state).toBe('shared');
      }
    } finally {
      await redis.kill();
    }
  });
});
