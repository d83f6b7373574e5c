import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { EventEmitter } from 'node:events';
import {
  AbortError,
  buildRequest,
  ConfigError,
  ConnectError,
  compose,
  Deadline,
  deadline,
  type GatewayError,
  type GatewayRequest,
  type GatewayResponse,
  type Handler,
  RateLimitedError,
  type RetryBudgetEvent,
  type RetryEvent,
  TimeoutError,
} from '@mcpgw/core';
import { httpErrorForStatus } from '@mcpgw/core/kit';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { isRetryBudgetExhausted, retry, retryBudget } from '../src/index.js';

const read = (fields: Partial<GatewayRequest> = {}) =>
  buildRequest({ origin: 'http://gw', path: '/api/v1/servers', operation: 'listServers', idempotent: true, ...fields });
const invoke = (fields: Partial<GatewayRequest> = {}) =>
  buildRequest({ origin: 'http://gw', path: '/api/v1/invoke', operation: 'invokeTool', method: 'POST', ...fields });

/** A handler that plays the given outcomes in order (an error is thrown, anything else answers 200). */
function scripted(outcomes: unknown[]) {
  const seen: GatewayRequest[] = [];
  const handler: Handler = async (request) => {
    seen.push(request);
    const outcome = outcomes.shift();
    if (outcome instanceof Error) throw outcome;
    const response: GatewayResponse = { status: 200, headers: {}, body: outcome, attempts: 1, cache: undefined };
    return response;
  };
  return { handler, seen };
}

const noJitter = { random: () => 0, budget: false as const };
const s503 = () => httpErrorForStatus(503);

