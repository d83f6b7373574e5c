import { createTransport, defaultPagination, GatewayClient } from '@mcpgw/core';
import { round } from './latency-recorder.js';
import type { SimProcess } from './sim-process.js';

export interface PagingComparison {
  /** Latency the simulator added to every page, ms. */
  readonly serverLatencyMs: number;
  /** Median wall time of listAllServers() one page at a time, ms. */
  readonly sequentialMs: number;
  /** Median wall time with the client's concurrent prefetch, ms. */
  readonly prefetchMs: number;
  readonly speedup: number;
}

export interface ListingResult {
  /** The same listing when every page takes this long to answer (a gateway across a network, not on loopback). */
  readonly withLatency: PagingComparison;
  readonly servers: number;
  readonly pageSize: number;
  /** Median wall time of listAllServers() one page at a time, ms. */
  readonly sequentialMs: number;
  /** Median wall time with the client's concurrent prefetch, ms. */
  readonly prefetchMs: number;
  readonly prefetchConcurrency: number;
  readonly speedup: number;
  readonly tools: { readonly count: number; readonly ms: number; readonly perSecond: number };
}

const REPEATS = 3;

/** listAllServers() page after page vs with prefetch, and a long tools listing, through core's client. */
export async function runListing(
  url: string,
  sim: SimProcess,
  connections: number,
  toolsToList: number,
  pageLatencyMs = 2,
): Promise<ListingResult> {
  const transport = createTransport({ connections });
  const pageSize = 100;
  const concurrency = defaultPagination.concurrency;
  try {
    const timed = async (pagination: { concurrency: number }) => {
      const client = new GatewayClient({ baseUrl: url, handler: transport, pagination: { pageSize, ...pagination } });
      const times: number[] = [];
      let count = 0;
      for (let r = 0; r < REPEATS; r++) {
        const t0 = performance.now();
        count = (await client.listAllServers()).length;
        times.push(performance.now() - t0);
      }
      return { ms: median(times), count };
    };
    await timed({ concurrency }); // warm-up: JIT and connections
    const sequential = await timed({ concurrency: 1 });
    const prefetch = await timed({ concurrency });

    const client = new GatewayClient({ baseUrl: url, handler: transport, pagination: { pageSize, concurrency } });
    const t0 = performance.now();
    let tools = 0;
    for await (const _tool of client.tools()) {
      if (++tools >= toolsToList) break;
    }
    const toolsMs = performance.now() - t0;

    await sim.admin('latency', { latencyMs: pageLatencyMs });
    let withLatency: PagingComparison;
    try {
      const slowSequential = await timed({ concurrency: 1 });
      const slowPrefetch = await timed({ concurrency });
      withLatency = {
        serverLatencyMs: pageLatencyMs,
        sequentialMs: round(slowSequential.ms),
        prefetchMs: round(slowPrefetch.ms),
        speedup: round(slowSequential.ms / slowPrefetch.ms, 2),
      };
    } finally {
      await sim.admin('latency', { latencyMs: 0 });
    }
    return {
      withLatency,
      servers: sequential.count,
      pageSize,
      sequentialMs: round(sequential.ms),
      prefetchMs: round(prefetch.ms),
      prefetchConcurrency: concurrency,
      speedup: round(sequential.ms / prefetch.ms, 2),
      tools: { count: tools, ms: round(toolsMs), perSecond: round((tools / toolsMs) * 1000) },
    };
  } finally {
    await transport.close();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}
