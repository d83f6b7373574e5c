import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { runClosedLoop, warmUp } from './closed-loop.js';
import { round } from './latency-recorder.js';
import { currentLoad } from './machine.js';
import { OptionalPackages } from './optional-packages.js';
import { measurePassThroughCosts, type PassThroughCost } from './pass-through-costs.js';
import { measurePresetCacheHit, measurePresetCacheHitInOwnProcess, type PresetCacheHit } from './preset-cache-hit.js';
import { repoRoot } from './repo-root.js';
import { loadScenarios, type ScenarioContext, type Target } from './scenarios.js';
import { fetchServerNames } from './server-names.js';
import { startSimProcess } from './sim-process.js';

export interface HotPathOptions {
  /** Alternating raw/ours rounds of each pair. Default 5 (quick 1). */
  rounds?: number;
  /** Each closed-loop run, ms. Default 5 000 (quick 1 000). */
  durationMs?: number;
  /** Each in-process measurement, ms. Default 1 000 (quick 100). */
  microMs?: number;
  connections?: number;
  workers?: number;
  /** The CI smoke: one short round, fewer servers. */
  quick?: boolean;
  /** Where hot-path-node<major>.json and .md go. Default tooling/bench/results. */
  outDir?: string;
  log?: (line: string) => void;
}

export interface PairedRatio {
  readonly ours: string;
  readonly raw: string;
  /** ours / raw of each round, raw run just before ours. */
  readonly ratios: readonly number[];
  readonly median: number;
  readonly oursOpsPerSec: readonly number[];
  readonly rawOpsPerSec: readonly number[];
  readonly errors: number;
}

export interface HotPathTarget {
  readonly target: string;
  readonly measured: string;
  readonly met: boolean | undefined;
}

export interface HotPathFigures {
  readonly node: string;
  readonly startedAt: string;
  /** 1-minute load average at the start and the end: other work on the machine skews every figure. */
  readonly loadAverage: { readonly start: number; readonly end: number };
  readonly settings: { rounds: number; durationMs: number; microMs: number; connections: number; workers: number };
  readonly rest: PairedRatio;
  readonly mcp: PairedRatio;
  readonly passThrough: readonly PassThroughCost[];
  /** In a fresh process with only that client (the target's figure). */
  readonly presetCacheHit: PresetCacheHit | undefined;
  /** In the bench's process, after the pass-through measurements built a dozen other pipelines. */
  readonly presetCacheHitShared: PresetCacheHit | undefined;
  readonly targets: readonly HotPathTarget[];
  readonly files: readonly string[];
}

// The preset as it runs by default: no OpenTelemetry SDK registered (tracing() gets the no-op tracer), logs at warn.
// `pnpm bench` measures preset-miss and mcp-preset-call-json with an SDK tracer beside these.
const PAIRS = [
  { ours: 'preset-miss-defaults', raw: 'raw-undici' },
  { ours: 'mcp-preset-call-json-defaults', raw: 'raw-undici-mcp-call-json' },
] as const;

/** Pass-through cost bound of the issue, ns; the ratio's bound and goal; the cache-hit bound, ops/s. */
const PER_LAYER_NS = 300;
const RATIO_MIN = 0.75;
const CACHE_HIT_MIN = 400_000;

const median = (values: readonly number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
};

/**
 * Every figure the hot-path issue's "done when" names, side by side in one run: the preset (every default layer,
 * the cache missing on every call) and the MCP tools/call path each over raw undici sending the same requests
 * (closed loop, gateway-sim in its own process, alternating rounds), each pass-through layer's cost and the cache
 * hit through the full preset, both in process.
 */
