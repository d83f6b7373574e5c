import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import {
  AbortError,
  AuthorizationDeniedError,
  type BreakerStateEvent,
  buildRequest,
  CircuitOpenError,
  ConfigError,
  ConnectError,
  type GatewayRequest,
  type GatewayResponse,
  type Handler,
  ResponseFormatError,
  TimeoutError,
} from '@mcpgw/core';
import { httpErrorForStatus } from '@mcpgw/core/kit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { breaker, isAvailabilityFailure } from '../src/index.js';

const request = (origin = 'http://a', fields: Partial<GatewayRequest> = {}) =>
  buildRequest({ origin, path: '/api/v1/servers', operation: 'listServers', idempotent: true, ...fields });

const okResponse: GatewayResponse = { status: 200, headers: {}, body: 'ok', attempts: 1, cache: undefined };

/** Counts calls per origin and fails the origins in `failing` with the error `failure()` makes. */
function upstreams(failure: () => unknown = () => httpErrorForStatus(503)) {
  const calls = new Map<string, number>();
  const failing = new Set<string>();
  const handler: Handler = async (r) => {
    calls.set(r.origin, (calls.get(r.origin) ?? 0) + 1);
    if (failing.has(r.origin)) throw failure();
    return okResponse;
  };
  return { handler, calls, failing };
}

const settle = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => e,
  );

