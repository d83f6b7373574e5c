import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { EventEmitter } from 'node:events';
import { createServer } from 'node:net';
import {
  AbortError,
  attemptTimeout,
  ConnectError,
  compose,
  createTransport,
  deadline,
  GatewayClient,
  type Handler,
  type Middleware,
  RateLimitedError,
  type RetryEvent,
  type Transport,
} from '@mcpgw/core';
import { type GatewaySim, startGatewaySim } from '@mcpgw/gateway-sim';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isRetryBudgetExhausted, type RetryOptions, retry } from '../src/index.js';

let sim: GatewaySim;
const transports: Transport[] = [];

beforeAll(async () => {
  sim = await startGatewaySim({ port: 0, requireUserToken: false });
});
afterEach(() => sim.reset());
afterAll(async () => {
  await Promise.all(transports.map((t) => t.close()));
  await sim.close();
});

function clientWith(options: RetryOptions, extra: { inner?: Middleware; baseUrl?: string } = {}) {
  const transport = createTransport();
  transports.push(transport);
  const layer = retry({ baseDelayMs: 5, maxDelayMs: 2_000, ...options });
  const handler: Handler = compose(deadline(), layer, attemptTimeout({ timeoutMs: 10_000 }), extra.inner)(transport);
  return { client: new GatewayClient({ baseUrl: extra.baseUrl ?? sim.url, handler }), layer };
}

/** A port on which nothing listens: opened on port 0, noted, closed. */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address !== null ? address.port : 0;
}

const invoke = { server: 'postgres-mcp', tool: 'execute_query', parameters: { query: 'SELECT 1' } };

