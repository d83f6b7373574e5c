import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import {
  AbortError,
  attemptTimeout,
  buildRequest,
  ConfigError,
  compose,
  Deadline,
  deadline,
  type GatewayRequest,
  type Handler,
  InvalidRequestError,
  TimeoutError,
} from '../src/index.js';

const ok = (request: GatewayRequest) => ({
  status: 200,
  headers: {},
  body: { deadline: request.deadline },
  attempts: request.attempt,
  cache: undefined,
});

/** Resolves when the request's signal aborts, with its reason; never resolves otherwise. */
const waitForAbort: Handler = (request) =>
  new Promise((_, reject) => {
    request.signal?.addEventListener('abort', () => reject(request.signal?.reason), { once: true });
  });

/** Ignores the signal entirely and never settles. */
const deaf: Handler = () => new Promise(() => {});

const request = (fields: Partial<GatewayRequest> = {}) =>
  buildRequest({ origin: 'http://127.0.0.1:1', path: '/api/v1/servers', operation: 'listServers', ...fields });

describe('deadline()', () => {
  it('with enforce: false only sets the deadline: the layers inside must bound their own waits by it', async () => {
    const seen: GatewayRequest[] = [];
    const timing = deadline({ totalMs: 20, enforce: false })(async (r) => {
      seen.push(r);
      return ok(r);
    });
    const original = request();
    await timing(original);
    expect(seen[0]?.deadline).toBeInstanceOf(Deadline);
    expect(seen[0]?.deadline?.timeoutMs).toBe(20);
    expect(seen[0]?.signal).toBe(original.signal);
    // Not raced: a layer that ignores the deadline holds the call (the default, enforce: true, would end it).
    const held = deadline({ totalMs: 20, enforce: false })(deaf)(request());
    const outcome = await Promise.race([held.then(() => 'settled'), new Promise((r) => setTimeout(r, 60, 'held'))]);
    expect(outcome).toBe('held');
    const raced = await deadline({ totalMs: 20 })(deaf)(request()).catch((e: unknown) => e);
    expect(raced).toBeInstanceOf(TimeoutError);
    expect(() => deadline({ enforce: 'no' as never })).toThrow(ConfigError);
  });

  it('passes a call with no timeout through untouched', async () => {
    let seen: GatewayRequest | undefined;
    const original = request();
    await deadline()(async (r) => {
      seen = r;
      return ok(r);
    })(original);
    expect(seen).toBe(original);
  });

  it('sets deadline and a signal that aborts with TimeoutError(deadline) when the time is up', async () => {
    const handler = deadline({ totalMs: 30 })(waitForAbort);
    const error = await handler(request()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).phase).toBe('deadline');
    expect((error as TimeoutError).timeoutMs).toBe(30);
    expect((error as TimeoutError).operation).toBe('listServers');
  });

  it("prefers the call's own timeoutMs over totalMs and puts the deadline on the performance clock", async () => {
    const before = performance.now();
    let seen: GatewayRequest | undefined;
    await deadline({ totalMs: 60_000 })(async (r) => {
      seen = r;
      return ok(r);
    })(request({ timeoutMs: 5_000 }));
    expect(seen?.deadline?.at).toBeGreaterThanOrEqual(before + 5_000);
    expect(seen?.deadline?.at).toBeLessThan(before + 60_000);
    expect(seen?.deadline?.timeoutMs).toBe(5_000);
  });

  it('ends a call at the deadline even when the inner handler ignores the signal', async () => {
    const error = await deadline({ totalMs: 20 })(deaf)(request()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
  });

  it("ends with AbortError when the caller aborts, and the caller's abort reaches the inner signal", async () => {
    const controller = new AbortController();
    const pending = deadline({ totalMs: 60_000 })(waitForAbort)(request({ signal: controller.signal }));
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(AbortError);
  });

  it('fails at once for a signal that is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(deadline({ totalMs: 1_000 })(deaf)(request({ signal: controller.signal }))).rejects.toBeInstanceOf(
      AbortError,
    );
  });

  it('keeps an earlier deadline set further out', async () => {
    const outer = deadline({ totalMs: 1_000 });
    const inner = deadline({ totalMs: 60_000 });
    let seen: GatewayRequest | undefined;
    const before = performance.now();
    await compose(
      outer,
      inner,
    )(async (r) => {
      seen = r;
      return ok(r);
    })(request());
    expect(seen?.deadline?.at).toBeLessThan(before + 2_000);
  });

  it('rejects a bad timeoutMs before anything is sent, and a bad totalMs at construction', async () => {
    let called = false;
    const handler = deadline()(async (r) => {
      called = true;
      return ok(r);
    });
    await expect(handler(request({ timeoutMs: -1 }))).rejects.toBeInstanceOf(InvalidRequestError);
    await expect(handler(request({ timeoutMs: Number.NaN }))).rejects.toBeInstanceOf(InvalidRequestError);
    expect(called).toBe(false);
    expect(() => deadline({ totalMs: 0 })).toThrow(ConfigError);
  });

  it('leaves no listener on a long-lived caller signal after 10 000 calls', async () => {
    const controller = new AbortController();
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    const handler = compose(deadline({ totalMs: 60_000 }), attemptTimeout({ timeoutMs: 30_000 }))(async (r) => ok(r));
    for (let i = 0; i < 10_000; i++) await handler(request({ signal: controller.signal }));
    await new Promise((r) => setImmediate(r));
    process.off('warning', onWarning);
    expect(EventEmitter.getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
  });
});

