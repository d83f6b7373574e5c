import { subscribe } from 'node:diagnostics_channel';
import {
  AbortError,
  buildRequest,
  ConfigError,
  type GatewayRequest,
  type GatewayResponse,
  HttpError,
  type LimitEvent,
  QueueFullError,
  TimeoutError,
} from '@mcpgw/core';
import { afterEach, describe, expect, it } from 'vitest';
import { type AdaptiveConcurrencyOptions, adaptiveConcurrency } from '../src/index.js';

const request = () => buildRequest({ origin: 'http://127.0.0.1:1', path: '/api/v1/servers', operation: 'listServers' });
const tick = () => new Promise((r) => setImmediate(r));

/** A fake clock and a handler whose calls stay open until the test ends them, first in first out. */
function harness(options: AdaptiveConcurrencyOptions = {}) {
  let now = 0;
  const open: Array<{ settle: (outcome: GatewayResponse | Error) => void }> = [];
  const handler = (_r: GatewayRequest) =>
    new Promise<GatewayResponse>((resolve, reject) => {
      open.push({ settle: (outcome) => (outcome instanceof Error ? reject(outcome) : resolve(outcome)) });
    });
  const limiter = adaptiveConcurrency({ windowMs: 1, minWindowSamples: 1, now: () => now, ...options });
  const run = limiter(handler);
  const ok = (attempts = 1): GatewayResponse => ({ status: 200, headers: {}, body: null, attempts, cache: undefined });
  return {
    limiter,
    run,
    advance: (ms: number) => {
      now += ms;
    },
    /** Ends the oldest open call after `ms` of fake time. */
    end: async (ms: number, outcome: GatewayResponse | Error = ok()) => {
      now += ms;
      open.shift()?.settle(outcome);
      await tick();
    },
    ok,
  };
}

describe('adaptiveConcurrency()', () => {
  const events: LimitEvent[] = [];
  const onLimit = (message: unknown) => events.push(message as LimitEvent);
  subscribe('mcpgw:limit', onLimit);
  afterEach(() => {
    events.length = 0;
  });

  it('times a queued call from the moment it got its slot, not from when it queued', async () => {
    const h = harness({ maxLimit: 1, minLimit: 1, initialLimit: 1 });
    const first = h.run(request());
    const second = h.run(request());
    await tick();
    expect(h.limiter.stats()).toMatchObject({ limit: 1, inFlight: 1, queued: 1 });
    await h.end(10);
    await h.end(10);
    await Promise.all([first, second]);
    // The second waited 10 ms and ran 10 ms: its sample is 10.
    expect(h.limiter.stats()).toMatchObject({ shortRttMs: 10, inFlight: 0, queued: 0 });
  });

  it('a 503, a 429, a timeout and an answer that needed a retry are drops: each cuts the limit, with an event', async () => {
    const h = harness({ initialLimit: 40, minLimit: 1 });
    const drops = [new HttpError(503), new HttpError(429), new TimeoutError('attempt', 100), h.ok(2)];
    for (const outcome of drops) {
      const call = h.run(request()).catch(() => undefined);
      await h.end(5, outcome);
      await call;
    }
    expect(events.map((e) => [e.reason, e.from, e.to])).toEqual([
      ['drop', 40, 36],
      ['drop', 36, 32],
      ['drop', 32, 29],
      ['drop', 29, 26],
    ]);
    expect(events.every((e) => typeof e.client === 'string')).toBe(true);
    expect(h.limiter.maxConcurrent).toBe(26);
  });

  it('a 4xx and a caller abort say nothing about load: no sample, no change', async () => {
    const h = harness({ initialLimit: 40 });
    for (const outcome of [new HttpError(404), new HttpError(400), new AbortError()]) {
      const call = h.run(request()).catch((e: unknown) => e);
      await h.end(5, outcome);
      expect(await call).toBe(outcome);
    }
    expect(events).toEqual([]);
    expect(h.limiter.stats()).toMatchObject({ limit: 40, shortRttMs: 0 });
  });

  it('sheds beyond the limit and its queue with QueueFullError, counted in stats', async () => {
    const h = harness({ maxLimit: 2, initialLimit: 2, maxQueue: 1 });
    const running = [h.run(request()), h.run(request()), h.run(request())];
    const refused = await h.run(request()).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(QueueFullError);
    expect(h.limiter.stats()).toMatchObject({ limit: 2, inFlight: 2, queued: 1, shed: 1 });
    for (let i = 0; i < 3; i++) await h.end(1);
    await Promise.all(running);
    expect(h.limiter.stats()).toMatchObject({ inFlight: 0, queued: 0, shed: 1 });
  });

  it('steady latency at a full limiter raises the limit to maxLimit, one latency event per step', async () => {
    const h = harness({ maxLimit: 24, initialLimit: 4, minLimit: 1 });
    for (let round = 0; round < 20; round++) {
      const limit = h.limiter.maxConcurrent;
      const calls = Array.from({ length: limit }, () => h.run(request()));
      for (let i = 0; i < limit; i++) await h.end(i === 0 ? 10 : 0);
      await Promise.all(calls);
    }
    expect(h.limiter.maxConcurrent).toBe(24);
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => e.reason === 'latency' && e.to > e.from)).toBe(true);
  });

  it('gradient2 moves the limit the same way: a drop cuts it, through the same bulkhead', async () => {
    const h = harness({ algorithm: 'gradient2', initialLimit: 30 });
    const call = h.run(request()).catch(() => undefined);
    await h.end(5, new HttpError(503));
    await call;
    expect(h.limiter.stats()).toMatchObject({ limit: 27, inFlight: 0 });
  });

  it('a handler that throws at once still gives its slot back and fails the call', async () => {
    const limiter = adaptiveConcurrency({ maxLimit: 1, now: () => 0 });
    const run = limiter(() => {
      throw new HttpError(500);
    });
    await expect(run(request())).rejects.toBeInstanceOf(HttpError);
    expect(limiter.stats()).toMatchObject({ inFlight: 0, queued: 0 });
  });

  it('refuses bad options with one ConfigError naming each', () => {
    const bad = () =>
      adaptiveConcurrency({ minLimit: 0, smoothing: 2, algorithm: 'bbr' as 'vegas', windowMs: -1, maxLimit: 1.5 });
    expect(bad).toThrow(ConfigError);
    const paths = (() => {
      try {
        bad();
      } catch (error) {
        return (error as ConfigError).issues.map((i) => i.path);
      }
      return [];
    })();
    expect(paths).toEqual(
      expect.arrayContaining([
        'adaptiveConcurrency.minLimit',
        'adaptiveConcurrency.smoothing',
        'adaptiveConcurrency.algorithm',
        'adaptiveConcurrency.windowMs',
        'adaptiveConcurrency.maxLimit',
      ]),
    );
    expect(() => adaptiveConcurrency({ now: 5 as unknown as () => number })).toThrow(/adaptiveConcurrency\.now/);
    expect(() => adaptiveConcurrency({ minLimit: 10, maxLimit: 5 })).toThrow(/at most maxLimit/);
    // An unset floor follows a low ceiling.
    expect(adaptiveConcurrency({ maxLimit: 3 }).maxConcurrent).toBe(3);
  });
});
