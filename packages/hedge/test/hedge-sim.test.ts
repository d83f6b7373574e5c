import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import {
  AbortError,
  type BreakerStateEvent,
  ConfigError,
  channels,
  compose,
  createTransport,
  deadline,
  GatewayClient,
  type HedgeEvent,
  ServerError,
  TimeoutError,
  type Transport,
} from '@mcpgw/core';
import { type GatewaySim, startGatewaySim } from '@mcpgw/gateway-sim';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type HedgeOptions, hedge } from '../src/index.js';

let sim: GatewaySim;
const transports: Transport[] = [];
let clients = 0;

beforeAll(async () => {
  sim = await startGatewaySim({ port: 0, requireUserToken: false });
});
afterEach(() => sim.reset());
afterAll(async () => {
  await Promise.all(transports.map((t) => t.close()));
  await sim.close();
});

// A fixed delay keeps these tests about what happens, not about how fast this machine is: a slow branch is one
// the simulator holds (`hang`, `slow-headers` for seconds), never one that merely happens to be slow.
function clientWith(options: HedgeOptions = { delayMs: 30 }) {
  const transport = createTransport({ connections: 8 });
  transports.push(transport);
  const layer = hedge(options);
  const name = `hedge-sim-${++clients}`;
  const handler = compose(deadline({ totalMs: 10_000 }), layer)(transport);
  return { client: new GatewayClient({ baseUrl: sim.url, handler, name }), layer, transport, name };
}

