import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { reportCharts } from './charts.js';
import { profileFullStack } from './cpu-profile.js';
import { runListing } from './listing.js';
import { chosenScenarios, runLoadSuite } from './load-suite.js';
import { currentLoad, machineInfo } from './machine.js';
import { markdownReport } from './markdown-report.js';
import { runMicro } from './micro.js';
import { type OpaProcess, startOpaProcess } from './opa-process.js';
import { OptionalPackages } from './optional-packages.js';
import { type BenchOptions, resolveOptions, selected } from './options.js';
import type { BenchReport } from './report.js';
import { runSaturation } from './saturation.js';
import { fetchServerNames } from './server-names.js';
import { startSimProcess } from './sim-process.js';
import { runSoak } from './soak.js';
import { checkTargets } from './targets.js';

export interface BenchRun {
  readonly report: BenchReport;
  readonly outDir: string;
  /** Paths of every file written. */
  readonly files: readonly string[];
}

const TOOLS_PER_SERVER = 20;

/**
 * One benchmark run: micro-benchmarks, closed- and open-loop load against gateway-sim in its own process, listing,
 * pool saturation, a CPU profile and a memory soak; writes latest.json, README.md and SVG charts to `outDir`.
 */
export async function runBench(input: BenchOptions = {}): Promise<BenchRun> {
  const options = resolveOptions(input);
  const startedAt = new Date().toISOString();
  const startLoad = currentLoad();
  const packages = await OptionalPackages.load();
  options.log(`bench: starting gateway-sim (${options.servers} servers) in its own process`);
  const sim = await startSimProcess({ servers: options.servers, tools: TOOLS_PER_SERVER });
  let opa: OpaProcess | undefined;
  try {
    const serverNames = await fetchServerNames(sim.url);
    const wantsOpa = chosenScenarios(options).some((s) => s.needs.includes('opaTestServer'));
    if (wantsOpa && packages.has('opaTestServer') && packages.has('opa')) opa = await startOpaProcess();
    const context = {
      url: sim.url,
      connections: options.connections,
      serverNames,
      packages,
      opaUrl: opa?.url,
      admin: sim.admin,
    };

    const micro = await runMicro(packages, sim.url, options);
    const scenarios = await runLoadSuite(context, sim, options);
    const listing = selected(options, 'listing')
      ? await runListing(sim.url, sim, options.connections, options.quick ? 1_000 : 5_000)
      : undefined;
    if (listing !== undefined)
      options.log(
        `listing: ${listing.servers} servers sequential ${listing.sequentialMs} ms, prefetch ${listing.prefetchMs} ms (${listing.speedup}×); with ${listing.withLatency.serverLatencyMs} ms per page ${listing.withLatency.speedup}×`,
      );
    const saturation =
      !options.quick && selected(options, 'saturation')
        ? await runSaturation(sim.url, sim, options.durationMs)
        : undefined;
    if (saturation !== undefined)
      options.log(`saturation: ${saturation.load.opsPerSec} ops/s, queueing p99 ${saturation.queueing.p99} µs`);

    let profile: BenchReport['profile'];
    if (options.profile && selected(options, 'profile')) {
      if (!packages.has('cache')) profile = { skipped: 'skipped: @mcpgw/cache is not available' };
      else {
        options.log('profile: full stack under closed-loop load with --cpu-prof');
        profile = await profileFullStack(
          sim.url,
          options.connections,
          options.workers,
          Math.max(options.durationMs, options.quick ? 1_000 : 10_000),
        );
      }
    }
    let soak: BenchReport['soak'];
    if (options.soakMs > 0 && selected(options, 'soak')) {
      if (!packages.has('cache')) soak = { skipped: 'skipped: @mcpgw/cache is not available' };
      else {
        options.log(`soak: ${options.soakMs / 1000} s at ${options.soakRate} req/s`);
        await sim.admin('reset', {});
        soak = await runSoak(sim.url, options.connections, options.soakRate, options.soakMs, options.progress);
        options.log(`soak: RSS slope ${soak.rssSlopeMbPerHour} MB/h, growth ${soak.rssGrowthMb} MB`);
      }
    }

    const measured = {
      version: 1 as const,
      startedAt,
      command: options.command,
      machine: machineInfo(startLoad),
      settings: {
        quick: options.quick,
        rates: options.rates,
        durationMs: options.durationMs,
        connections: options.connections,
        workers: options.workers,
        servers: options.servers,
        toolsPerServer: TOOLS_PER_SERVER,
      },
      packages: packages.availability(),
      micro,
      scenarios,
      listing,
      saturation,
      profile,
      soak,
    };
    const report: BenchReport = { ...measured, finishedAt: new Date().toISOString(), targets: checkTargets(measured) };
    return { report, outDir: options.outDir, files: await writeReport(report, options.outDir) };
  } finally {
    await opa?.close();
    await sim.close();
  }
}

/** Re-renders a stored run (targets, markdown, charts) after the report's code changed, without measuring again. */
export async function renderStoredReport(outDir: string): Promise<BenchRun> {
  const stored = JSON.parse(await readFile(join(outDir, 'latest.json'), 'utf8')) as BenchReport;
  const report: BenchReport = { ...stored, targets: checkTargets(stored) };
  return { report, outDir, files: await writeReport(report, outDir) };
}

async function writeReport(report: BenchReport, outDir: string): Promise<string[]> {
  await mkdir(outDir, { recursive: true });
  const files: string[] = [];
  const write = async (name: string, text: string) => {
    const path = join(outDir, name);
    await writeFile(path, text);
    files.push(path);
  };
  const charts = reportCharts(report);
  for (const [name, svg] of charts) await write(name, svg);
  await write('latest.json', `${JSON.stringify(report, null, 2)}\n`);
  await write('README.md', markdownReport(report, [...charts.keys()]));
  return files;
}
