import { afterEach, describe, expect, it } from 'vitest';
import { type GatewaySim, startGatewaySim } from '../src/index.js';
import { drawLatency } from '../src/latency-draw.js';
import { seededRandom } from '../src/seeded-random.js';

let sim: GatewaySim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const health = (s: GatewaySim) =>
  fetch(`${s.url}/health`).then(async (r) => ({ status: r.status, body: await r.text() }));

describe('capacity', () => {
  it('serves at most `concurrency` at once, queues up to `queue`, answers 503 beyond', async () => {
    sim = await startGatewaySim({ latencyMs: 400, capacity: { concurrency: 2, queue: 3 } });
    const answers = await Promise.all(Array.from({ length: 8 }, () => health(sim!)));
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([200, 200, 200, 200, 200, 503, 503, 503]);
    expect(sim.load).toEqual({ active: 0, queued: 0, peakActive: 2, shed: 3, dropped: 0 });
  });

  it('changes at run time, through the admin API too, and null lifts the bound', async () => {
    sim = await startGatewaySim({ latencyMs: 300 });
    const post = (body: unknown) =>
      fetch(`${sim!.url}/__admin/capacity`, { method: 'POST', body: JSON.stringify(body) }).then((r) => r.status);
    expect(await post({ capacity: { concurrency: 1, queue: 0 } })).toBe(200);
    const bounded = await Promise.all(Array.from({ length: 3 }, () => health(sim!)));
    expect(bounded.filter((a) => a.status === 503)).toHaveLength(2);
    expect(await post({ capacity: null })).toBe(200);
    const free = await Promise.all(Array.from({ length: 3 }, () => health(sim!)));
    expect(free.map((a) => a.status)).toEqual([200, 200, 200]);
    const load = (await (await fetch(`${sim.url}/__admin/load`)).json()) as { peakActive: number; shed: number };
    expect(load).toMatchObject({ peakActive: 3, shed: 2 });
    expect(await post({ capacity: { concurrency: 0, queue: 1 } })).toBe(400);
  });

  it('drops a queued request whose client went away instead of serving it', async () => {
    sim = await startGatewaySim({ latencyMs: 500, capacity: { concurrency: 1, queue: 5 } });
    const first = health(sim);
    const controller = new AbortController();
    const abandoned = fetch(`${sim.url}/api/v1/servers`, { signal: controller.signal }).catch((e: unknown) => e);
    while (sim.load.queued === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    expect(await abandoned).toBeInstanceOf(Error);
    expect((await first).status).toBe(200);
    expect(sim.load).toMatchObject({ active: 0, queued: 0, peakActive: 1, dropped: 1 });
  });
});

describe('long-tail latency', () => {
  it('makes about `share` of the draws `factor` times slower, the same for the same seed', () => {
    const latency = { min: 2, max: 4, tail: { share: 0.05, factor: 50 } };
    const draws = (seed: number) => {
      const random = seededRandom(seed);
      return Array.from({ length: 10_000 }, () => drawLatency(latency, random));
    };
    const all = draws(7);
    const slow = all.filter((ms) => ms >= 100);
    expect(slow.length / all.length).toBeGreaterThan(0.04);
    expect(slow.length / all.length).toBeLessThan(0.06);
    expect(new Set(slow)).toEqual(new Set([100, 150, 200]));
    expect(all.filter((ms) => ms < 100).every((ms) => ms >= 2 && ms <= 4)).toBe(true);
    expect(draws(7)).toEqual(all);
  });

  it('rejects a tail it cannot draw', async () => {
    await expect(startGatewaySim({ latencyMs: { min: 1, max: 2, tail: { share: 2, factor: 5 } } })).rejects.toThrow(
      /tail.share/,
    );
    await expect(startGatewaySim({ latencyMs: { min: 1, max: 2, tail: { share: 0.1, factor: 0 } } })).rejects.toThrow(
      /tail.factor/,
    );
  });
});
