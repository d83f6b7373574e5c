import { describe, expect, it } from 'vitest';
import {
  buildRequest,
  ConfigError,
  concurrencyLimit,
  type GatewayRequest,
  type GatewayResponse,
  QueueFullError,
} from '../src/index.js';

const request = () => buildRequest({ origin: 'http://127.0.0.1:1', path: '/api/v1/servers', operation: 'listServers' });

/** A handler whose calls stay open until the test releases them, in order. */
function gate() {
  const open: Array<() => void> = [];
  const handler = (r: GatewayRequest) =>
    new Promise<GatewayResponse>((resolve) => {
      open.push(() => resolve({ status: 200, headers: {}, body: r.requestId, attempts: 1, cache: undefined }));
    });
  return { handler, running: () => open.length, releaseOne: () => open.shift()?.() };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('concurrencyLimit().setMaxConcurrent()', () => {
  it('a higher limit lets queued calls in at once, in order', async () => {
    const limit = concurrencyLimit({ maxConcurrent: 1, maxQueue: 5 });
    const g = gate();
    const run = limit(g.handler);
    const calls = [run(request()), run(request()), run(request())];
    await tick();
    expect(limit.stats()).toEqual({ inFlight: 1, queued: 2 });
    limit.setMaxConcurrent(3);
    await tick();
    expect(limit.maxConcurrent).toBe(3);
    expect(limit.stats()).toEqual({ inFlight: 3, queued: 0 });
    expect(g.running()).toBe(3);
    for (let i = 0; i < 3; i++) g.releaseOne();
    await Promise.all(calls);
    expect(limit.stats()).toEqual({ inFlight: 0, queued: 0 });
  });

  it('a lower limit cancels nothing: the excess drains before a queued call gets a slot', async () => {
    const limit = concurrencyLimit({ maxConcurrent: 3, maxQueue: 5 });
    const g = gate();
    const run = limit(g.handler);
    const calls = [run(request()), run(request()), run(request()), run(request())];
    await tick();
    limit.setMaxConcurrent(1);
    expect(limit.stats()).toEqual({ inFlight: 3, queued: 1 });
    g.releaseOne();
    await tick();
    expect(limit.stats()).toEqual({ inFlight: 2, queued: 1 });
    g.releaseOne();
    await tick();
    expect(limit.stats()).toEqual({ inFlight: 1, queued: 1 });
    g.releaseOne();
    await tick();
    // Now below the limit: the queued call got the slot the last one gave back.
    expect(limit.stats()).toEqual({ inFlight: 1, queued: 0 });
    expect(g.running()).toBe(1);
    g.releaseOne();
    await Promise.all(calls);
  });

  it('counts the calls it sheds with QueueFullError, naming the limit of the moment', async () => {
    const limit = concurrencyLimit({ maxConcurrent: 4, maxQueue: 0 });
    const g = gate();
    const run = limit(g.handler);
    limit.setMaxConcurrent(1);
    const first = run(request());
    const refused = await run(request()).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(QueueFullError);
    expect(refused).toMatchObject({ maxConcurrent: 1, maxQueue: 0 });
    expect(limit.shed).toBe(1);
    g.releaseOne();
    await first;
  });

  it('refuses a limit below 1 or not whole with ConfigError', () => {
    const limit = concurrencyLimit({ maxConcurrent: 2, maxQueue: 0 });
    expect(() => limit.setMaxConcurrent(0)).toThrow(ConfigError);
    expect(() => limit.setMaxConcurrent(1.5)).toThrow(ConfigError);
    expect(limit.maxConcurrent).toBe(2);
  });
});
