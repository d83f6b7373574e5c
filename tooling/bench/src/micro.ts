import {
  buildRequest,
  channels,
  compose,
  createTransport,
  GatewayClient,
  type Handler,
  type Middleware,
  serverInfoSchema,
} from '@mcpgw/core';
import { Bench } from 'tinybench';
import { request as undiciRequest } from 'undici';
import { z } from 'zod';
import { round } from './latency-recorder.js';
import type { OptionalPackages } from './optional-packages.js';
import { type ResolvedOptions, selected } from './options.js';
import { presetClient } from './preset-client.js';
import { buildStack, type LayerName, standardOrder } from './stack.js';
import { stubTransport } from './stub-transport.js';

export interface MicroResult {
  readonly group: string;
  readonly name: string;
  readonly nsPerOp: number;
  readonly opsPerSec: number;
  /** Relative margin of error of the mean, %. */
  readonly rme: number;
  /** Cost over the group's baseline, ns (when the group has one). */
  readonly overheadNs?: number;
  readonly note?: string;
}

export interface MicroSummary {
  readonly results: readonly MicroResult[];
  /** Slope of compose() cost over 0..20 pass-through layers, ns per layer. */
  readonly perLayerNs: number | undefined;
  /** metrics + tracing + logging together, over a client with none of them, ns per operation. */
  readonly observabilityNs: number | undefined;
  /** Cache-hit reads through the whole composed stack, ops/s. */
  readonly cacheHitOpsPerSec: number | undefined;
  /** The same through createGatewayClient(), when the preset exists. */
  readonly presetCacheHitOpsPerSec: number | undefined;
}

/** Operations per tinybench sample: a sub-microsecond call is far below the timer's own cost, so calls are batched. */
const BATCH = 1_000;