describe('attemptTimeout()', () => {
  it('aborts a slow attempt with TimeoutError(attempt)', async () => {
    const error = await attemptTimeout({ timeoutMs: 20 })(waitForAbort)(request({ attempt: 2 })).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).phase).toBe('attempt');
    expect((error as TimeoutError).attempts).toBe(2);
  });

  it('is bounded by the deadline: a deadline nearer than the attempt timeout wins', async () => {
    const handler = compose(deadline({ totalMs: 30 }), attemptTimeout({ timeoutMs: 60_000 }))(deaf);
    const error = await handler(request()).catch((e: unknown) => e);
    expect((error as TimeoutError).phase).toBe('deadline');
  });

  it('uses the remaining time when only a deadline (without a signal) is set', async () => {
    const handler = attemptTimeout({ timeoutMs: 60_000 })(waitForAbort);
    const error = await handler(request({ deadline: Deadline.after(20) })).catch((e: unknown) => e);
    expect((error as TimeoutError).phase).toBe('deadline');
  });

  it("a deadline with a signal that is not the deadline's own (a cache flight) still ends the attempt", async () => {
    const handler = attemptTimeout({ timeoutMs: 60_000 })(waitForAbort);
    const foreign = new AbortController().signal;
    const error = await handler(request({ deadline: Deadline.after(20), signal: foreign })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).phase).toBe('deadline');
  });

  it('sends nothing when the deadline has already passed', async () => {
    let called = false;
    const handler = attemptTimeout({ timeoutMs: 1_000 })(async (r) => {
      called = true;
      return ok(r);
    });
    const error = await handler(request({ deadline: new Deadline(1_000, performance.now() - 1) })).catch(
      (e: unknown) => e,
    );
    expect((error as TimeoutError).phase).toBe('deadline');
    expect(called).toBe(false);
  });

  it('passes a fast answer through and rejects bad options', async () => {
    const response = await attemptTimeout({ timeoutMs: 1_000 })(async (r) => ok(r))(request());
    expect(response.status).toBe(200);
    expect(() => attemptTimeout({ timeoutMs: 0 })).toThrow(ConfigError);
    expect(() => attemptTimeout(undefined as never)).toThrow(ConfigError);
  });
});