export async function runHotPathFigures(options: HotPathOptions = {}): Promise<HotPathFigures> {
  const quick = options.quick ?? false;
  const settings = {
    rounds: options.rounds ?? (quick ? 1 : 5),
    durationMs: options.durationMs ?? (quick ? 1_000 : 5_000),
    microMs: options.microMs ?? (quick ? 100 : 1_000),
    connections: options.connections ?? 32,
    workers: options.workers ?? 64,
  };
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const startedAt = new Date().toISOString();
  const startLoad = currentLoad();
  const packages = await OptionalPackages.load();
  const sim = await startSimProcess({ servers: quick ? 2_000 : 10_000, tools: 20 });
  let rest: PairedRatio;
  let mcp: PairedRatio;
  let passThrough: PassThroughCost[];
  let presetCacheHit: PresetCacheHit | undefined;
  let presetCacheHitShared: PresetCacheHit | undefined;
  try {
    const context: ScenarioContext = {
      url: sim.url,
      connections: settings.connections,
      serverNames: await fetchServerNames(sim.url),
      packages,
      opaUrl: undefined,
      admin: sim.admin,
    };
    [rest, mcp] = [await runPair(context, PAIRS[0], settings, log), await runPair(context, PAIRS[1], settings, log)];
    passThrough = await measurePassThroughCosts(packages, sim.url, {
      timeMs: settings.microMs,
      reps: quick ? 1 : 3,
      log,
    });
    presetCacheHitShared = await measurePresetCacheHit(packages, sim.url, settings.microMs);
    if (packages.has('preset')) {
      presetCacheHit = await measurePresetCacheHitInOwnProcess(sim.url, settings.microMs, quick ? 1 : 7);
    }
    if (presetCacheHit !== undefined) {
      log(`cache hit, full preset: ${presetCacheHit.opsPerSec} ops/s in its own process`);
      log(`  ${presetCacheHitShared?.opsPerSec} ops/s in the bench's process`);
    }
  } finally {
    await sim.close();
  }
  const measured = passThrough.filter((p) => p.skipped === undefined);
  const worst = measured.reduce<PassThroughCost | undefined>(
    (w, p) => (w === undefined || p.overheadNs > w.overheadNs ? p : w),
    undefined,
  );
  const targets: HotPathTarget[] = [
    {
      target: `preset-miss-defaults ≥ ${RATIO_MIN}× raw undici (goal 0.9×)`,
      measured: `${rest.median}× (median of ${rest.ratios.length})`,
      met: rest.median >= RATIO_MIN,
    },
    {
      target: `each pass-through layer ≤ ${PER_LAYER_NS / 1000} µs`,
      measured:
        worst === undefined ? 'not measured' : `worst ${worst.layer} ${(worst.overheadNs / 1000).toFixed(3)} µs`,
      met: worst === undefined ? undefined : worst.overheadNs <= PER_LAYER_NS,
    },
    {
      target: `cache hit through the full preset ≥ ${CACHE_HIT_MIN.toLocaleString('en-US')} ops/s`,
      measured:
        presetCacheHit === undefined
          ? 'not measured'
          : `${presetCacheHit.opsPerSec.toLocaleString('en-US')} ops/s in its own process (${presetCacheHitShared?.opsPerSec.toLocaleString('en-US')} in the bench's)`,
      met: presetCacheHit === undefined ? undefined : presetCacheHit.opsPerSec >= CACHE_HIT_MIN,
    },
    {
      target: `MCP tools/call ≥ ${RATIO_MIN}× raw undici, as REST`,
      measured: `${mcp.median}× (REST ${rest.median}×)`,
      met: mcp.median >= RATIO_MIN,
    },
  ];
  const outDir = options.outDir ?? join(repoRoot, 'tooling', 'bench', 'results');
  await mkdir(outDir, { recursive: true });
  const base = join(outDir, `hot-path-node${process.versions.node.split('.')[0]}`);
  const figures: HotPathFigures = {
    node: process.version,
    startedAt,
    loadAverage: { start: startLoad, end: currentLoad() },
    settings,
    rest,
    mcp,
    passThrough,
    presetCacheHit,
    presetCacheHitShared,
    targets,
    files: [`${base}.json`, `${base}.md`],
  };
  await writeFile(`${base}.json`, `${JSON.stringify(figures, null, 2)}\n`);
  await writeFile(`${base}.md`, hotPathMarkdown(figures));
  return figures;
}

