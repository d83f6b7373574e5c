import { describe, expect, it } from 'vitest';
import { Gradient2Limit, type Gradient2Options } from '../src/index.js';

const options: Gradient2Options = {
  minLimit: 4,
  maxLimit: 100,
  initialLimit: 20,
  smoothing: 0.2,
  rttTolerance: 1.5,
  queueSize: 4,
  longWindow: 600,
  backoffRatio: 0.9,
};

/** A busy window (the limiter full) with this mean latency. */
const busy = (limit: Gradient2Limit, meanRttMs: number, dropped = false) =>
  limit.update({ meanRttMs, samples: 50, maxInFlight: limit.limit, dropped });

describe('Gradient2Limit', () => {
  it('steady latency raises the limit to the ceiling and no further', () => {
    const limit = new Gradient2Limit(options);
    const seen: number[] = [];
    for (let i = 0; i < 200; i++) {
      busy(limit, 20);
      seen.push(limit.limit);
    }
    expect(seen.every((value, i) => i === 0 || value >= (seen[i - 1] ?? 0))).toBe(true);
    expect(limit.limit).toBe(100);
  });

  it('a latency that rises past the tolerance lowers the limit, toward twice queueSize', () => {
    const limit = new Gradient2Limit({ ...options, initialLimit: 60 });
    for (let i = 0; i < 20; i++) busy(limit, 20);
    const before = limit.limit;
    busy(limit, 80);
    busy(limit, 80);
    expect(limit.limit).toBeLessThan(before);
    // The gradient is at least 0.5, so the limit settles near 2 × queueSize while the long-term latency holds.
    for (let i = 0; i < 40; i++) busy(limit, 80);
    expect(limit.limit).toBeLessThanOrEqual(12);
    expect(limit.limit).toBeGreaterThanOrEqual(options.minLimit);
  });

  it('never below the floor', () => {
    const limit = new Gradient2Limit({ ...options, initialLimit: 60, minLimit: 10, queueSize: 0 });
    for (let i = 0; i < 20; i++) busy(limit, 20);
    for (let i = 0; i < 100; i++) busy(limit, 400);
    expect(limit.limit).toBe(10);
  });

  it('a latency within the tolerance does not lower it', () => {
    const limit = new Gradient2Limit({ ...options, initialLimit: 50 });
    for (let i = 0; i < 20; i++) busy(limit, 20);
    const before = limit.limit;
    for (let i = 0; i < 5; i++) busy(limit, 28);
    expect(limit.limit).toBeGreaterThanOrEqual(before);
  });

  it('a drop cuts it by backoffRatio at once, down to the floor', () => {
    const limit = new Gradient2Limit({ ...options, initialLimit: 50 });
    expect(busy(limit, 20, true)).toBe('drop');
    expect(limit.limit).toBe(45);
    for (let i = 0; i < 100; i++) busy(limit, 20, true);
    expect(limit.limit).toBe(4);
  });

  it('an idle limiter (under half full) does not grow', () => {
    const limit = new Gradient2Limit(options);
    for (let i = 0; i < 100; i++) limit.update({ meanRttMs: 20, samples: 50, maxInFlight: 5, dropped: false });
    expect(limit.limit).toBe(20);
  });

  it('the initial limit is kept within the floor and the ceiling', () => {
    expect(new Gradient2Limit({ ...options, initialLimit: 1 }).limit).toBe(4);
    expect(new Gradient2Limit({ ...options, initialLimit: 1_000 }).limit).toBe(100);
  });

  it('after a long overload the long-term latency comes back down, and so the limit grows again', () => {
    const limit = new Gradient2Limit({ ...options, longWindow: 20 });
    for (let i = 0; i < 100; i++) busy(limit, 200);
    expect(limit.longRttMs).toBeGreaterThan(100);
    for (let i = 0; i < 200; i++) busy(limit, 20);
    expect(limit.longRttMs).toBeLessThan(40);
    expect(limit.limit).toBe(100);
  });
});