describe('retry()', () => {
  const retries: RetryEvent[] = [];
  const exhausted: RetryBudgetEvent[] = [];
  const onRetry = (m: unknown) => retries.push(m as RetryEvent);
  const onExhausted = (m: unknown) => exhausted.push(m as RetryBudgetEvent);
  subscribe('mcpgw:retry', onRetry);
  subscribe('mcpgw:retry:budget-exhausted', onExhausted);
  afterEach(() => {
    retries.length = 0;
    exhausted.length = 0;
    vi.useRealTimers();
  });

  it('retries a read until it succeeds, numbering attempts and reporting them on the response', async () => {
    const { handler, seen } = scripted([s503(), s503(), 'ok']);
    const response = await retry(noJitter)(handler)(read());
    expect(response.body).toBe('ok');
    expect(response.attempts).toBe(3);
    expect(seen.map((r) => r.attempt)).toEqual([1, 2, 3]);
    expect(new Set(seen.map((r) => r.requestId)).size).toBe(1);
    expect(retries.map((e) => [e.attempt, e.reason, e.delayMs])).toEqual([
      [1, 'status:503', 0],
      [2, 'status:503', 0],
    ]);
  });

  it('gives up after maxAttempts with the last error, its attempts set', async () => {
    const { handler, seen } = scripted([s503(), s503(), s503(), 'never']);
    const error = (await retry(noJitter)(handler)(read()).catch((e: unknown) => e)) as GatewayError;
    expect(error.code).toBe('MCPGW_SERVER_ERROR');
    expect(error.attempts).toBe(3);
    expect(seen).toHaveLength(3);
    expect(isRetryBudgetExhausted(error)).toBe(false);
  });

  it('does not retry a 400, nor a 503 of an invoke without an idempotency key', async () => {
    const bad = scripted([httpErrorForStatus(400), 'never']);
    await expect(retry(noJitter)(bad.handler)(read())).rejects.toMatchObject({ status: 400, attempts: 1 });
    expect(bad.seen).toHaveLength(1);
    const unsafe = scripted([s503(), 'never']);
    await expect(retry(noJitter)(unsafe.handler)(invoke())).rejects.toMatchObject({ status: 503 });
    expect(unsafe.seen).toHaveLength(1);
  });

  it('retries an invoke that provably never left, and one with an idempotency key', async () => {
    const refused = scripted([new ConnectError('refused', 'ECONNREFUSED', { mayHaveReachedServer: false }), 'ran']);
    expect((await retry(noJitter)(refused.handler)(invoke())).attempts).toBe(2);
    const keyed = scripted([s503(), 'ran']);
    await retry(noJitter)(keyed.handler)(invoke({ headers: { 'idempotency-key': 'k-1' } }));
    expect(keyed.seen.map((r) => r.headers['idempotency-key'])).toEqual(['k-1', 'k-1']);
  });

  it('lets shouldRetry replace the table', async () => {
    const { handler, seen } = scripted([httpErrorForStatus(404), 'found']);
    const response = await retry({ ...noJitter, shouldRetry: (e) => (e as { status?: number }).status === 404 })(
      handler,
    )(read());
    expect(response.body).toBe('found');
    expect(seen).toHaveLength(2);
  });

  it('waits as long as Retry-After asks', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
    const { handler, seen } = scripted([new RateLimitedError({ retryAfterMs: 1_000 }), 'ok']);
    const pending = retry(noJitter)(handler)(read());
    await vi.advanceTimersByTimeAsync(999);
    expect(seen).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect((await pending).attempts).toBe(2);
    expect(retries[0]?.delayMs).toBe(1_000);
  });

  it('fails at once with the server error when Retry-After passes maxDelayMs or the deadline', async () => {
    const long = scripted([new RateLimitedError({ retryAfterMs: 120_000 }), 'never']);
    await expect(retry(noJitter)(long.handler)(read())).rejects.toMatchObject({ retryAfterMs: 120_000, attempts: 1 });
    expect(long.seen).toHaveLength(1);

    const near = scripted([new RateLimitedError({ retryAfterMs: 1_500 }), 'never']);
    const error = await retry({ ...noJitter, maxDelayMs: 5_000 })(near.handler)(
      read({ deadline: Deadline.after(1_000) }),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(near.seen).toHaveLength(1);
  });

  it('ends a backoff at once when the caller aborts, leaving no listener on the signal', async () => {
    const controller = new AbortController();
    const { handler } = scripted([s503(), 'never']);
    const pending = retry({ budget: false, baseDelayMs: 10_000, maxDelayMs: 10_000, random: () => 0.99 })(handler)(
      read({ signal: controller.signal }),
    );
    await vi.waitFor(() => expect(retries).toHaveLength(1));
    controller.abort();
    const error = await pending.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect((error as AbortError).attempts).toBe(1);
    expect(EventEmitter.getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('ends a backoff with the deadline error when the deadline fires during the wait', async () => {
    const controller = new AbortController();
    const { handler } = scripted([s503(), 'never']);
    const pending = retry({ budget: false, baseDelayMs: 10_000, maxDelayMs: 10_000, random: () => 0.99 })(handler)(
      read({ signal: controller.signal }),
    );
    await vi.waitFor(() => expect(retries).toHaveLength(1));
    controller.abort(new TimeoutError('deadline', 5_000));
    await expect(pending).rejects.toMatchObject({ phase: 'deadline', attempts: 1 });
  });

  it('gives up with the server error when the backoff would pass the deadline', async () => {
    const { handler, seen } = scripted([s503(), 'never']);
    const layer = compose(
      deadline({ totalMs: 1_000 }),
      retry({ budget: false, baseDelayMs: 5_000, maxDelayMs: 5_000, random: () => 0.99 }),
    );
    await expect(layer(handler)(read())).rejects.toMatchObject({ status: 503, attempts: 1 });
    expect(seen).toHaveLength(1);
  });

  it('never retries once the signal has aborted', async () => {
    const controller = new AbortController();
    const { handler, seen } = scripted([]);
    const aborting: Handler = async (r) => {
      controller.abort();
      return handler(r).then(() => {
        throw new ConnectError('refused', 'ECONNREFUSED', { mayHaveReachedServer: false });
      });
    };
    await expect(retry(noJitter)(aborting)(read({ signal: controller.signal }))).rejects.toBeInstanceOf(ConnectError);
    expect(seen).toHaveLength(1);
  });

  it('returns the original error, marked, when the budget is spent', async () => {
    const budget = retryBudget({ ratio: 0, minPerSecond: 0.1, windowMs: 10_000 });
    const layer = retry({ random: () => 0, budget });
    const first = scripted([s503(), 'ok']);
    expect((await layer(first.handler)(read())).attempts).toBe(2);
    const second = scripted([s503(), 'never']);
    const error = await layer(second.handler)(read()).catch((e: unknown) => e);
    expect(isRetryBudgetExhausted(error)).toBe(true);
    expect((error as GatewayError).attempts).toBe(1);
    expect(second.seen).toHaveLength(1);
    expect(exhausted).toHaveLength(1);
    expect(exhausted[0]?.error).toBe(error);
    expect(layer.stats()).toMatchObject({ calls: 2, retries: 1, budgetExhausted: 1 });
    expect(layer.budget).toBe(budget);
    expect(layer.budget.stats().exhausted).toBe(1);
  });

  it('does not publish when nobody listens, and passes non-Gateway errors through untouched', async () => {
    unsubscribe('mcpgw:retry', onRetry);
    const { handler } = scripted([s503(), 'ok']);
    await retry(noJitter)(handler)(read());
    expect(retries).toEqual([]);
    subscribe('mcpgw:retry', onRetry);
    const plain = new Error('bug');
    await expect(retry(noJitter)(scripted([plain]).handler)(read())).rejects.toBe(plain);
  });

  it('validates its options', () => {
    expect(() => retry({ maxAttempts: 0 })).toThrow(ConfigError);
    expect(() => retry({ baseDelayMs: -1 })).toThrow(ConfigError);
    expect(() => retry({ baseDelayMs: 100, maxDelayMs: 10 })).toThrow(ConfigError);
    expect(retry().stats()).toEqual({
      calls: 0,
      retries: 0,
      budgetExhausted: 0,
      budget: { requests: 0, retries: 0, available: 100, exhausted: 0 },
    });
  });

  it('leaves no listener behind after 10 000 calls sharing one signal', async () => {
    const controller = new AbortController();
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    const layer = compose(deadline({ totalMs: 60_000 }), retry({ random: () => 0, budget: false }));
    let n = 0;
    const handler = layer(async (r) => {
      n++;
      if (n % 20 === 1) throw httpErrorForStatus(503);
      return { status: 200, headers: {}, body: null, attempts: r.attempt, cache: undefined };
    });
    for (let i = 0; i < 10_000; i++) await handler(read({ signal: controller.signal }));
    await new Promise((r) => setImmediate(r));
    process.off('warning', onWarning);
    expect(EventEmitter.getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
  });
});
