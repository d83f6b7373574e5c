import { describe, expect, it } from 'vitest';
import { summariseProfile } from '../src/cpu-profile.js';
import { parseDuration } from '../src/options.js';

describe('summariseProfile', () => {
  it('adds time deltas per frame, leaves idle out and ranks by self time', () => {
    const frame = (id: number, functionName: string, url: string) => ({
      id,
      callFrame: { functionName, url, lineNumber: 9 },
    });
    const summary = summariseProfile(
      {
        nodes: [
          frame(1, '(idle)', ''),
          frame(2, 'send', 'file:///repo/packages/core/src/transport/transport.ts'),
          frame(3, '(garbage collector)', ''),
        ],
        samples: [1, 2, 2, 3, 1],
        timeDeltas: [500, 300, 300, 200, 900],
      },
      5,
    );
    expect(summary.sampledMs).toBe(0.8);
    expect(summary.top[0]).toMatchObject({ functionName: 'send', selfPercent: 75 });
    expect(summary.top[0]?.location).toMatch(/transport\.ts:10$/);
    expect(summary.byArea).toEqual([
      { area: '@mcpgw/core', selfPercent: 75 },
      { area: 'garbage collector', selfPercent: 25 },
    ]);
  });
});

describe('parseDuration', () => {
  it('reads ms, s, m and h, and refuses anything else', () => {
    expect(parseDuration('500ms')).toBe(500);
    expect(parseDuration('5s')).toBe(5_000);
    expect(parseDuration('2m')).toBe(120_000);
    expect(parseDuration('1h')).toBe(3_600_000);
    expect(parseDuration('250')).toBe(250);
    expect(() => parseDuration('ten minutes')).toThrow(/cannot read/);
  });
});
