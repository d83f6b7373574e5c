import { describe, expect, it } from 'vitest';
import { SampleWindow } from '../src/index.js';

describe('SampleWindow', () => {
  it('closes on the first call after windowMs once it holds minSamples, with their mean and peak', () => {
    const window = new SampleWindow(100, 3, 0);
    expect(window.add(10, 2, 10)).toBeUndefined();
    expect(window.add(20, 5, 50)).toBeUndefined();
    // Time is up but only two samples: it stays open.
    expect(window.add(30, 3, 120)).toEqual({ meanRttMs: 20, samples: 3, maxInFlight: 5, dropped: false });
    // The next window starts where the last one closed.
    expect(window.add(40, 1, 150)).toBeUndefined();
  });

  it('a sparse window waits for its samples', () => {
    const window = new SampleWindow(100, 3, 0);
    expect(window.add(10, 1, 500)).toBeUndefined();
    expect(window.add(10, 1, 900)).toBeUndefined();
    expect(window.add(10, 1, 1_000)?.samples).toBe(3);
  });

  it('a drop closes the window once its time is up, even without samples', () => {
    const window = new SampleWindow(100, 10, 0);
    expect(window.drop(7, 50)).toBeUndefined();
    expect(window.drop(3, 101)).toEqual({ meanRttMs: 0, samples: 0, maxInFlight: 7, dropped: true });
  });
});
