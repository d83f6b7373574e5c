import diagnostics from 'node:diagnostics_channel';
import { createTransport, GatewayClient } from '@mcpgw/core';
import { type ClosedLoopResult, runClosedLoop, warmUp } from './closed-loop.js';
import { LatencyRecorder, type LatencySummary, round } from './latency-recorder.js';
import type { SimProcess } from './sim-process.js';

export interface SaturationResult {
  readonly connections: number;
  readonly callers: number;
  readonly serverLatencyMs: number;
  readonly load: ClosedLoopResult;
  /** Time from undici creating a request to its headers going out on a socket, µs. */
  readonly queueing: LatencySummary;
  /** Mean share of the pool's connections busy, sampled every 10 ms. */
  readonly poolUtilisation: number;
  /** Mean requests waiting in the pool for a connection. */
  readonly meanPending: number;
}

interface UndiciRequestMessage {
  readonly request: object;
}

/** Many more callers than connections: how long requests wait for a socket, and how busy the pool is. */
export async function runSaturation(
  url: string,
  sim: SimProcess,
  durationMs: number,
  settings = { connections: 8, callers: 256, serverLatencyMs: 2 },
): Promise<SaturationResult> {
  const transport = createTransport({ connections: settings.connections });
  const client = new GatewayClient({ baseUrl: url, handler: transport });
  const call = () => client.getServer('postgres-mcp');
  const created = new WeakMap<object, number>();
  const queueing = new LatencyRecorder();
  const onCreate = (message: unknown) => created.set((message as UndiciRequestMessage).request, performance.now());
  const onSend = (message: unknown) => {
    const at = created.get((message as UndiciRequestMessage).request);
    if (at !== undefined) queueing.recordMs(performance.now() - at);
  };
  await sim.admin('latency', { latencyMs: settings.serverLatencyMs });
  let busy = 0;
  let pending = 0;
  let samples = 0;
  const sampler = setInterval(() => {
    for (const pool of transport.stats()) {
      busy += (pool.connected - pool.free) / settings.connections;
      pending += pool.pending;
    }
    samples++;
  }, 10);
  try {
    await warmUp(call, 300, settings.callers);
    busy = 0;
    pending = 0;
    samples = 0;
    diagnostics.subscribe('undici:request:create', onCreate);
    diagnostics.subscribe('undici:client:sendHeaders', onSend);
    const load = await runClosedLoop(call, { workers: settings.callers, durationMs });
    return {
      ...settings,
      load,
      queueing: queueing.summary(),
      poolUtilisation: round(samples === 0 ? 0 : busy / samples, 3),
      meanPending: round(samples === 0 ? 0 : pending / samples),
    };
  } finally {
    clearInterval(sampler);
    diagnostics.unsubscribe('undici:request:create', onCreate);
    diagnostics.unsubscribe('undici:client:sendHeaders', onSend);
    queueing.destroy();
    await sim.admin('latency', { latencyMs: 0 });
    await transport.close();
  }
}