/** Polls until `check` holds, or fails after 10 s with `what`. */
async function until(check: () => boolean, what: string): Promise<void> {
  const end = Date.now() + 10_000;
  while (!check()) {
    if (Date.now() > end) throw new Error(`still not so after 10 s: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

function running(transport: Transport): number {
  return transport.stats().reduce((sum, pool) => sum + pool.running + pool.pending, 0);
}

function hedgeEvents(): { events: HedgeEvent[]; stop: () => void } {
  const events: HedgeEvent[] = [];
  const listener = (message: unknown) => events.push(message as HedgeEvent);
  subscribe('mcpgw:hedge', listener);
  return { events, stop: () => unsubscribe('mcpgw:hedge', listener) };
}

const SLOW = { fault: 'slow-headers', delayMs: 3_000 } as const;

describe('hedge against gateway-sim', () => {
  it('a held first branch loses to the hedge; the loser is aborted and its connection closed', async () => {
    const { client, layer, transport } = clientWith();
    const { events, stop } = hedgeEvents();
    sim.script('getServer', [{ fault: 'hang' }]);
    try {
      const server = await client.getServer('postgres-mcp');
      expect(server.server_name).toBe('postgres-mcp');
      expect(sim.counts.getServer).toBe(2);
      const ids = sim.requests.map((r) => r.headers['x-request-id']);
      expect(new Set(ids).size).toBe(1);
      expect(layer.stats()).toMatchObject({ calls: 1, hedges: 1, won: 1, cancelled: 1 });
      expect(events.map((e) => [e.result, e.branch])).toEqual([
        ['sent', 1],
        ['won', 1],
        ['cancelled', 0],
      ]);
      expect(events.every((e) => e.requestId === ids[0] && e.operation === 'getServer' && e.delayMs === 30)).toBe(true);
      // The held request is gone from the pool: undici closed its socket when the branch was aborted.
      await until(() => running(transport) === 0, 'the losing request still runs');
    } finally {
      stop();
    }
  });

  it('a call that answers before the delay sends nothing more', async () => {
    const { client, layer } = clientWith({ delayMs: 5_000 });
    for (let i = 0; i < 5; i++) await client.getServer('postgres-mcp');
    expect(sim.counts.getServer).toBe(5);
    expect(layer.stats()).toMatchObject({ calls: 5, hedges: 0, won: 0, cancelled: 0 });
  });

  it('one branch failing does not fail the call while the other may still answer', async () => {
    const { client, layer } = clientWith();
    sim.script('getServer', [{ fault: 'slow-headers', delayMs: 300 }, { status: 503 }]);
    const server = await client.getServer('postgres-mcp');
    expect(server.server_name).toBe('postgres-mcp');
    expect(sim.counts.getServer).toBe(2);
    expect(layer.stats()).toMatchObject({ hedges: 1, won: 0, cancelled: 0 });
  });

  it('both branches failing fails the call with the failure that ended it', async () => {
    const { client } = clientWith();
    sim.script('getServer', [{ fault: 'hang' }, { status: 503 }]);
    // The first branch is held, the hedge fails: the call waits for the first until its deadline, and that is why
    // it failed (the retry layer above must not read a 503 into a call whose time is up).
    const failure = await client.getServer('postgres-mcp', { timeoutMs: 400 }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TimeoutError);
    expect((failure as TimeoutError).phase).toBe('deadline');
  });

  it('a first branch that fails before the delay is the call failing: no hedge after a failure', async () => {
    const { client, layer } = clientWith({ delayMs: 2_000 });
    sim.script('getServer', [{ status: 503 }, { status: 503 }, { status: 503 }]);
    for (let i = 0; i < 3; i++) {
      await expect(client.getServer('postgres-mcp')).rejects.toBeInstanceOf(ServerError);
    }
    expect(sim.counts.getServer).toBe(3);
    expect(layer.stats().hedges).toBe(0);
  });

  it("the caller's abort ends both branches with AbortError", async () => {
    const { client, transport } = clientWith();
    const { events, stop } = hedgeEvents();
    sim.script('getServer', [{ fault: 'hang' }, { fault: 'hang' }]);
    const controller = new AbortController();
    try {
      const call = client.getServer('postgres-mcp', { signal: controller.signal }).catch((e: unknown) => e);
      await until(() => events.some((e) => e.result === 'sent') && sim.counts.getServer === 2, 'no hedge was sent');
      controller.abort();
      expect(await call).toBeInstanceOf(AbortError);
      await until(() => running(transport) === 0, 'a branch still runs after the abort');
    } finally {
      stop();
    }
  });

  it("the call's deadline ends both branches with a deadline TimeoutError", async () => {
    const { client, layer, transport } = clientWith();
    sim.script('getServer', [{ fault: 'hang' }, { fault: 'hang' }]);
    const failure = await client.getServer('postgres-mcp', { timeoutMs: 300 }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(TimeoutError);
    expect((failure as TimeoutError).phase).toBe('deadline');
    expect(layer.stats().hedges).toBe(1);
    await until(() => running(transport) === 0, 'a branch still runs after the deadline');
  });

  it('an invoke without an Idempotency-Key is never hedged; one with a key is, and runs once', async () => {
    const { client, layer } = clientWith();
    const invoke = { server: 'postgres-mcp', tool: 'list_tables', parameters: {} };
    sim.script('invoke', [{ fault: 'slow-headers', delayMs: 300 }]);
    await client.invokeTool(invoke);
    expect(sim.counts.invoke).toBe(1);
    expect(layer.stats()).toMatchObject({ calls: 0, hedges: 0 });

    sim.reset();
    sim.script('invoke', [SLOW]);
    const result = await client.invokeTool({ ...invoke, idempotencyKey: 'hedge-key-1' });
    expect(result).toBeDefined();
    expect(sim.counts.invoke).toBe(2);
    expect(layer.stats()).toMatchObject({ calls: 1, hedges: 1, won: 1 });
    expect(sim.invocations.every((i) => i.idempotencyKey === 'hedge-key-1')).toBe(true);
    expect(sim.executions('postgres-mcp', 'list_tables')).toBe(1);
  });

  it('sends no hedge while the breaker reports the upstream not closed, and hedges again once it closes', async () => {
    const { client, layer, name } = clientWith();
    const upstream = new URL(sim.url).origin;
    const publish = (from: BreakerStateEvent['from'], to: BreakerStateEvent['to']) => {
      const event: BreakerStateEvent = { client: name, upstream, from, to, nextAttemptAt: undefined };
      channels.breakerState.publish(event);
    };
    publish('closed', 'open');
    // Another client's circuit is not this one's.
    channels.breakerState.publish({ client: 'someone-else', upstream, from: 'open', to: 'closed' });
    expect(layer.stats().strugglingUpstreams).toEqual([`${name} ${upstream}`]);
    sim.script('getServer', [{ fault: 'slow-headers', delayMs: 200 }]);
    await client.getServer('postgres-mcp');
    expect(sim.counts.getServer).toBe(1);
    publish('open', 'half-open');
    sim.script('getServer', [{ fault: 'slow-headers', delayMs: 200 }]);
    await client.getServer('postgres-mcp');
    expect(sim.counts.getServer).toBe(2);
    expect(layer.stats().hedges).toBe(0);

    publish('half-open', 'closed');
    sim.script('getServer', [{ fault: 'hang' }]);
    await client.getServer('postgres-mcp');
    expect(sim.counts.getServer).toBe(4);
    expect(layer.stats()).toMatchObject({ hedges: 1, won: 1 });
    expect(layer.stats().suppressed).toBeGreaterThanOrEqual(2);
  });

  it('sends no hedge while the retry budget it was given has nothing left', async () => {
    let available = 0;
    const { client, layer } = clientWith({ delayMs: 30, retryBudget: { stats: () => ({ available }) } });
    sim.script('getServer', [{ fault: 'slow-headers', delayMs: 200 }]);
    await client.getServer('postgres-mcp');
    expect(sim.counts.getServer).toBe(1);
    available = 3;
    sim.script('getServer', [{ fault: 'hang' }]);
    await client.getServer('postgres-mcp');
    expect(sim.counts.getServer).toBe(3);
    expect(layer.stats().hedges).toBe(1);
  });

  it('a spent hedge budget sends no hedge', async () => {
    const { client, layer } = clientWith({ delayMs: 30, budget: { ratio: 0, minPerSecond: 0.1, windowMs: 10_000 } });
    sim.script('getServer', [{ fault: 'hang' }, { fault: 'pass' }, { fault: 'slow-headers', delayMs: 200 }]);
    await client.getServer('postgres-mcp');
    await client.getServer('postgres-mcp');
    expect(sim.counts.getServer).toBe(3);
    expect(layer.stats()).toMatchObject({ hedges: 1, budget: { hedges: 1, available: 0 } });
  });

  it('waits for minSamples answers before hedging on the percentile', async () => {
    const { client, layer } = clientWith({ minSamples: 3, percentile: 95, minDelayMs: 20 });
    for (let i = 0; i < 3; i++) await client.getServer('postgres-mcp');
    expect(layer.delayFor(new URL(sim.url).origin, 'getServer')).toBeGreaterThanOrEqual(20);
    sim.script('getServer', [{ fault: 'hang' }]);
    await client.getServer('postgres-mcp');
    expect(sim.counts.getServer).toBe(5);
    expect(layer.stats()).toMatchObject({ calls: 4, hedges: 1, won: 1 });
  });

  it('maxHedges: 2 sends a third branch when two are held; the winner cancels both others', async () => {
    const { client, layer, transport } = clientWith({ delayMs: 30, maxHedges: 2 });
    sim.script('getServer', [{ fault: 'hang' }, { fault: 'hang' }]);
    await client.getServer('postgres-mcp');
    expect(sim.counts.getServer).toBe(3);
    expect(layer.stats()).toMatchObject({ hedges: 2, won: 1, cancelled: 2 });
    await until(() => running(transport) === 0, 'a losing request still runs');
  });

  it('reports the delay it would wait: the fixed one, or none before minSamples', async () => {
    const origin = new URL(sim.url).origin;
    expect(clientWith({ delayMs: 40, minDelayMs: 50 }).layer.delayFor(origin, 'getServer')).toBe(50);
    expect(clientWith({ minSamples: 5 }).layer.delayFor(origin, 'getServer')).toBeUndefined();
  });

  it('await using closes it too', async () => {
    const { client, layer } = clientWith();
    await layer[Symbol.asyncDispose]();
    sim.script('getServer', [{ fault: 'slow-headers', delayMs: 100 }]);
    await client.getServer('postgres-mcp');
    expect(sim.counts.getServer).toBe(1);
  });

  it('close() stops hedging and the breaker subscription', async () => {
    const { client, layer } = clientWith();
    layer.close();
    sim.script('getServer', [{ fault: 'slow-headers', delayMs: 200 }]);
    await client.getServer('postgres-mcp');
    expect(sim.counts.getServer).toBe(1);
    expect(layer.stats().calls).toBe(0);
  });

  it('refuses bad options with a ConfigError naming each', () => {
    expect(() => hedge({ percentile: 10, maxHedges: 9, delayMs: 0 })).toThrow(ConfigError);
    try {
      hedge({ percentile: 10, maxHedges: 9, delayMs: 0 });
    } catch (error) {
      expect((error as ConfigError).issues.map((i) => i.path).sort()).toEqual([
        'hedge.delayMs',
        'hedge.maxHedges',
        'hedge.percentile',
      ]);
    }
    expect(() => hedge({ shouldHedge: 'yes' as never })).toThrow(/hedge\.shouldHedge/);
    expect(() => hedge({ retryBudget: {} as never })).toThrow(/hedge\.retryBudget/);
  });
});
