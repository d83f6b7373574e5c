import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { QueueFullError } from '@mcpgw/core';
import { createGatewayClient } from '@mcpgw/preset';
import { runClosedLoop } from './closed-loop.js';
import { lineChartSvg } from './line-chart-svg.js';
import { currentLoad, type MachineInfo, machineInfo } from './machine.js';
import { repoRoot } from './repo-root.js';
import { type SimProcess, startSimProcess } from './sim-process.js';

export interface CapacityDropOptions {
  /** Open-loop arrival rate, calls per second: 1.5× the half capacity. Default 1200. */
  rate?: number;
  /** The first phase at full capacity; the half-capacity phase lasts twice as long, the restored one as long. */
  phaseMs?: number;
  quick?: boolean;
  /** Where capacity-drop-node<major>.json and .md go. Default tooling/bench/results. */
  outDir?: string;
  /** Where the chart goes. Default docs/performance (quick: `outDir`). */
  chartDir?: string;
}

/**
 * The gateway serves `concurrency` calls at once for 18-22 ms each and queues 32 more (then 503): 1 600 calls/s at
 * full capacity, 800 at half. The client's ceiling is twice the full capacity, as a fleet sized for peaks would be.
 */
export const capacityDropSettings = {
  latencyMs: { min: 18, max: 22 },
  full: { concurrency: 32, queue: 32 },
  half: { concurrency: 16, queue: 32 },
  maxConcurrent: 64,
  // A short queue: a long one would hold the shed calls' wait at the client instead of the gateway.
  maxQueue: 8,
  bucketMs: 250,
} as const;

export type LimitKind = 'fixed' | 'adaptive';

/** One time bucket of a run: calls that ended in it, by outcome, and the state sampled at its end. */
export interface Bucket {
  readonly tMs: number;
  ok: number;
  /** QueueFullError: refused by the client, never sent. */
  shed: number;
  /** The gateway's 503 (after the retry layer's attempts), timeouts and anything else. */
  failed: number;
  /** ms from the intended send time, of the calls that succeeded. */
  readonly latencies: number[];
  limit: number;
  gatewayQueued: number;
}

export interface PhaseSummary {
  readonly phase: string;
  readonly limit: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly okPerSecond: number;
  readonly shedPerSecond: number;
  readonly failedPerSecond: number;
  readonly gatewayQueued: number;
}

export interface CapacityDropRun {
  readonly kind: LimitKind;
  readonly sent: number;
  readonly ok: number;
  readonly shed: number;
  readonly failed: number;
  /** Requests the gateway received per call sent (retries included). */
  readonly requestsPerCall: number;
  readonly buckets: readonly Bucket[];
  readonly phases: readonly PhaseSummary[];
}

export interface CapacityDropFigures {
  readonly node: string;
  readonly machine: MachineInfo;
  readonly settings: typeof capacityDropSettings & { rate: number; phaseMs: number };
  readonly runs: readonly CapacityDropRun[];
  readonly files: readonly string[];
}

/**
 * The adaptive limit under a capacity drop: getServer through createGatewayClient() (cache off) at a fixed arrival
 * rate against gateway-sim in its own process, whose capacity halves after `phaseMs` and comes back after three. Run
 * once with the fixed bulkhead (`limits.maxConcurrent` 64) and once with `limits.adaptive: true` (its defaults), each
 * bucket recording the limit, the latency of the calls served, the calls shed or failed, and the gateway's queue.
 */
export async function runCapacityDrop(options: CapacityDropOptions = {}): Promise<CapacityDropFigures> {
  const quick = options.quick ?? false;
  const rate = options.rate ?? 1_200;
  const phaseMs = options.phaseMs ?? (quick ? 1_000 : 5_000);
  const startLoad = currentLoad();
  const sim = await startSimProcess({ servers: 200, tools: 5 });
  const runs: CapacityDropRun[] = [];
  try {
    await sim.admin('latency', { latencyMs: capacityDropSettings.latencyMs });
    for (const kind of ['fixed', 'adaptive'] as const) runs.push(await oneRun(sim, kind, rate, phaseMs));
  } finally {
    await sim.close();
  }
  const figures = {
    node: process.versions.node,
    machine: machineInfo(startLoad),
    settings: { ...capacityDropSettings, rate, phaseMs },
    runs,
  };
  return { ...figures, files: await writeFigures(figures, options) };
}

