import { compose, createTransport, deadline, GatewayClient, type Transport } from '@mcpgw/core';
import { type GatewaySim, startGatewaySim } from '@mcpgw/gateway-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type HedgeMiddleware, type HedgeOptions, hedge } from '../src/index.js';

// A long tail: 5 % of the answers 40× slower (200-400 ms instead of 5-10 ms), seeded. The gateway runs in this
// process, so on a loaded machine every answer is slower than drawn; a tail this far out keeps the two runs apart.
const TAIL = { min: 5, max: 10, tail: { share: 0.05, factor: 40 } };
const CALLS = 400;
const WORKERS = 4;

let sim: GatewaySim;
const transports: Transport[] = [];

beforeAll(async () => {
  sim = await startGatewaySim({ port: 0, requireUserToken: false, latencyMs: TAIL, seed: 7 });
});
afterAll(async () => {
  await Promise.all(transports.map((t) => t.close()));
  await sim.close();
});

function clientWith(options: HedgeOptions | false): { client: GatewayClient; layer: HedgeMiddleware | undefined } {
  const transport = createTransport({ connections: 16 });
  transports.push(transport);
  const layer = options === false ? undefined : hedge(options);
  const handler = compose(deadline({ totalMs: 10_000 }), layer)(transport);
  return { client: new GatewayClient({ baseUrl: sim.url, handler, name: 'hedge-tail' }), layer };
}

/** Latency of each of `CALLS` getServer calls, `WORKERS` at a time. */
async function latencies(client: GatewayClient): Promise<number[]> {
  const out: number[] = [];
  let started = 0;
  async function worker() {
    while (started < CALLS) {
      started++;
      const t0 = performance.now();
      await client.getServer('postgres-mcp');
      out.push(performance.now() - t0);
    }
  }
  await Promise.all(Array.from({ length: WORKERS }, worker));
  return out;
}

function p99(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.ceil(0.99 * sorted.length) - 1]!;
}

describe('hedge against a long-tail gateway', () => {
  it('cuts the p99 to under half of the unhedged one, and the extra requests stay within the budget', async () => {
    sim.reset();
    const plain = await latencies(clientWith(false).client);
    expect(sim.counts.getServer).toBe(CALLS);

    sim.reset();
    const budget = { ratio: 0.05, minPerSecond: 1, windowMs: 10_000 };
    const { client, layer } = clientWith({ budget });
    const hedged = await latencies(client);
    const stats = layer!.stats();
    const allowed = budget.ratio * CALLS + budget.minPerSecond * (budget.windowMs / 1000);

    // Counted, not timed: the same calls, the same gateway, only hedging differs.
    expect(p99(hedged), `p99 ${p99(hedged).toFixed(1)} ms hedged vs ${p99(plain).toFixed(1)} ms plain`).toBeLessThan(
      p99(plain) / 2,
    );
    expect(stats.calls).toBe(CALLS);
    expect(stats.hedges).toBeGreaterThan(0);
    expect(stats.hedges).toBeLessThanOrEqual(allowed);
    // What reached the gateway beyond one request per call is at most the hedges sent.
    expect(sim.counts.getServer - CALLS).toBeLessThanOrEqual(stats.hedges);
    expect(stats.won).toBeGreaterThan(0);
    // Every hedged call had a loser, and each was aborted.
    expect(stats.cancelled).toBe(stats.hedges);
  }, 60_000);
});
