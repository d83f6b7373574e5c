import { randomUUID } from 'node:crypto';
import diagnostics from 'node:diagnostics_channel';
import { ConfigError, type FleetStateEvent } from '@mcpgw/core';
import { freePort } from '@mcpgw/redis-test-server';
import { retryBudget } from '@mcpgw/retry';
import { Redis } from 'ioredis';
import { describe, expect, inject, it, vi } from 'vitest';
import { type FleetState, FleetSyncError, fleetState } from '../src/index.js';
import { readSyncReply } from '../src/sync-reply.js';

const redisUrl = inject('redisUrl');
const prefix = () => `fleet-${randomUUID().slice(0, 8)}`;

describe('fleetState()', () => {
  it('hands out no more than one fleet’s budget across its members, and counts them', async () => {
    const shared = prefix();
    const members: FleetState[] = Array.from({ length: 4 }, () =>
      fleetState({ redis: { url: redisUrl }, prefix: shared, syncIntervalMs: 20, commandTimeoutMs: 5_000 }),
    );
    try {
      // ratio 0: the reserve alone, 1/s over a 60 s window = 60 retries for the whole fleet.
      const budgets = members.map((m) => m.retryBudget(retryBudget({ ratio: 0, minPerSecond: 1, windowMs: 60_000 })));
      for (const m of members) expect(await m.ready()).toBe(true);
      let spent = 0;
      // Each member asks every few ms; grants grow with demand until the fleet's 60 are gone (bounded rounds).
      for (let round = 0; round < 2_000 && spent < 60; round++) {
        for (const budget of budgets) while (budget.tryWithdraw()) spent++;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      expect(spent).toBe(60);
      // Later rounds get nothing more: the reserve is the fleet's, not each member's.
      for (let round = 0; round < 20; round++) {
        for (const budget of budgets) expect(budget.tryWithdraw()).toBe(false);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      await vi.waitFor(() => expect(members[0]!.stats().members).toBe(4), { timeout: 10_000 });
    } finally {
      await Promise.all(members.map((m) => m.close()));
    }
  });

  it('decides locally when Redis is not there, says so, and never throws into a call', async () => {
    const events: FleetStateEvent[] = [];
    const onEvent = (m: unknown) => events.push(m as FleetStateEvent);
    diagnostics.subscribe('mcpgw:fleet', onEvent);
    const fleet = fleetState({
      redis: { url: `redis://127.0.0.1:${await freePort()}` },
      prefix: prefix(),
      client: 'nowhere',
      commandTimeoutMs: 50,
    });
    try {
      const budget = fleet.retryBudget(retryBudget({ ratio: 0, minPerSecond: 1, windowMs: 3_000 }));
      expect(await fleet.ready(300)).toBe(false);
      let granted = 0;
      while (granted < 10 && budget.tryWithdraw()) granted++;
      expect(granted).toBe(3); // the local reserve
      expect(budget.stats().state).toBe('local');
      expect(fleet.circuits.openFor('http://a')).toBe(0);
      fleet.circuits.opened('http://a', 1_000); // kept here, sent when Redis is reachable
      expect(fleet.circuits.openFor('http://a')).toBeGreaterThan(0);
      await vi.waitFor(() => expect(fleet.stats().syncErrors).toBeGreaterThan(0), { timeout: 10_000 });
      expect(fleet.health()).toMatchObject({ ok: false, state: 'local' });
      expect(events.at(-1)).toMatchObject({ client: 'nowhere', state: 'local' });
      expect(fleet.stats().lastError).toMatch(/redis/);
    } finally {
      diagnostics.unsubscribe('mcpgw:fleet', onEvent);
      await fleet.close();
    }
    expect(fleet.health()).toMatchObject({ ok: false, detail: 'closed' });
  });

  it('publishes shared on its first good sync', async () => {
    const events: FleetStateEvent[] = [];
    const onEvent = (m: unknown) => events.push(m as FleetStateEvent);
    diagnostics.subscribe('mcpgw:fleet', onEvent);
    const fleet = fleetState({ redis: { url: redisUrl }, prefix: prefix(), client: 'here' });
    try {
      expect(await fleet.ready()).toBe(true);
      expect(events.filter((e) => e.client === 'here').map((e) => e.state)).toEqual(['shared']);
      expect(fleet.health()).toMatchObject({ ok: true, state: 'shared' });
    } finally {
      diagnostics.unsubscribe('mcpgw:fleet', onEvent);
      await fleet.close();
    }
  });

  it('refuses bad options with every problem named, before connecting', () => {
    const bad = () =>
      fleetState({ prefix: 'has space', syncIntervalMs: 0, commandTimeoutMs: -1, redis: { url: 'http://x' } });
    expect(bad).toThrow(ConfigError);
    try {
      bad();
    } catch (error) {
      const paths = (error as ConfigError).issues.map((issue) => issue.path);
      expect(paths).toEqual(
        expect.arrayContaining(['fleet.prefix', 'fleet.syncIntervalMs', 'fleet.commandTimeoutMs', 'fleet.redis.url']),
      );
    }
  });

  it('uses a client of your own and leaves it open on close()', async () => {
    const client = new Redis(redisUrl);
    try {
      const fleet = fleetState({ redis: { client }, prefix: prefix() });
      expect(await fleet.ready()).toBe(true);
      await fleet.close();
      expect(await client.ping()).toBe('PONG');
    } finally {
      client.disconnect();
    }
  });

  it('takes one budget per fleet state', async () => {
    const fleet = fleetState({ redis: { url: redisUrl }, prefix: prefix() });
    try {
      fleet.retryBudget(retryBudget());
      expect(() => fleet.retryBudget(retryBudget())).toThrow(ConfigError);
    } finally {
      await fleet.close();
    }
  });
});

describe('readSyncReply()', () => {
  const good = [3, 100, 20, 2, 17, 'http://a', 900];

  it('reads the script’s answer', () => {
    expect(readSyncReply(good, 4)).toEqual({
      members: 3,
      requests: 100,
      retries: 20,
      grant: 2,
      grantSlot: 17,
      open: [['http://a', 900]],
    });
  });

  it('refuses an answer of the wrong shape with a typed error, never sized by it', () => {
    for (const raw of [
      null,
      'OK',
      [1, 2, 3],
      [1, 2, 3, 4, 5, 'http://a'],
      [1, 2, 3, 4, 5, 'http://a', 1, 'http://b', 1, 'http://c', 1], // more upstreams than asked for
      [1.5, 2, 3, 4, 5],
      [1, 2, 3, 4, '5'],
      [1, 2, 3, 4, 5, 7, 900],
      [1, 2, 3, 4, 5, 'x'.repeat(513), 900],
    ]) {
      expect(() => readSyncReply(raw, 2)).toThrow(FleetSyncError);
    }
  });
});