async function oneRun(sim: SimProcess, kind: LimitKind, rate: number, phaseMs: number): Promise<CapacityDropRun> {
  const s = capacityDropSettings;
  await sim.admin('capacity', { capacity: s.full });
  const client = createGatewayClient({
    baseUrl: sim.url,
    name: `capacity-drop-${kind}`,
    cache: false,
    logger: false,
    metrics: false,
    // Enough sockets that the pool is no second limit: the bulkhead alone decides what reaches the gateway.
    pool: { connections: 2 * s.maxConcurrent },
    limits: {
      maxConcurrent: s.maxConcurrent,
      maxQueue: s.maxQueue,
      ...(kind === 'adaptive' ? { adaptive: true } : {}),
    },
  });
  const names = ['postgres-mcp', 'github-mcp', 'server-0003', 'server-0004'];
  const call = (i: number) => client.getServer(names[i % names.length] as string);
  const totalMs = 4 * phaseMs;
  const buckets: Bucket[] = Array.from({ length: Math.ceil(totalMs / s.bucketMs) + 1 }, (_, i) => ({
    tMs: (i + 1) * s.bucketMs,
    ok: 0,
    shed: 0,
    failed: 0,
    latencies: [],
    limit: 0,
    gatewayQueued: 0,
  }));
  const limitNow = () => {
    const queue = client.stats().queue as { limit?: number };
    return queue.limit ?? s.maxConcurrent;
  };
  try {
    // Warm: JIT, sockets, and the adaptive limit's first windows.
    await runClosedLoop(call, { workers: 16, durationMs: 1_000 });
    await sim.admin('reset', {});
    const inFlight = new Set<Promise<void>>();
    const start = performance.now();
    const bucketOf = (now: number) => buckets[Math.min(buckets.length - 1, Math.floor((now - start) / s.bucketMs))];
    let sent = 0;
    let phase = 0;
    const total = Math.floor((rate * totalMs) / 1_000);
    const sampler = sampleBuckets(buckets, start, limitNow, sim);
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const elapsed = performance.now() - start;
        // An open loop: every call due by now is sent now, timed from when it was due (no coordinated omission).
        const due = Math.min(total, Math.floor((elapsed * rate) / 1_000));
        while (sent < due) {
          const intended = start + (sent * 1_000) / rate;
          const done = call(sent).then(
            () => {
              const now = performance.now();
              const bucket = bucketOf(now);
              if (bucket === undefined) return;
              bucket.ok++;
              bucket.latencies.push(now - intended);
            },
            (error: unknown) => {
              const bucket = bucketOf(performance.now());
              if (bucket === undefined) return;
              if (error instanceof QueueFullError) bucket.shed++;
              else bucket.failed++;
            },
          );
          inFlight.add(done);
          void done.finally(() => inFlight.delete(done));
          sent++;
        }
        const wanted = elapsed < phaseMs ? 0 : elapsed < 3 * phaseMs ? 1 : 2;
        if (wanted !== phase) {
          phase = wanted;
          void sim.admin('capacity', { capacity: phase === 1 ? s.half : s.full });
        }
        if (sent >= total) {
          clearInterval(timer);
          resolve();
        }
      }, 5);
    });
    await Promise.allSettled([...inFlight]);
    await sampler;
    const counts = (await sim.admin('counts')) as { getServer: number };
    const sum = (pick: (b: Bucket) => number) => buckets.reduce((a, b) => a + pick(b), 0);
    return {
      kind,
      sent,
      ok: sum((b) => b.ok),
      shed: sum((b) => b.shed),
      failed: sum((b) => b.failed),
      requestsPerCall: Math.round((counts.getServer / Math.max(1, sent)) * 1000) / 1000,
      buckets,
      phases: summarisePhases(buckets, phaseMs),
    };
  } finally {
    await client.close();
  }
}