describe('retry against gateway-sim', () => {
  it('listServers: 503, 503, 200 succeeds after exactly 3 requests; 400 fails after exactly 1', async () => {
    const { client } = clientWith({});
    sim.script('listServers', [{ status: 503 }, { status: 503 }]);
    const page = await client.listServers();
    expect(page.items.length).toBeGreaterThan(0);
    expect(sim.counts.listServers).toBe(3);
    const ids = new Set(sim.requests.map((r) => r.headers['x-request-id']));
    expect(ids.size).toBe(1);

    sim.reset();
    sim.script('listServers', [{ status: 400 }]);
    await expect(client.listServers()).rejects.toMatchObject({ status: 400, attempts: 1 });
    expect(sim.counts.listServers).toBe(1);
  });

  it('invokeTool: a 503 fails after exactly 1 request; the tool ran at most once', async () => {
    const { client } = clientWith({});
    sim.script('invoke', [{ status: 503 }]);
    await expect(client.invokeTool(invoke)).rejects.toMatchObject({ status: 503, attempts: 1 });
    expect(sim.counts.invoke).toBe(1);
    expect(sim.executions('postgres-mcp', 'execute_query')).toBeLessThanOrEqual(1);
  });

  it('invokeTool with an idempotency key: 503 then 200 is 2 requests with the same key; the tool ran once', async () => {
    const { client } = clientWith({});
    sim.script('invoke', [{ status: 503 }]);
    await client.invokeTool({ ...invoke, idempotencyKey: 'order-42' });
    expect(sim.counts.invoke).toBe(2);
    expect(sim.requests.map((r) => r.headers['idempotency-key'])).toEqual(['order-42', 'order-42']);
    expect(sim.executions('postgres-mcp', 'execute_query')).toBe(1);
  });

  it('invokeTool refused before sending is retried, and the simulator never sees a duplicate', async () => {
    const port = await deadPort();
    // The first attempt goes to a port where nothing listens; later ones reach the simulator.
    const firstToDeadPort: Middleware = (next) => (request) =>
      next(request.attempt === 1 ? { ...request, origin: `http://127.0.0.1:${port}` } : request);
    const { client } = clientWith({}, { inner: firstToDeadPort });
    await client.invokeTool(invoke);
    expect(sim.counts.invoke).toBe(1);
    expect(sim.executions('postgres-mcp', 'execute_query')).toBe(1);

    const { client: dead } = clientWith({}, { baseUrl: `http://127.0.0.1:${port}` });
    const error = await dead.invokeTool(invoke).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectError);
    expect(error).toMatchObject({ mayHaveReachedServer: false, attempts: 3 });
  });

  it('429 with Retry-After: 1 waits about a second before the next attempt', async () => {
    const { client } = clientWith({});
    sim.script('listServers', [{ status: 429, headers: { 'retry-after': '1' } }]);
    await client.listServers();
    const [first, second] = sim.requests;
    expect(sim.counts.listServers).toBe(2);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(950);
  });

  it('429 with Retry-After: 120 and a 2 s deadline fails at once with RateLimitedError', async () => {
    const { client } = clientWith({ maxDelayMs: 300_000 });
    sim.script('listServers', [{ status: 429, headers: { 'retry-after': '120' } }]);
    const error = await client.listServers({ timeoutMs: 2_000 }).catch((e: unknown) => e);
    // Had it waited, the deadline would have ended it with a TimeoutError instead.
    expect(error).toBeInstanceOf(RateLimitedError);
    expect((error as RateLimitedError).retryAfterMs).toBe(120_000);
    expect(sim.counts.listServers).toBe(1);
  });

  it('a total outage of 1 000 calls stays near 1.2x the calls, and the exhausted budget shows', async () => {
    const { client, layer } = clientWith({ maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 5 });
    const exhausted: unknown[] = [];
    const onExhausted = (m: unknown) => exhausted.push(m);
    subscribe('mcpgw:retry:budget-exhausted', onExhausted);
    sim.script(
      'health',
      Array.from({ length: 3_000 }, () => ({ status: 503 })),
    );
    const errors: unknown[] = [];
    for (let batch = 0; batch < 20; batch++) {
      const calls = Array.from({ length: 50 }, () => client.health().catch((e: unknown) => errors.push(e)));
      await Promise.all(calls);
    }
    unsubscribe('mcpgw:retry:budget-exhausted', onExhausted);
    expect(errors).toHaveLength(1_000);
    // ratio 0.2 of the calls plus the floor: minPerSecond 10 over the 10 s window.
    expect(sim.counts.health).toBeLessThanOrEqual(1_000 * 1.2 + 10 * 10);
    expect(sim.counts.health).toBeGreaterThan(1_000);
    expect(layer.stats().budgetExhausted).toBeGreaterThan(0);
    expect(exhausted.length).toBe(layer.stats().budgetExhausted);
    expect(errors.filter(isRetryBudgetExhausted).length).toBe(layer.stats().budgetExhausted);
  }, 60_000);

  it('aborting during a 10 s backoff rejects with AbortError long before the backoff would end', async () => {
    const { client } = clientWith({ baseDelayMs: 10_000, maxDelayMs: 10_000, random: () => 0.99 });
    sim.script('listServers', [{ status: 503 }]);
    const controller = new AbortController();
    const retried = new Promise<void>((resolve) => {
      const onRetry = (m: unknown) => {
        if ((m as RetryEvent).operation !== 'listServers') return;
        unsubscribe('mcpgw:retry', onRetry);
        resolve();
      };
      subscribe('mcpgw:retry', onRetry);
    });
    const pending = client.listServers({ signal: controller.signal }).catch((e: unknown) => e);
    await retried;
    controller.abort();
    const outcome = await Promise.race([
      pending,
      new Promise((resolve) => setTimeout(resolve, 5_000, 'still waiting')).then((v) => v),
    ]);
    expect(outcome).toBeInstanceOf(AbortError);
    expect(sim.counts.listServers).toBe(1);
    expect(EventEmitter.getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('10 000 calls with one signal leave no listener and raise no MaxListenersExceededWarning', async () => {
    const { client } = clientWith({});
    const controller = new AbortController();
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    for (let batch = 0; batch < 100; batch++) {
      await Promise.all(
        Array.from({ length: 100 }, () => client.health({ signal: controller.signal, timeoutMs: 30_000 })),
      );
    }
    await new Promise((r) => setImmediate(r));
    process.off('warning', onWarning);
    expect(EventEmitter.getEventListeners(controller.signal, 'abort')).toHaveLength(0);
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
  }, 60_000);
});