/** tinybench micro-benchmarks of in-process costs: compose, each layer, the cache-hit path, zod, events. */
export async function runMicro(
  packages: OptionalPackages,
  simUrl: string,
  options: ResolvedOptions,
): Promise<MicroSummary> {
  const time = options.quick ? 100 : 1_000;
  const results: MicroResult[] = [];
  const origin = new URL(simUrl).origin;
  const measure = async (
    group: string,
    name: string,
    fn: () => unknown,
    extra: { async?: boolean; batch?: number; baselineNs?: number; note?: string } = {},
  ): Promise<MicroResult | undefined> => {
    if (!selected(options, name) && !selected(options, group)) return undefined;
    const batch = extra.batch ?? BATCH;
    const bench = new Bench({ time, warmupTime: Math.max(50, time / 4), iterations: 5 });
    bench.add(
      name,
      extra.async === false
        ? () => {
            for (let i = 0; i < batch; i++) fn();
          }
        : async () => {
            for (let i = 0; i < batch; i++) await fn();
          },
    );
    await bench.run();
    const result = bench.tasks[0]!.result;
    if (result.state !== 'completed') {
      const error = 'error' in result ? result.error.message : result.state;
      throw new Error(`micro-benchmark ${name} did not complete: ${error}`);
    }
    const nsPerOp = (result.latency.mean * 1e6) / batch;
    const entry: MicroResult = {
      group,
      name,
      nsPerOp: round(nsPerOp),
      opsPerSec: Math.round(1e9 / nsPerOp),
      rme: round(result.latency.rme, 2),
      ...(extra.baselineNs === undefined ? {} : { overheadNs: round(nsPerOp - extra.baselineNs) }),
      ...(extra.note === undefined ? {} : { note: extra.note }),
    };
    results.push(entry);
    options.log(`micro: ${group.padEnd(14)} ${name.padEnd(36)} ${String(entry.nsPerOp).padStart(10)} ns/op`);
    return entry;
  };

  const response = Object.freeze({ status: 200, headers: {}, body: {}, attempts: 1, cache: undefined });
  const inner: Handler = async () => response;
  const passThrough: Middleware = (next) => (req) => next(req);
  const plain = buildRequest({ origin, path: '/api/v1/servers/postgres-mcp', operation: 'getServer' });

  // compose() with N pass-through layers: the slope is the price of one layer in the onion.
  const layerCounts = options.quick ? [0, 10] : [0, 1, 5, 10, 20];
  const composed: Array<{ n: number; ns: number }> = [];
  for (const n of layerCounts) {
    const handler = compose(...Array.from({ length: n }, () => passThrough))(inner);
    const r = await measure('compose', `compose ${n} pass-through layers`, () => handler(plain));
    if (r !== undefined) composed.push({ n, ns: r.nsPerOp });
  }
  const perLayerNs = composed.length >= 2 ? round(slope(composed.map((c) => [c.n, c.ns] as const))) : undefined;

  // Each layer alone around an instant handler, with a request it has nothing to do for (not cacheable, no authz).
  const none = await measure('layer', 'no layer', () => inner(plain));
  for (const layer of options.quick ? (['deadline', 'retry'] as LayerName[]) : standardOrder) {
    const stack = buildStack(packages, [layer], { cacheMaxEntries: 1_000 });
    if (stack.skipped.length > 0) {
      await stack.close();
      continue;
    }
    const handler = compose(...stack.middlewares)(inner);
    await measure('layer', `${layer} pass-through`, () => handler(plain), { baselineNs: none?.nsPerOp });
    await stack.close();
  }

  // Observability per operation: the client publishes request events, the stub transport attempt events.
  let observabilityNs: number | undefined;
  const operation = { ...plain, client: 'bench-observed' };
  const observed = async (layers: readonly LayerName[], name: string, baselineNs?: number) => {
    const stack = buildStack(packages, layers);
    if (stack.skipped.length > 0) {
      await stack.close();
      return undefined;
    }
    const client = new GatewayClient({
      baseUrl: simUrl,
      handler: compose(...stack.middlewares)(stubTransport),
      name: 'bench-observed',
    });
    const r = await measure('observability', name, () => client.execute(operation), { baselineNs });
    await stack.close();
    return r;
  };
  const bare = await observed([], 'client.execute, no observability');
  if (!options.quick) {
    await observed(['metrics'], 'metrics', bare?.nsPerOp);
    await observed(['tracing'], 'tracing', bare?.nsPerOp);
    await observed(['logging'], 'logging', bare?.nsPerOp);
  }
  const all = await observed(['metrics', 'tracing', 'logging'], 'metrics + tracing + logging', bare?.nsPerOp);
  if (all?.overheadNs !== undefined) observabilityNs = all.overheadNs;

  // The cache-hit path over the real transport: the first read fills the cache, every later one is a hit.
  let cacheHitOpsPerSec: number | undefined;
  if (packages.has('cache')) {
    const transport = createTransport({ connections: options.connections });
    const stack = buildStack(packages, standardOrder);
    const client = new GatewayClient({ baseUrl: simUrl, handler: compose(...stack.middlewares)(transport) });
    await client.getServer('postgres-mcp');
    const r = await measure('cache-hit', 'cache hit, full stack', () => client.getServer('postgres-mcp'), {
      batch: 200,
      ...(stack.skipped.length === 0 ? {} : { note: `composed without ${stack.skipped.join(', ')}` }),
    });
    cacheHitOpsPerSec = r?.opsPerSec;
    await stack.close();
    await transport.close();
  }
  let presetCacheHitOpsPerSec: number | undefined;
  if (packages.has('preset') && !options.quick) {
    const { client, close } = presetClient(packages, simUrl);
    try {
      await client.getServer('postgres-mcp');
      const r = await measure('cache-hit', 'cache hit, preset', () => client.getServer('postgres-mcp'), { batch: 200 });
      presetCacheHitOpsPerSec = r?.opsPerSec;
    } catch (error) {
      options.log(`micro: preset cache hit failed: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      await close();
    }
  }

  // zod validation of one 1000-item page, as the client validates every page.
  const pageResponse = await undiciRequest(`${simUrl}/api/v1/servers?offset=0&limit=1000`);
  const page = await pageResponse.body.json();
  const pageSchema = z.looseObject({
    servers: z.array(serverInfoSchema),
    total: z.number().int().nonnegative().optional(),
    next_offset: z.number().int().nonnegative().nullable().optional(),
  });
  await measure('zod', 'validate a 1000-item server page', () => pageSchema.parse(page), { async: false, batch: 1 });

  // The primitives a timeout layer is built from, to tell which part of deadline()/attemptTimeout() costs what.
  if (!options.quick) {
    await measure(
      'primitives',
      'new AbortController()',
      () => {
        sink = new AbortController().signal;
      },
      { async: false, batch: 10_000 },
    );
    await measure('primitives', 'setTimeout + clearTimeout', () => clearTimeout(setTimeout(noopTimer, 30_000)), {
      async: false,
      batch: 10_000,
    });
    await measure(
      'primitives',
      'signal listener add + remove',
      () => {
        const signal = sharedController.signal;
        signal.addEventListener('abort', noopTimer);
        signal.removeEventListener('abort', noopTimer);
      },
      { async: false, batch: 10_000 },
    );
    await measure('primitives', 'new Promise + then (a race wrapper)', () =>
      new Promise<void>((resolve) => resolve()).then(noopTimer),
    );
  }

  // Publishing an event: the hasSubscribers guard alone, then with one subscriber.
  const event = { client: 'bench', operation: 'getServer', requestId: 'r', request: plain, startTime: 0 };
  const publish = () => {
    if (channels.requestStart.hasSubscribers) channels.requestStart.publish(event);
  };
  await measure('events', 'publish, no subscribers', publish, { async: false, batch: 100_000 });
  const noop = () => {};
  channels.requestStart.subscribe(noop);
  await measure('events', 'publish, one subscriber', publish, { async: false, batch: 100_000 });
  channels.requestStart.unsubscribe(noop);

  return { results, perLayerNs, observabilityNs, cacheHitOpsPerSec, presetCacheHitOpsPerSec };
}

const noopTimer = () => {};
/** Written by benchmarks whose result would otherwise be optimised away. */
let sink: unknown;
export const lastSink = () => sink;
const sharedController = new AbortController();

/** Least-squares slope of y over x. */
export function slope(points: ReadonlyArray<readonly [number, number]>): number {
  const n = points.length;
  const mx = points.reduce((s, [x]) => s + x, 0) / n;
  const my = points.reduce((s, [, y]) => s + y, 0) / n;
  let num = 0;
  let den = 0;
  for (const [x, y] of points) {
    num += (x - mx) * (y - my);
    den += (x - mx) ** 2;
  }
  return den === 0 ? 0 : num / den;
}
