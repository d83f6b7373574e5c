import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import {
  compose,
  createTransport,
  deadline,
  GatewayClient,
  HttpError,
  type LimitEvent,
  QueueFullError,
  TimeoutError,
  type Transport,
} from '@mcpgw/core';
import { type GatewaySim, startGatewaySim } from '@mcpgw/gateway-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adaptiveConcurrency } from '../src/index.js';

// The gateway serves CAPACITY requests at once, each for ~40 ms (well above the client's own delay on a busy machine), queues up to GATEWAY_QUEUE more and answers 503 beyond.
const CAPACITY = 16;
// Deep enough that the limit at the drop (about 28) queues at the gateway rather than meeting 503s only.
const GATEWAY_QUEUE = 32;
const CALLERS = 48;
/** Successful calls per phase: full capacity, half capacity, full again. Counts, not time, end each phase. */
const PHASES = [
  { name: 'full', capacity: CAPACITY, ok: 600 },
  { name: 'half', capacity: CAPACITY / 2, ok: 1_200 },
  { name: 'restored', capacity: CAPACITY, ok: 1_600 },
] as const;
/** A safety bound per phase: the loop stops here and the test fails with a message rather than hang. */
const PHASE_BOUND_MS = 60_000;
const MAX_CALLS = 40_000;

let sim: GatewaySim;
let transport: Transport;

beforeAll(async () => {
  sim = await startGatewaySim({
    port: 0,
    requireUserToken: false,
    seed: 18,
    latencyMs: { min: 38, max: 42 },
    capacity: { concurrency: CAPACITY, queue: GATEWAY_QUEUE },
  });
  transport = createTransport({ connections: 128 });
});
afterAll(async () => {
  await transport.close();
  await sim.close();
});

interface Sample {
  readonly limit: number;
  readonly gatewayQueued: number;
}

describe('adaptiveConcurrency() against a gateway whose capacity halves mid-run', () => {
  it('the limit falls, the gateway queue drains, the shed get QueueFullError, the limit comes back; every call counted', async () => {
    const limiter = adaptiveConcurrency({
      maxLimit: 96,
      minLimit: 2,
      initialLimit: CAPACITY,
      maxQueue: 8,
      windowMs: 100,
      minWindowSamples: 10,
    });
    const client = new GatewayClient({ baseUrl: sim.url, handler: compose(deadline(), limiter)(transport) });
    const limitEvents: LimitEvent[] = [];
    const onLimit = (message: unknown) => limitEvents.push(message as LimitEvent);
    subscribe('mcpgw:limit', onLimit);

    const counts = { started: 0, ok: 0, shed: 0, gateway503: 0, timeouts: 0, other: 0 };
    const others: unknown[] = [];
    const samples: Sample[][] = PHASES.map(() => []);
    let phase = 0;
    let okInPhase = 0;
    let phaseStart = performance.now();
    let overran = false;
    const pause = () => new Promise((resolve) => setTimeout(resolve, 25));

    const caller = async () => {
      while (phase < PHASES.length && counts.started < MAX_CALLS) {
        counts.started++;
        try {
          await client.getServer('postgres-mcp');
          counts.ok++;
          samples[phase]?.push({ limit: limiter.stats().limit, gatewayQueued: sim.load.queued });
          if (++okInPhase >= (PHASES[phase]?.ok ?? 0)) nextPhase();
        } catch (error) {
          if (error instanceof QueueFullError) counts.shed++;
          else if (error instanceof HttpError && error.status === 503) counts.gateway503++;
          else if (error instanceof TimeoutError) counts.timeouts++;
          else {
            counts.other++;
            others.push(error);
          }
          // A refused caller steps aside for a moment, as a real one would, rather than spin on refusals.
          await pause();
        }
        if (performance.now() - phaseStart > PHASE_BOUND_MS) {
          overran = true;
          phase = PHASES.length;
        }
      }
    };
    const nextPhase = () => {
      phase++;
      okInPhase = 0;
      phaseStart = performance.now();
      const next = PHASES[phase];
      if (next !== undefined) sim.setCapacity({ concurrency: next.capacity, queue: GATEWAY_QUEUE });
    };

    try {
      await Promise.all(Array.from({ length: CALLERS }, caller));
    } finally {
      unsubscribe('mcpgw:limit', onLimit);
    }

    expect(overran, `a phase ran past ${PHASE_BOUND_MS} ms: ${JSON.stringify(counts)}`).toBe(false);
    expect(others).toEqual([]);
    // Nothing lost: every call settled as one of the kinds counted, and only refused ones never reached the gateway.
    const settled = counts.ok + counts.shed + counts.gateway503 + counts.timeouts;
    expect(settled).toBe(counts.started);
    expect(sim.counts.getServer).toBe(counts.ok + counts.gateway503 + counts.timeouts);
    expect(limiter.stats()).toMatchObject({ inFlight: 0, queued: 0, shed: counts.shed });

    const [full, half, restored] = samples as [Sample[], Sample[], Sample[]];
    const mean = (values: readonly number[]) => values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
    const lateHalf = <T>(list: readonly T[]) => list.slice(Math.floor(list.length / 2));
    const limitFull = mean(lateHalf(full).map((s) => s.limit));
    const limitHalf = mean(lateHalf(half).map((s) => s.limit));
    const limitRestored = mean(restored.slice(Math.floor((restored.length * 2) / 3)).map((s) => s.limit));
    // The gateway's queue fills as the drop meets a limit set for twice the capacity: its peak right after.
    const queuedAfterDrop = Math.max(...half.slice(0, 150).map((s) => s.gatewayQueued));
    const queuedLate = mean(lateHalf(half).map((s) => s.gatewayQueued));
    const figures = { limitFull, limitHalf, limitRestored, queuedAfterDrop, queuedLate, counts };

    expect(limitHalf, JSON.stringify(figures)).toBeLessThan(limitFull * 0.8);
    expect(limitRestored, JSON.stringify(figures)).toBeGreaterThan(limitHalf * 1.2);
    expect(queuedLate, JSON.stringify(figures)).toBeLessThan(queuedAfterDrop * 0.6);
    expect(counts.shed).toBeGreaterThan(0);
    expect(limitEvents.some((e) => e.to < e.from)).toBe(true);
    expect(limitEvents.some((e) => e.to > e.from)).toBe(true);
    expect(limitEvents.every((e) => e.to >= 2 && e.to <= 96 && e.client.length > 0)).toBe(true);
  }, 240_000);
});
