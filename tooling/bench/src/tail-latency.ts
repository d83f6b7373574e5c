import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createGatewayClient } from '@mcpgw/preset';
import { runClosedLoop } from './closed-loop.js';
import type { LatencySummary } from './latency-recorder.js';
import { currentLoad, type MachineInfo, machineInfo } from './machine.js';
import { runOpenLoop } from './open-loop.js';
import { repoRoot } from './repo-root.js';
import { startSimProcess } from './sim-process.js';
import { barChartSvg } from './svg-chart.js';

export interface TailLatencyOptions {
  /** Open-loop arrival rate, calls per second. Default 400 (quick 200). */
  rate?: number;
  /** Each measured run. Default 10 s (quick 1.5 s). */
  durationMs?: number;
  /** Runs per configuration, the configurations alternating. Default 3 (quick 1). */
  rounds?: number;
  quick?: boolean;
  /** Where tail-latency-node<major>.json and .md go. Default tooling/bench/results. */
  outDir?: string;
  /** Where the chart goes. Default docs/performance (quick: `outDir`). */
  chartDir?: string;
}

/** The simulator's latency: 5 % of the answers 50× slower (100-200 ms instead of 2-4 ms), seeded. */
export const tailLatency = { min: 2, max: 4, tail: { share: 0.05, factor: 50 } } as const;

/** The configurations compared, in the order each round runs them. */
export const tailConfigs = [
  { name: 'without hedging', hedge: false },
  { name: 'hedge: true', hedge: true },
  // Hedging at p95 asks for about 5 % of calls beyond the tail itself: with a tail as large as the default budget,
  // the budget binds; this one shows what twice the budget buys.
  { name: 'hedge: { budget: { ratio: 0.1 } }', hedge: { budget: { ratio: 0.1 } } },
] as const;

export type TailConfigName = (typeof tailConfigs)[number]['name'];

export interface TailRun {
  readonly config: TailConfigName;
  readonly round: number;
  readonly calls: number;
  readonly errors: number;
  /** Requests the gateway received per call: 1 without hedging, 1 + the hedges' share with it. */
  readonly requestsPerCall: number;
  readonly hedges: number;
  readonly won: number;
  /** µs, from the intended send time. */
  readonly latency: LatencySummary;
}

export interface TailLatencyFigures {
  readonly node: string;
  readonly machine: MachineInfo;
  readonly settings: { rate: number; durationMs: number; rounds: number; latency: typeof tailLatency };
  readonly runs: readonly TailRun[];
  /** Medians over the rounds, per configuration. */
  readonly summary: ReadonlyArray<{ readonly config: TailConfigName } & TailSummary>;
  readonly files: readonly string[];
}

export interface TailSummary {
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  readonly p999Ms: number;
  readonly requestsPerCall: number;
}

/**
 * Hedged reads against a long tail: getServer through createGatewayClient() (cache off, so every call reaches the
 * gateway) with `hedge: false` and `hedge: true`, alternately, at a fixed arrival rate against gateway-sim in a
 * process of its own. Reports each configuration's latency percentiles and the requests the gateway received per
 * call (the extra load hedging costs).
 */
export async function runTailLatency(options: TailLatencyOptions = {}): Promise<TailLatencyFigures> {
  const quick = options.quick ?? false;
  const rate = options.rate ?? (quick ? 200 : 400);
  const durationMs = options.durationMs ?? (quick ? 1_500 : 10_000);
  const rounds = options.rounds ?? (quick ? 1 : 3);
  const startLoad = currentLoad();
  const sim = await startSimProcess({ servers: 200, tools: 5 });
  const runs: TailRun[] = [];
  try {
    await sim.admin('latency', { latencyMs: tailLatency });
    for (let round = 1; round <= rounds; round++) {
      for (const config of tailConfigs) runs.push(await oneRun(sim, config, round, rate, durationMs));
    }
  } finally {
    await sim.close();
  }
  const summary = tailConfigs.map(({ name }) => ({
    config: name,
    ...summarise(runs.filter((r) => r.config === name)),
  }));
  const figures = {
    node: process.versions.node,
    machine: machineInfo(startLoad),
    settings: { rate, durationMs, rounds, latency: tailLatency },
    runs,
    summary,
  };
  const files = await writeFigures(figures, options);
  return { ...figures, files };
}

