import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_SHARED_UPSTREAMS } from '../src/fleet-circuits.js';
import { FleetCircuits } from '../src/index.js';

describe('FleetCircuits', () => {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(1_000_000);
  });
  afterEach(() => vi.useRealTimers());

  function setUp() {
    let soon = 0;
    const circuits = new FleetCircuits(() => soon++);
    const held: Array<[string, number]> = [];
    const unwatch = circuits.watch((upstream, ms) => held.push([upstream, ms]));
    return { circuits, held, unwatch, soon: () => soon };
  }

  it('sends what this process opened with the next sync, at once, as ms left', () => {
    const { circuits, soon } = setUp();
    circuits.opened('http://a', 5_000);
    expect(soon()).toBe(1);
    expect(circuits.openFor('http://a')).toBe(5_000);
    vi.setSystemTime(1_001_000);
    expect(circuits.take()).toEqual(['http://a', 4_000]);
    expect(circuits.take()).toEqual([]); // sent once
    circuits.unsent(['http://a', 4_000]); // that sync failed: sent again with the next
    expect(circuits.take()).toEqual(['http://a', 4_000]);
  });

  it('passes the others’ opens to the breakers, not the echo of its own', () => {
    const { circuits, held } = setUp();
    circuits.opened('http://a', 5_000);
    circuits.synced([
      ['http://a', 5_030], // this process's own spell, as Redis counted it a few ms later
      ['http://b', 2_000],
    ]);
    expect(held).toEqual([['http://b', 2_000]]);
    circuits.synced([['http://b', 1_990]]); // the same spell, read again
    expect(held).toHaveLength(1);
    circuits.synced([['http://b', 9_000]]); // opened again elsewhere, for longer
    expect(held).toEqual([
      ['http://b', 2_000],
      ['http://b', 9_000],
    ]);
    expect(circuits.openUpstreams()).toBe(2);
    vi.setSystemTime(1_010_000);
    circuits.synced([]);
    expect(circuits.openUpstreams()).toBe(0);
    expect(circuits.openFor('http://b')).toBe(0);
  });

  it('holds at most a bounded number of upstreams from the fleet, and stops calling a watcher that left', () => {
    const { circuits, held, unwatch } = setUp();
    const many = Array.from({ length: MAX_SHARED_UPSTREAMS + 50 }, (_, i) => [`http://u${i}`, 1_000] as const);
    circuits.synced(many);
    expect(circuits.openUpstreams()).toBe(MAX_SHARED_UPSTREAMS);
    expect(held).toHaveLength(MAX_SHARED_UPSTREAMS);
    unwatch();
    circuits.synced([['http://u0', 50_000]]);
    expect(held).toHaveLength(MAX_SHARED_UPSTREAMS);
  });
});