describe('breaker()', () => {
  const events: BreakerStateEvent[] = [];
  const onState = (m: unknown) => events.push(m as BreakerStateEvent);
  subscribe('mcpgw:breaker:state', onState);
  afterEach(() => {
    events.length = 0;
    vi.useRealTimers();
  });

  it('opens after the configured failures, fails fast while open, probes once after the reset timeout', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const layer = breaker({ volumeThreshold: 4, resetTimeoutMs: 1_000 });
    const up = upstreams();
    up.failing.add('http://a');
    const handler = layer(up.handler);
    for (let i = 0; i < 4; i++) expect(await settle(handler(request()))).toMatchObject({ status: 503 });
    expect(layer.stats()['http://a']?.state).toBe('open');
    expect(events.map((e) => [e.upstream, e.from, e.to])).toEqual([['http://a', 'closed', 'open']]);
    expect(events[0]?.nextAttemptAt).toBe(Date.now() + 1_000);

    const fast = await settle(handler(request()));
    expect(fast).toBeInstanceOf(CircuitOpenError);
    expect((fast as CircuitOpenError).nextAttemptAt).toBe(Date.now() + 1_000);
    expect((fast as CircuitOpenError).upstream).toBe('http://a');
    expect(up.calls.get('http://a')).toBe(4);

    await vi.advanceTimersByTimeAsync(1_000);
    expect(layer.stats()['http://a']?.state).toBe('half-open');
    up.failing.clear();
    expect(await settle(handler(request()))).toBe('ok');
    expect(up.calls.get('http://a')).toBe(5);
    expect(layer.stats()['http://a']?.state).toBe('closed');
    expect(events.map((e) => e.to)).toEqual(['open', 'half-open', 'closed']);
    layer.close();
  });

  it('lets one probe through while half-open and reopens when it fails', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const layer = breaker({ volumeThreshold: 1, resetTimeoutMs: 500 });
    let release: (() => void) | undefined;
    let calls = 0;
    const handler = layer(async () => {
      calls++;
      await new Promise<void>((resolve) => {
        release = resolve;
      });
      throw new ConnectError('reset', 'ECONNRESET');
    });
    const first = settle(handler(request()));
    release?.();
    expect(await first).toBeInstanceOf(ConnectError);
    await vi.advanceTimersByTimeAsync(500);
    const probe = settle(handler(request()));
    expect(await settle(handler(request()))).toBeInstanceOf(CircuitOpenError);
    release?.();
    expect(await probe).toBeInstanceOf(ConnectError);
    expect(calls).toBe(2);
    expect(layer.stats()['http://a']?.state).toBe('open');
    layer.close();
  });

  it('allows halfOpenMaxProbes probes at once; a success closes the circuit', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const layer = breaker({ volumeThreshold: 1, resetTimeoutMs: 500, halfOpenMaxProbes: 2 });
    let fail = true;
    const releases: Array<() => void> = [];
    const handler = layer(async () => {
      const shouldFail = fail;
      await new Promise<void>((resolve) => releases.push(resolve));
      if (shouldFail) throw httpErrorForStatus(502);
      return okResponse;
    });
    const first = settle(handler(request()));
    releases.shift()?.();
    await first;
    await vi.advanceTimersByTimeAsync(500);
    fail = false;
    const probes = [settle(handler(request())), settle(handler(request()))];
    expect(await settle(handler(request()))).toBeInstanceOf(CircuitOpenError);
    releases.shift()?.();
    releases.shift()?.();
    expect(await Promise.all(probes)).toEqual(['ok', 'ok']);
    expect(layer.stats()['http://a']?.state).toBe('closed');
    layer.close();
  });

  it('an extra probe that fails reopens the circuit', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const layer = breaker({ volumeThreshold: 1, resetTimeoutMs: 500, halfOpenMaxProbes: 2 });
    const releases: Array<() => void> = [];
    const handler = layer(async () => {
      await new Promise<void>((resolve) => releases.push(resolve));
      throw httpErrorForStatus(503);
    });
    const first = settle(handler(request()));
    releases.shift()?.();
    await first;
    await vi.advanceTimersByTimeAsync(500);
    const probe = settle(handler(request()));
    const extra = settle(handler(request()));
    releases.pop()?.();
    expect(await extra).toMatchObject({ status: 503 });
    expect(layer.stats()['http://a']?.state).toBe('open');
    releases.shift()?.();
    await probe;
    layer.close();
  });

  it('a probe whose caller gave up neither closes nor reopens the circuit; the next call probes again', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const layer = breaker({ volumeThreshold: 1, resetTimeoutMs: 500 });
    let calls = 0;
    const handler = layer(async (r) => {
      calls++;
      if (r.signal?.aborted) throw new AbortError();
      throw httpErrorForStatus(503);
    });
    await settle(handler(request()));
    await vi.advanceTimersByTimeAsync(500);
    const controller = new AbortController();
    controller.abort();
    expect(await settle(handler(request('http://a', { signal: controller.signal })))).toBeInstanceOf(AbortError);
    expect(layer.stats()['http://a']?.state).toBe('half-open');
    expect(await settle(handler(request()))).toMatchObject({ status: 503 });
    expect(calls).toBe(3);
    expect(layer.stats()['http://a']?.state).toBe('open');
    layer.close();
  });

  it('counts only the rolling window: failures older than it roll out, and the share must pass the threshold', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
    const layer = breaker({ volumeThreshold: 4, rollingCountTimeoutMs: 1_000, rollingCountBuckets: 10 });
    const up = upstreams();
    const handler = layer(up.handler);
    up.failing.add('http://a');
    for (let i = 0; i < 3; i++) await settle(handler(request()));
    expect(layer.stats()['http://a']).toMatchObject({ calls: 3, failures: 3 });
    await vi.advanceTimersByTimeAsync(1_000);
    expect(layer.stats()['http://a']).toMatchObject({ calls: 0, failures: 0 });
    await settle(handler(request()));
    expect(layer.stats()['http://a']?.state).toBe('closed');

    // 2 of 4 failed is 50 %, not above the default threshold; the third failure of 5 is.
    await vi.advanceTimersByTimeAsync(1_000);
    up.failing.clear();
    await settle(handler(request()));
    await settle(handler(request()));
    up.failing.add('http://a');
    await settle(handler(request()));
    await settle(handler(request()));
    expect(layer.stats()['http://a']).toMatchObject({ state: 'closed', calls: 4, failures: 2 });
    await settle(handler(request()));
    expect(layer.stats()['http://a']).toMatchObject({ state: 'open', calls: 5, failures: 3 });
    expect(await settle(handler(request()))).toBeInstanceOf(CircuitOpenError);
    expect(layer.stats()['http://a']?.rejects).toBe(1);
    layer.close();
  });

  it('never opens for 404s, denies, format errors or aborts', async () => {
    const errors = [
      () => httpErrorForStatus(404),
      () => new AuthorizationDeniedError('no'),
      () => new ResponseFormatError('bad', {}),
      () => new AbortError(),
      () => httpErrorForStatus(429),
    ];
    for (const failure of errors) {
      const layer = breaker({ volumeThreshold: 2 });
      const up = upstreams(failure);
      up.failing.add('http://a');
      const handler = layer(up.handler);
      for (let i = 0; i < 20; i++) await settle(handler(request()));
      expect(up.calls.get('http://a')).toBe(20);
      expect(layer.stats()['http://a']?.state).toBe('closed');
      layer.close();
    }
  });

  it('keeps upstreams apart: one failing does not open the other', async () => {
    const layer = breaker({ volumeThreshold: 3 });
    const up = upstreams();
    up.failing.add('http://a');
    const handler = layer(up.handler);
    for (let i = 0; i < 5; i++) {
      await settle(handler(request('http://a')));
      expect(await settle(handler(request('http://b')))).toBe('ok');
    }
    expect(layer.stats()['http://a']?.state).toBe('open');
    expect(layer.stats()['http://b']).toMatchObject({ state: 'closed', calls: 5, successes: 5, failures: 0 });
    layer.close();
  });

  it('keys by origin and operation with perOperation', async () => {
    const layer = breaker({ volumeThreshold: 1, perOperation: true });
    const handler = layer(async (r) => {
      if (r.operation === 'invokeTool') throw httpErrorForStatus(500);
      return okResponse;
    });
    await settle(handler(request('http://a', { operation: 'invokeTool' })));
    expect(await settle(handler(request('http://a')))).toBe('ok');
    expect(Object.keys(layer.stats()).sort()).toEqual(['http://a invokeTool', 'http://a listServers']);
    expect(layer.stats()['http://a invokeTool']?.state).toBe('open');
    layer.close();
  });

  it('lets isFailure replace the test, and counts nothing once the call was aborted', async () => {
    const layer = breaker({ volumeThreshold: 1, isFailure: (e) => (e as { status?: number }).status === 404 });
    const handler = layer(async () => {
      throw httpErrorForStatus(404);
    });
    await settle(handler(request()));
    expect(layer.stats()['http://a']?.state).toBe('open');
    layer.close();

    const controller = new AbortController();
    controller.abort();
    expect(isAvailabilityFailure(httpErrorForStatus(503), request('http://a', { signal: controller.signal }))).toBe(
      false,
    );
    expect(isAvailabilityFailure(new TimeoutError('attempt', 10), request())).toBe(true);
    expect(isAvailabilityFailure(new TimeoutError('deadline', 10), request())).toBe(false);
    expect(isAvailabilityFailure(new ConnectError('x', 'ECONNREFUSED'), request())).toBe(true);
  });

  it('creates hundreds of circuits with one timer and no listener leak, and closes them all', async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    const before = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const layer = breaker();
    const up = upstreams();
    const handler = layer(up.handler);
    for (let i = 0; i < 500; i++) await handler(request(`http://u${i}`));
    const during = process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    expect(during - before).toBeLessThanOrEqual(1);
    expect(Object.keys(layer.stats())).toHaveLength(500);
    layer.close();
    await new Promise((r) => setImmediate(r));
    process.off('warning', onWarning);
    // At most as many as before: a timer of the test runner's own may end meanwhile (seen under load on vitest 5).
    expect(process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length).toBeLessThanOrEqual(before);
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
    expect(layer.stats()).toEqual({});
    // After close, calls pass straight through.
    expect(await handler(request('http://a'))).toBe(okResponse);
  });

  it('publishes nothing when nobody listens, and validates its options', async () => {
    unsubscribe('mcpgw:breaker:state', onState);
    const layer = breaker({ volumeThreshold: 1 });
    const up = upstreams();
    up.failing.add('http://a');
    await settle(layer(up.handler)(request()));
    expect(layer.stats()['http://a']?.state).toBe('open');
    expect(events).toEqual([]);
    layer.close();
    subscribe('mcpgw:breaker:state', onState);
    expect(() => breaker({ errorThresholdPercentage: 100, volumeThreshold: -1, halfOpenMaxProbes: 0 })).toThrow(
      ConfigError,
    );
  });
});
