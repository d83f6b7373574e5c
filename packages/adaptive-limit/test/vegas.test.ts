import { describe, expect, it } from 'vitest';
import { VegasLimit, type VegasOptions } from '../src/index.js';

const options: VegasOptions = {
  minLimit: 4,
  maxLimit: 100,
  initialLimit: 20,
  alpha: 3,
  beta: 6,
  baselineWindow: 600,
  backoffRatio: 0.9,
};

/** A busy window (the limiter full) with this mean latency. */
const busy = (limit: VegasLimit, meanRttMs: number, dropped = false) =>
  limit.update({ meanRttMs, samples: 50, maxInFlight: limit.limit, dropped });

/** The latency of a gateway that serves `capacity` calls at once for `baseMs` each, at the limit's load. */
const gatewayRtt = (limit: number, capacity: number, baseMs = 20) => (baseMs * Math.max(limit, capacity)) / capacity;

describe('VegasLimit', () => {
  it('steady latency raises the limit to the ceiling and no further', () => {
    const limit = new VegasLimit(options);
    for (let i = 0; i < 100; i++) busy(limit, 20);
    expect(limit.limit).toBe(100);
  });

  it('rising latency lowers it, never below the floor', () => {
    const limit = new VegasLimit({ ...options, initialLimit: 60 });
    busy(limit, 20);
    const before = limit.limit;
    busy(limit, 40);
    expect(limit.limit).toBeLessThan(before);
    // The queue estimate cannot exceed the limit, so latency alone stops near beta (6) calls; drops go lower.
    for (let i = 0; i < 100; i++) busy(limit, 400);
    expect(limit.limit).toBeLessThanOrEqual(7);
    const floored = new VegasLimit({ ...options, initialLimit: 60, minLimit: 10 });
    busy(floored, 20);
    for (let i = 0; i < 100; i++) busy(floored, 400);
    expect(floored.limit).toBe(10);
  });

  it("against a gateway of fixed capacity it holds the gateway's queue at a few calls, and follows a halving", () => {
    const limit = new VegasLimit({ ...options, initialLimit: 10 });
    for (let i = 0; i < 100; i++) busy(limit, gatewayRtt(limit.limit, 40));
    expect(limit.limit).toBeGreaterThan(40);
    expect(limit.limit).toBeLessThan(40 + 6 * Math.log10(50) + 2);
    for (let i = 0; i < 100; i++) busy(limit, gatewayRtt(limit.limit, 20));
    expect(limit.limit).toBeGreaterThan(20);
    expect(limit.limit).toBeLessThan(20 + 6 * Math.log10(30) + 2);
    for (let i = 0; i < 100; i++) busy(limit, gatewayRtt(limit.limit, 40));
    expect(limit.limit).toBeGreaterThan(40);
  });

  it('a drop cuts it by backoffRatio at once, down to the floor', () => {
    const limit = new VegasLimit({ ...options, initialLimit: 50 });
    expect(busy(limit, 20, true)).toBe('drop');
    expect(limit.limit).toBe(45);
    for (let i = 0; i < 100; i++) busy(limit, 20, true);
    expect(limit.limit).toBe(4);
  });

  it('a new lowest latency is learnt without moving the limit; an idle limiter does not grow', () => {
    const limit = new VegasLimit(options);
    expect(busy(limit, 100)).toBeUndefined();
    expect(busy(limit, 50)).toBeUndefined();
    expect(limit.limit).toBe(20);
    expect(limit.longRttMs).toBe(50);
    for (let i = 0; i < 50; i++) limit.update({ meanRttMs: 50, samples: 50, maxInFlight: 5, dropped: false });
    expect(limit.limit).toBe(20);
  });

  it('a gateway that got slower for good is learnt: the no-load latency forgets its minimum', () => {
    const limit = new VegasLimit({ ...options, baselineWindow: 10 });
    busy(limit, 20);
    for (let i = 0; i < 200; i++) busy(limit, 60);
    expect(limit.longRttMs).toBeGreaterThan(55);
    expect(limit.limit).toBe(100);
  });
});
