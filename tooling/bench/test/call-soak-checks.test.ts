import { describe, expect, it } from 'vitest';
import type { CallSoakResult } from '../src/call-soak.js';
import { checkSoak } from '../src/call-soak-run.js';
import { parseSoakArgs } from '../src/soak-command.js';

const sample = (calls: number, heapUsedMb: number) => ({
  calls,
  t: calls / 1000,
  heapUsedMb,
  rssMb: 100,
  externalMb: 1,
  resources: 5,
});

const base: CallSoakResult = {
  node: 'v24.0.0',
  requested: 1_000,
  made: 1_000,
  successes: 990,
  typedErrors: 10,
  untypedErrors: 0,
  stoppedBy: 'count',
  elapsedMs: 1_000,
  callsPerSec: 1_000,
  injected503: 1,
  byKind: [],
  gcForced: true,
  samples: [sample(0, 10), sample(250, 20), sample(500, 21), sample(750, 22), sample(1_000, 23)],
  resourcesBefore: { PipeWrap: 2, FSReqPromise: 3 },
  resourcesAfterClose: { PipeWrap: 2 },
};

describe('checkSoak', () => {
  it('reads the heap at 25 %, 50 % and the end, and finds no handle left open', () => {
    const checks = checkSoak(base);
    expect(checks).toMatchObject({ accounted: true, complete: true, handlesAtBaseline: true });
    expect([checks.heapAt25Mb, checks.heapAt50Mb, checks.heapAtEndMb]).toEqual([20, 21, 23]);
  });

  it('names each handle type left above its count before the client existed', () => {
    const checks = checkSoak({ ...base, resourcesAfterClose: { PipeWrap: 2, TCPSocketWrap: 3, Timeout: 1 } });
    expect(checks.handlesAtBaseline).toBe(false);
    expect(checks.handlesLeftOpen).toEqual({ TCPSocketWrap: 3, Timeout: 1 });
  });

  it('does not account a run with an untyped error, or with calls missing, and tells a time-bound stop apart', () => {
    expect(checkSoak({ ...base, untypedErrors: 1, successes: 989 }).accounted).toBe(false);
    expect(checkSoak({ ...base, successes: 980 }).accounted).toBe(false);
    const stopped = checkSoak({ ...base, made: 800, successes: 790, stoppedBy: 'time' });
    expect(stopped).toMatchObject({ accounted: true, complete: false });
  });
});

describe('pnpm bench soak flags', () => {
  it('reads counts (with _ separators) and the time bound', () => {
    expect(parseSoakArgs(['--', '--calls', '86_400_000', '--max-time', '1h', '--workers', '32'])).toMatchObject({
      calls: 86_400_000,
      maxMs: 3_600_000,
      workers: 32,
    });
  });

  it('rejects a count that is not a positive integer before anything runs', () => {
    expect(() => parseSoakArgs(['--calls', '0'])).toThrow(/--calls must be a positive integer/);
    expect(() => parseSoakArgs(['--calls', '1e3x'])).toThrow(RangeError);
  });
});
