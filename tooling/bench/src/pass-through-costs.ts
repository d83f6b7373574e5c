import { buildRequest, compose, GatewayClient } from '@mcpgw/core';
import { round } from './latency-recorder.js';
import { measureNs } from './measure-ns.js';
import type { OptionalPackages } from './optional-packages.js';
import { buildStack, type LayerName, standardOrder } from './stack.js';
import { stubTransport } from './stub-transport.js';

export interface PassThroughCost {
  readonly layer: LayerName;
  /** What the layer does for the measured call. */
  readonly passes: string;
  /** Median of (client.execute with the layer − without it), over alternating runs, ns. */
  readonly overheadNs: number;
  readonly baselineNs: number;
  readonly rme: number;
  readonly skipped?: string;
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

const whatItDoes: Record<LayerName, string> = {
  tracing: 'no-op tracer (no provider registered)',
  metrics: 'prom-client registry, request and attempt instruments',
  logging: 'pino at warn (the preset default) to /dev/null: nothing to log',
  authorize: 'a read that needs no decision',
  cache: 'a request that is not cacheable',
  deadline: 'total 30 s, never reached, enforce: false (as the preset runs it)',
  concurrencyLimit: 'a free slot (256), empty queue',
  retry: 'first attempt succeeds',
  breaker: 'circuit closed, success recorded',
  attemptTimeout: 'the layer form (the preset runs it in the transport)',
};

/**
 * The cost of each layer of the standard onion for a call it has nothing to do for, in process: GatewayClient over
 * a transport stand-in that answers at once and publishes the attempt events as core's transport does, so the
 * observers (metrics, logging, tracing) pay for what they subscribe to. Each layer alternates with a baseline run
 * (`reps` pairs, default 3), so the machine's drift over the run is not read as a layer's cost.
 */
export async function measurePassThroughCosts(
  packages: OptionalPackages,
  simUrl: string,
  options: { timeMs: number; reps?: number; layers?: readonly LayerName[]; log?: (line: string) => void },
): Promise<PassThroughCost[]> {
  const origin = new URL(simUrl).origin;
  const request = { ...buildRequest({ origin, path: '/api/v1/servers/postgres-mcp', operation: 'getServer' }) };
  const settings = { tracer: 'noop', logLevel: 'warn', cacheMaxEntries: 1_000 } as const;
  const clientWith = (layers: readonly LayerName[]) => {
    const stack = buildStack(packages, layers, settings);
    const client = new GatewayClient({
      baseUrl: simUrl,
      handler: compose(...stack.middlewares)(stubTransport),
      name: 'bench-pass-through',
    });
    return { stack, run: () => client.execute({ ...request, client: 'bench-pass-through' }) };
  };
  const time = { timeMs: options.timeMs, batch: 1_000 };
  const bare = clientWith([]);
  const costs: PassThroughCost[] = [];
  for (const layer of options.layers ?? standardOrder) {
    const { stack, run } = clientWith([layer]);
    if (stack.skipped.length > 0) {
      costs.push({ layer, passes: whatItDoes[layer], overheadNs: 0, baselineNs: 0, rme: 0, skipped: 'not available' });
      await stack.close();
      continue;
    }
    try {
      const differences: number[] = [];
      const baselines: number[] = [];
      let rme = 0;
      for (let rep = 0; rep < (options.reps ?? 3); rep++) {
        const baseline = await measureNs(bare.run, time);
        const withLayer = await measureNs(run, time);
        differences.push(withLayer.nsPerOp - baseline.nsPerOp);
        baselines.push(baseline.nsPerOp);
        rme = Math.max(rme, baseline.rme, withLayer.rme);
      }
      const cost: PassThroughCost = {
        layer,
        passes: whatItDoes[layer],
        overheadNs: round(median(differences)),
        baselineNs: round(median(baselines)),
        rme,
      };
      costs.push(cost);
      options.log?.(`pass-through: ${layer.padEnd(16)} ${(cost.overheadNs / 1000).toFixed(3)} µs (±${cost.rme} %)`);
    } finally {
      await stack.close();
    }
  }
  await bare.stack.close();
  return costs;
}
