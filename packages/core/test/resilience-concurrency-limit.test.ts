import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it } from 'vitest';
import {
  AbortError,
  buildRequest,
  ConfigError,
  concurrencyLimit,
  type GatewayRequest,
  type GatewayResponse,
  type QueueEvent,
  QueueFullError,
  TimeoutError,
} from '../src/index.js';

const request = (fields: Partial<GatewayRequest> = {}) =>
  buildRequest({ origin: 'http://127.0.0.1:1', path: '/api/v1/servers', operation: 'listServers', ...fields });

/** A handler whose calls stay open until the test releases them, in order. */
function gate() {
  const open: Array<() => void> = [];
  const started: string[] = [];
  const handler = (r: GatewayRequest) =>
    new Promise<GatewayResponse>((resolve) => {
      started.push(r.requestId);
      open.push(() => resolve({ status: 200, headers: {}, body: r.requestId, attempts: 1, cache: undefined }));
    });
  return { handler, started, releaseOne: () => open.shift()?.() };
}

const tick = () => new Promise((r) => setImmediate(r));

describe('concurrencyLimit()', () => {
  const events: QueueEvent[] = [];
  const onQueue = (m: unknown) => events.push(m as QueueEvent);
  subscribe('mcpgw:queue', onQueue);
  afterEach(() => {
    events.length = 0;
  });

  it('runs at most maxConcurrent calls, queues the next ones in order and refuses past maxQueue', async () => {
    const limit = concurrencyLimit({ maxConcurrent: 2, maxQueue: 2 });
    const g = gate();
    const handler = limit(g.handler);
    const calls = ['a', 'b', 'c', 'd'].map((id) => handler(request({ requestId: id })));
    await tick();
    expect(g.started).toEqual(['a', 'b']);
    expect(limit.stats()).toEqual({ inFlight: 2, queued: 2 });

    const refused = await handler(request({ requestId: 'e' })).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(QueueFullError);
    expect((refused as QueueFullError).mayHaveReachedServer).toBe(false);
    expect(events.map((e) => e.state)).toEqual(['queued', 'queued', 'rejected']);

    g.releaseOne();
    await tick();
    expect(g.started).toEqual(['a', 'b', 'c']);
    for (let i = 0; i < 3; i++) {
      g.releaseOne();
      await tick();
    }
    expect((await Promise.all(calls)).map((r) => r.body)).toEqual(['a', 'b', 'c', 'd']);
    expect(limit.stats()).toEqual({ inFlight: 0, queued: 0 });
  });

  it('frees the slot when a call fails', async () => {
    const limit = concurrencyLimit({ maxConcurrent: 1, maxQueue: 0 });
    const handler = limit(async () => {
      throw new Error('boom');
    });
    await expect(handler(request())).rejects.toThrow('boom');
    await expect(handler(request())).rejects.toThrow('boom');
    expect(limit.stats().inFlight).toBe(0);
  });

  it('times a waiting call out with TimeoutError(queue) and leaves the queue', async () => {
    const limit = concurrencyLimit({ maxConcurrent: 1, maxQueue: 5, queueTimeoutMs: 20 });
    const g = gate();
    const handler = limit(g.handler);
    const first = handler(request());
    const error = await handler(request()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).phase).toBe('queue');
    expect((error as TimeoutError).mayHaveReachedServer).toBe(false);
    expect(limit.stats()).toEqual({ inFlight: 1, queued: 0 });
    expect(events.at(-1)?.state).toBe('timeout');
    g.releaseOne();
    await first;
  });

  it('removes a waiting call when its signal aborts, without a listener left behind', async () => {
    const limit = concurrencyLimit({ maxConcurrent: 1, maxQueue: 5 });
    const g = gate();
    const handler = limit(g.handler);
    const first = handler(request());
    const controller = new AbortController();
    const waiting = handler(request({ signal: controller.signal }));
    await tick();
    expect(limit.stats().queued).toBe(1);
    controller.abort();
    await expect(waiting).rejects.toBeInstanceOf(AbortError);
    expect(limit.stats().queued).toBe(0);
    expect(EventEmitter.getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    g.releaseOne();
    await first;
    expect(g.started).toHaveLength(1);
    expect(limit.stats().inFlight).toBe(0);
  });

  it('ends with the reason a layer put on the signal, and refuses an already-aborted call', async () => {
    const limit = concurrencyLimit({ maxConcurrent: 1, maxQueue: 5 });
    const g = gate();
    const handler = limit(g.handler);
    const first = handler(request());
    const controller = new AbortController();
    const waiting = handler(request({ signal: controller.signal }));
    controller.abort(new TimeoutError('deadline', 10));
    await expect(waiting).rejects.toMatchObject({ phase: 'deadline' });
    await expect(handler(request({ signal: controller.signal }))).rejects.toMatchObject({ phase: 'deadline' });
    g.releaseOne();
    await first;
  });

  it('lists every bad option at once', () => {
    try {
      concurrencyLimit({ maxConcurrent: 0, maxQueue: -1, queueTimeoutMs: 0 });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).issues.map((i) => i.path)).toEqual([
        'concurrencyLimit.maxConcurrent',
        'concurrencyLimit.maxQueue',
        'concurrencyLimit.queueTimeoutMs',
      ]);
    }
  });

  it('stops publishing when nobody listens', async () => {
    unsubscribe('mcpgw:queue', onQueue);
    const limit = concurrencyLimit({ maxConcurrent: 1, maxQueue: 0 });
    const g = gate();
    const handler = limit(g.handler);
    const first = handler(request());
    await expect(handler(request())).rejects.toBeInstanceOf(QueueFullError);
    expect(events).toEqual([]);
    g.releaseOne();
    await first;
    subscribe('mcpgw:queue', onQueue);
  });
});
