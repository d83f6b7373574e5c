import { describe, expect, it } from 'vitest';
import { LatencyHistogram } from '../src/index.js';

describe('LatencyHistogram', () => {
  it('has no percentile before the first sample', () => {
    expect(new LatencyHistogram({ halfWindow: 10 }).percentile(95)).toBeUndefined();
  });

  it('reads percentiles of 1..1000 ms within one bucket (6.25 %) above the exact value', () => {
    const histogram = new LatencyHistogram({ halfWindow: 1_000 });
    for (let ms = 1; ms <= 1_000; ms++) histogram.record(ms);
    for (const [percent, exact] of [
      [50, 500],
      [95, 950],
      [99, 990],
      [100, 1_000],
    ] as const) {
      const read = histogram.percentile(percent)!;
      expect(read).toBeGreaterThanOrEqual(exact);
      expect(read).toBeLessThanOrEqual(exact * 1.0625 + 0.001);
    }
  });

  it('keeps sub-millisecond and tiny values apart (exact microsecond buckets below 16 µs)', () => {
    const histogram = new LatencyHistogram({ halfWindow: 100 });
    for (let i = 0; i < 9; i++) histogram.record(0.005);
    histogram.record(0.2);
    expect(histogram.percentile(90)).toBeCloseTo(0.006, 6);
    const p100 = histogram.percentile(100)!;
    expect(p100).toBeGreaterThanOrEqual(0.2);
    expect(p100).toBeLessThanOrEqual(0.2 * 1.0625);
  });

  it('a long tail moves the high percentiles and not the median', () => {
    const histogram = new LatencyHistogram({ halfWindow: 1_000 });
    for (let i = 0; i < 900; i++) histogram.record(3);
    for (let i = 0; i < 100; i++) histogram.record(150);
    expect(histogram.percentile(50)!).toBeLessThan(3.2);
    expect(histogram.percentile(89)!).toBeLessThan(3.2);
    expect(histogram.percentile(95)!).toBeGreaterThanOrEqual(150);
  });

  it('forgets the older half once the newer one is full: fixed memory, and it follows a change', () => {
    const histogram = new LatencyHistogram({ halfWindow: 100 });
    for (let i = 0; i < 200; i++) histogram.record(100);
    expect(histogram.count).toBe(200);
    for (let i = 0; i < 200; i++) histogram.record(2);
    expect(histogram.count).toBe(200);
    expect(histogram.percentile(99)!).toBeLessThan(2.2);
    histogram.record(2);
    expect(histogram.count).toBe(101);
  });

  it('ignores what is not a latency and clamps what is beyond its range', () => {
    const histogram = new LatencyHistogram({ halfWindow: 100 });
    histogram.record(Number.NaN);
    histogram.record(-1);
    expect(histogram.count).toBe(0);
    histogram.record(1e12);
    expect(histogram.percentile(100)!).toBeGreaterThan(2_000_000);
    expect(Number.isFinite(histogram.percentile(100))).toBe(true);
  });
});