async function runPair(
  context: ScenarioContext,
  pair: (typeof PAIRS)[number],
  settings: HotPathFigures['settings'],
  log: (line: string) => void,
): Promise<PairedRatio> {
  const build = async (name: string): Promise<Target> => {
    const scenario = loadScenarios.find((s) => s.name === name);
    if (scenario === undefined) throw new Error(`no scenario ${name}`);
    const missing = context.packages.missing(scenario.needs);
    if (missing !== undefined) throw new Error(`${name}: ${missing}`);
    return scenario.build(context);
  };
  const raw = await build(pair.raw);
  const ours = await build(pair.ours);
  const ratios: number[] = [];
  const rawOps: number[] = [];
  const oursOps: number[] = [];
  let errors = 0;
  try {
    await warmUp(raw.call, 1_000);
    await warmUp(ours.call, 1_000);
    const run = { workers: settings.workers, durationMs: settings.durationMs };
    for (let round_ = 0; round_ < settings.rounds; round_++) {
      const r = await runClosedLoop(raw.call, run);
      const o = await runClosedLoop(ours.call, run);
      errors += r.errors + o.errors;
      rawOps.push(r.opsPerSec);
      oursOps.push(o.opsPerSec);
      ratios.push(r.opsPerSec === 0 ? 0 : round(o.opsPerSec / r.opsPerSec, 3));
      log(
        `${pair.ours} / ${pair.raw}: ${Math.round(o.opsPerSec)} / ${Math.round(r.opsPerSec)} ops/s = ${ratios.at(-1)}`,
      );
    }
  } finally {
    await ours.close();
    await raw.close();
  }
  return {
    ours: pair.ours,
    raw: pair.raw,
    ratios,
    median: round(median(ratios), 3),
    oursOpsPerSec: oursOps,
    rawOpsPerSec: rawOps,
    errors,
  };
}

export function hotPathMarkdown(f: HotPathFigures): string {
  const ratioRow = (p: PairedRatio) =>
    `| \`${p.ours}\` / \`${p.raw}\` | ${p.median}× | ${p.ratios.join(', ')} | ${Math.round(median(p.oursOpsPerSec))} / ${Math.round(median(p.rawOpsPerSec))} | ${p.errors} |`;
  return [
    `# Hot-path figures, Node ${f.node}`,
    '',
    `\`pnpm bench hot-path --rounds ${f.settings.rounds} --duration ${f.settings.durationMs / 1000}s\`, started ${f.startedAt}; ` +
      `closed loop with ${f.settings.workers} callers on ${f.settings.connections} connections, gateway-sim in its own process; ` +
      `1-minute load average ${f.loadAverage.start} at the start, ${f.loadAverage.end} at the end.`,
    '',
    '| target | measured | met |',
    '| --- | --- | --- |',
    ...f.targets.map((t) => `| ${t.target} | ${t.measured} | ${t.met === undefined ? '?' : t.met ? 'yes' : 'no'} |`),
    '',
    '## Throughput over raw undici (alternating rounds)',
    '',
    '| pair | median | each round | median ops/s (ours / raw) | errors |',
    '| --- | --: | --- | --: | --: |',
    ratioRow(f.rest),
    ratioRow(f.mcp),
    '',
    '## Pass-through layers, in process',
    '',
    '| layer | what it does for the call | cost (µs) | ± % |',
    '| --- | --- | --: | --: |',
    ...f.passThrough.map(
      (p) =>
        `| ${p.layer} | ${p.passes} | ${p.skipped ?? (p.overheadNs / 1000).toFixed(3)} | ${p.skipped === undefined ? p.rme : ''} |`,
    ),
    '',
    `Baseline (GatewayClient.execute over the stub transport): ${((f.passThrough[0]?.baselineNs ?? 0) / 1000).toFixed(3)} µs.`,
    '',
    '## Cache hit through the full preset, in process',
    '',
    f.presetCacheHit === undefined
      ? 'not measured (no @mcpgw/preset)'
      : `${hitLine(f.presetCacheHit)}, one caller, in a fresh process that builds only that client (best of its rounds).`,
    '',
    f.presetCacheHitShared === undefined
      ? ''
      : `${hitLine(f.presetCacheHitShared)} in the bench's own process, after the pass-through measurements built a dozen other pipelines there (shared call sites the JIT compiled for all of them).`,
    '',
  ].join('\n');
}

function hitLine(hit: PresetCacheHit): string {
  return `${hit.opsPerSec.toLocaleString('en-US')} ops/s (${(hit.nsPerOp / 1000).toFixed(2)} µs a hit, ±${hit.rme} %)`;
}