/** Samples the limit and the gateway's queue at each bucket's end, while the calls run. */
async function sampleBuckets(buckets: Bucket[], start: number, limitNow: () => number, sim: SimProcess): Promise<void> {
  for (const bucket of buckets) {
    const wait = start + bucket.tMs - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    bucket.limit = limitNow();
    bucket.gatewayQueued = ((await sim.admin('load')) as { queued: number }).queued;
  }
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

const round1 = (v: number) => Math.round(v * 10) / 10;

function summarisePhases(buckets: readonly Bucket[], phaseMs: number): PhaseSummary[] {
  const phases: Array<[string, number, number]> = [
    ['full capacity', 0, phaseMs],
    ['half, first second', phaseMs, phaseMs + 1_000],
    ['half, second half', 2 * phaseMs, 3 * phaseMs],
    ['restored, second half', 3.5 * phaseMs, 4 * phaseMs],
  ];
  return phases.map(([phase, from, to]) => {
    const inside = buckets.filter((b) => b.tMs > from && b.tMs <= to);
    const seconds = Math.max(1e-9, (inside.length * capacityDropSettings.bucketMs) / 1_000);
    const latencies = inside.flatMap((b) => b.latencies).sort((a, b) => a - b);
    const mean = (pick: (b: Bucket) => number) => inside.reduce((a, b) => a + pick(b), 0) / Math.max(1, inside.length);
    return {
      phase,
      limit: round1(mean((b) => b.limit)),
      p50Ms: round1(percentile(latencies, 50)),
      p99Ms: round1(percentile(latencies, 99)),
      okPerSecond: Math.round(inside.reduce((a, b) => a + b.ok, 0) / seconds),
      shedPerSecond: Math.round(inside.reduce((a, b) => a + b.shed, 0) / seconds),
      failedPerSecond: Math.round(inside.reduce((a, b) => a + b.failed, 0) / seconds),
      gatewayQueued: round1(mean((b) => b.gatewayQueued)),
    };
  });
}

async function writeFigures(
  figures: Omit<CapacityDropFigures, 'files'>,
  options: CapacityDropOptions,
): Promise<string[]> {
  const outDir = options.outDir ?? join(repoRoot, 'tooling', 'bench', 'results');
  const chartDir = options.chartDir ?? (options.quick ? outDir : join(repoRoot, 'docs', 'performance'));
  await mkdir(outDir, { recursive: true });
  await mkdir(chartDir, { recursive: true });
  const base = join(outDir, `capacity-drop-node${figures.node.split('.')[0]}`);
  const chart = join(chartDir, 'adaptive-limit-capacity-drop.svg');
  // The buckets' raw latencies are summarised, not stored: the JSON stays a few kB.
  const stored = {
    ...figures,
    runs: figures.runs.map((r) => ({ ...r, buckets: r.buckets.map(({ latencies: _all, ...b }) => b) })),
  };
  await writeFile(`${base}.json`, `${JSON.stringify(stored, null, 2)}\n`);
  await writeFile(`${base}.md`, capacityDropMarkdown(figures));
  await writeFile(chart, capacityDropChart(figures));
  return [`${base}.json`, `${base}.md`, chart];
}

const runName = (kind: LimitKind) => (kind === 'fixed' ? 'fixed limit (64)' : 'limits.adaptive: true');

export function capacityDropChart(figures: Omit<CapacityDropFigures, 'files'>): string {
  const { phaseMs, rate } = figures.settings;
  const seconds = (b: Bucket) => b.tMs / 1_000;
  const perSecond = (n: number) => n / (capacityDropSettings.bucketMs / 1_000);
  const series = (pick: (b: Bucket) => number) =>
    figures.runs.map((r) => ({
      name: runName(r.kind),
      points: r.buckets.map((b) => [seconds(b), pick(b)] as const),
    }));
  return lineChartSvg({
    title: `getServer at ${rate} calls/s, gateway capacity halved from ${phaseMs / 1000} s to ${(3 * phaseMs) / 1000} s, Node ${figures.node}`,
    xAxis: 'time, s',
    panels: [
      { axis: 'limit, calls', series: series((b) => b.limit) },
      {
        axis: 'p50 latency, ms',
        series: series((b) => {
          const sorted = [...b.latencies].sort((x, y) => x - y);
          return sorted.length === 0 ? Number.NaN : percentile(sorted, 50);
        }),
      },
      { axis: 'not served (shed + failed) /s', series: series((b) => perSecond(b.shed + b.failed)) },
    ],
    markers: [
      { x: phaseMs / 1000, label: 'capacity 32 → 16' },
      { x: (3 * phaseMs) / 1000, label: '16 → 32' },
    ],
  });
}

export function capacityDropMarkdown(figures: Omit<CapacityDropFigures, 'files'>): string {
  const s = figures.settings;
  const rows = figures.runs.flatMap((r) =>
    r.phases.map(
      (p) =>
        `| ${runName(r.kind)} | ${p.phase} | ${p.limit} | ${p.p50Ms} | ${p.p99Ms} | ${p.okPerSecond} | ${p.shedPerSecond} | ${p.failedPerSecond} | ${p.gatewayQueued} |`,
    ),
  );
  const totals = figures.runs.map(
    (r) =>
      `| ${runName(r.kind)} | ${r.sent} | ${r.ok} | ${r.shed} | ${r.failed} | ${r.sent - r.ok - r.shed - r.failed} | ${r.requestsPerCall} |`,
  );
  return [
    `# The adaptive limit under a capacity drop (Node ${figures.node})`,
    '',
    `\`pnpm bench capacity-drop\`: getServer through createGatewayClient() (cache off, other defaults), open loop at ${s.rate} calls/s. gateway-sim in its own process serves ${s.full.concurrency} calls at once (${s.latencyMs.min}-${s.latencyMs.max} ms each, ${s.full.queue} more queued, then 503), ${s.half.concurrency} from ${s.phaseMs / 1000} s to ${(3 * s.phaseMs) / 1000} s, then ${s.full.concurrency} again until ${(4 * s.phaseMs) / 1000} s. The client: \`limits: { maxConcurrent: ${s.maxConcurrent}, maxQueue: ${s.maxQueue} }\`, then the same with \`adaptive: true\`. ${figures.machine.cores} cores, ${figures.machine.cpu}, load ${figures.machine.loadAverage.start} → ${figures.machine.loadAverage.end}, commit ${figures.machine.commit ?? '?'}.`,
    '',
    "Per phase: the mean limit, latency of the calls served (ms from the intended send time), calls per second served, shed by the client (`QueueFullError`, never sent) and failed (the gateway's 503 after retries, timeouts), and the mean queue at the gateway:",
    '',
    '| client | phase | limit | p50 ms | p99 ms | served/s | shed/s | failed/s | gateway queue |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    '| client | calls sent | served | shed | failed | unaccounted | gateway requests per call |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...totals,
    '',
  ].join('\n');
}