async function oneRun(
  sim: Awaited<ReturnType<typeof startSimProcess>>,
  config: (typeof tailConfigs)[number],
  round: number,
  rate: number,
  durationMs: number,
): Promise<TailRun> {
  const client = createGatewayClient({
    baseUrl: sim.url,
    name: `tail-${tailConfigs.indexOf(config)}-${round}`,
    cache: false,
    logger: false,
    metrics: false,
    hedge: config.hedge,
  });
  const names = ['postgres-mcp', 'github-mcp', 'server-0003', 'server-0004'];
  const call = (i: number) => client.getServer(names[i % names.length]!);
  try {
    // Warm: JIT, sockets, and the hedge layer's latency histogram (it hedges nothing before 20 answers).
    await runClosedLoop(call, { workers: 8, durationMs: 1_000 });
    const before = client.stats().hedge;
    await sim.admin('reset', {});
    const result = await runOpenLoop(call, { rate, durationMs });
    const counts = (await sim.admin('counts')) as { getServer: number };
    const after = client.stats().hedge;
    return {
      config: config.name,
      round,
      calls: result.sent,
      errors: result.errors,
      requestsPerCall: Math.round((counts.getServer / Math.max(1, result.sent)) * 1000) / 1000,
      hedges: (after?.hedges ?? 0) - (before?.hedges ?? 0),
      won: (after?.won ?? 0) - (before?.won ?? 0),
      latency: result.latency,
    };
  } finally {
    await client.close();
  }
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
}

function summarise(runs: TailRun[]): TailSummary {
  const ms = (pick: (l: LatencySummary) => number) => Math.round(median(runs.map((r) => pick(r.latency))) / 100) / 10;
  return {
    p50Ms: ms((l) => l.p50),
    p90Ms: ms((l) => l.p90),
    p99Ms: ms((l) => l.p99),
    p999Ms: ms((l) => l.p999),
    requestsPerCall: median(runs.map((r) => r.requestsPerCall)),
  };
}

async function writeFigures(
  figures: Omit<TailLatencyFigures, 'files'>,
  options: TailLatencyOptions,
): Promise<string[]> {
  const outDir = options.outDir ?? join(repoRoot, 'tooling', 'bench', 'results');
  const chartDir = options.chartDir ?? (options.quick ? outDir : join(repoRoot, 'docs', 'performance'));
  await mkdir(outDir, { recursive: true });
  await mkdir(chartDir, { recursive: true });
  const base = join(outDir, `tail-latency-node${figures.node.split('.')[0]}`);
  const chart = join(chartDir, 'hedge-tail-latency.svg');
  await writeFile(`${base}.json`, `${JSON.stringify(figures, null, 2)}\n`);
  await writeFile(`${base}.md`, tailLatencyMarkdown(figures));
  await writeFile(chart, tailLatencyChart(figures));
  return [`${base}.json`, `${base}.md`, chart];
}

export function tailLatencyChart(figures: Omit<TailLatencyFigures, 'files'>): string {
  return barChartSvg({
    title: `getServer against a long tail (5 % of answers 50× slower), ${figures.settings.rate} calls/s, Node ${figures.node}`,
    axis: 'latency, ms (from intended send time)',
    groups: ['p50', 'p90', 'p99', 'p99.9'],
    series: figures.summary.map((s) => ({
      name: `${s.config} (${s.requestsPerCall} requests per call)`,
      values: [s.p50Ms, s.p90Ms, s.p99Ms, s.p999Ms],
    })),
  });
}

export function tailLatencyMarkdown(figures: Omit<TailLatencyFigures, 'files'>): string {
  const s = figures.settings;
  const rows = figures.summary.map(
    (x) => `| ${x.config} | ${x.p50Ms} | ${x.p90Ms} | ${x.p99Ms} | ${x.p999Ms} | ${x.requestsPerCall} |`,
  );
  const runs = figures.runs.map(
    (r) =>
      `| ${r.round} | ${r.config} | ${r.calls} | ${r.errors} | ${r.hedges} | ${r.won} | ${r.requestsPerCall} | ${Math.round(r.latency.p99 / 100) / 10} |`,
  );
  return [
    `# Hedged reads against a long tail (Node ${figures.node})`,
    '',
    `\`pnpm bench tail-latency\`: getServer through createGatewayClient() (cache off), open loop at ${s.rate} calls/s for ${s.durationMs / 1000} s per run, ${s.rounds} rounds alternating the configurations (\`hedge: true\` is the defaults: p95 after 20 answers, budget 5 % + 1/s). gateway-sim in its own process, latency ${s.latency.min}-${s.latency.max} ms with ${s.latency.tail.share * 100} % of answers ${s.latency.tail.factor}× slower. ${figures.machine.cores} cores, ${figures.machine.cpu}, load ${figures.machine.loadAverage.start} → ${figures.machine.loadAverage.end}, commit ${figures.machine.commit ?? '?'}.`,
    '',
    'Medians over the rounds, ms from the intended send time:',
    '',
    '| configuration | p50 | p90 | p99 | p99.9 | requests per call |',
    '| --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
    '| round | configuration | calls | errors | hedges | won by the hedge | requests per call | p99 ms |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
    ...runs,
    '',
  ].join('\n');
}
