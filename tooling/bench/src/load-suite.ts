import { type ClosedLoopResult, runClosedLoop, warmUp } from './closed-loop.js';
import { type OpenLoopResult, runOpenLoop } from './open-loop.js';
import { type ResolvedOptions, selected } from './options.js';
import { ProgressBar } from './progress.js';
import { type LoadScenario, loadScenarios, type ScenarioContext } from './scenarios.js';
import type { SimProcess } from './sim-process.js';

export interface ScenarioResult {
  readonly name: string;
  readonly description: string;
  readonly available: boolean;
  /** Why it did not run, or what was missing from it. */
  readonly note?: string;
  readonly closedLoop?: ClosedLoopResult;
  /** Raw undici's closed-loop throughput measured just before this scenario: the machine's load drifts, a pair does not. */
  readonly pairedRawOpsPerSec?: number;
  /** The scenario of that raw run, when it is not `raw-undici` (the MCP scenarios). */
  readonly pairedWith?: string;
  readonly openLoop: readonly OpenLoopResult[];
  /** Raw undici at the same rate just before each open-loop point. */
  readonly pairedRawOpenLoop?: readonly OpenLoopResult[];
}

/** The scenarios of the CI smoke: the baseline, core, the whole onion, and the preset over MCP (JSON and SSE). */
const QUICK_SCENARIOS = ['raw-undici', 'core', 'full-stack-miss', 'mcp-preset-call-json', 'mcp-preset-call-sse'];

export function chosenScenarios(options: ResolvedOptions): LoadScenario[] {
  return loadScenarios.filter(
    (s) =>
      (options.quick ? QUICK_SCENARIOS.includes(s.name) : true) &&
      (s.name === 'raw-undici' || selected(options, s.name)),
  );
}

/** The simulator's own JIT warms up on the first requests; no scenario should pay for that, least of all the baseline. */
async function warmUpSimulator(context: ScenarioContext, ms: number): Promise<void> {
  const raw = loadScenarios.find((s) => s.name === 'raw-undici')!;
  const target = await raw.build(context);
  try {
    await warmUp(target.call, ms, 32);
  } finally {
    await target.close();
  }
}

/** A baseline of its own (built after the scenario, so the simulator answers both alike): warmed up, then run. */
async function runPair(
  context: ScenarioContext,
  name: string,
  options: ResolvedOptions,
  warmMs: number,
): Promise<number> {
  const baseline = loadScenarios.find((s) => s.name === name);
  if (baseline === undefined) throw new Error(`no scenario ${name} to pair with`);
  const target = await baseline.build(context);
  try {
    await warmUp(target.call, warmMs);
    return (await runClosedLoop(target.call, { workers: options.workers, durationMs: options.durationMs })).opsPerSec;
  } finally {
    await target.close();
  }
}

/** Closed loop for every scenario, then the open-loop rates for those that sweep them; one scenario at a time. */
export async function runLoadSuite(
  context: ScenarioContext,
  sim: SimProcess,
  options: ResolvedOptions,
): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  const warmMs = options.quick ? 300 : 1_000;
  await warmUpSimulator(context, options.quick ? 500 : 3_000);
  const raw = await loadScenarios.find((s) => s.name === 'raw-undici')!.build(context);
  await warmUp(raw.call, warmMs);
  for (const scenario of chosenScenarios(options)) {
    const missing = context.packages.missing(scenario.needs);
    if (missing !== undefined) {
      options.log(`load: ${scenario.name}: ${missing}`);
      results.push({
        name: scenario.name,
        description: scenario.description,
        available: false,
        note: missing,
        openLoop: [],
      });
      continue;
    }
    let target: Awaited<ReturnType<LoadScenario['build']>> | undefined;
    try {
      await sim.admin('reset', {});
      target = await scenario.build(context);
      await warmUp(target.call, warmMs);
      let pairedRawOpsPerSec: number | undefined;
      if (scenario.pairWith !== undefined) {
        pairedRawOpsPerSec = await runPair(context, scenario.pairWith, options, warmMs);
      } else if (scenario.name !== 'raw-undici') {
        const pair = await runClosedLoop(raw.call, { workers: options.workers, durationMs: options.durationMs });
        pairedRawOpsPerSec = pair.opsPerSec;
      }
      const bar = new ProgressBar(`${scenario.name} closed loop`, options.durationMs, options.progress);
      const closedLoop = await runClosedLoop(target.call, { workers: options.workers, durationMs: options.durationMs });
      bar.done();
      options.log(
        `load: ${scenario.name.padEnd(24)} closed ${String(Math.round(closedLoop.opsPerSec)).padStart(7)} ops/s (raw ${pairedRawOpsPerSec === undefined ? '-' : Math.round(pairedRawOpsPerSec)})  p99 ${closedLoop.latency.p99} µs  errors ${closedLoop.errors}`,
      );
      const openLoop: OpenLoopResult[] = [];
      const pairedRawOpenLoop: OpenLoopResult[] = [];
      if (scenario.openLoop) {
        for (const rate of options.rates) {
          if (scenario.name !== 'raw-undici') {
            pairedRawOpenLoop.push(await runOpenLoop(raw.call, { rate, durationMs: options.durationMs }));
          }
          const rateBar = new ProgressBar(`${scenario.name} @ ${rate} req/s`, options.durationMs, options.progress);
          const point = await runOpenLoop(target.call, { rate, durationMs: options.durationMs });
          rateBar.done();
          openLoop.push(point);
          options.log(
            `load: ${scenario.name.padEnd(24)} @${String(rate).padStart(5)}/s p50 ${point.latency.p50} p99 ${point.latency.p99} µs  achieved ${point.achievedRate}/s errors ${point.errors}`,
          );
        }
      }
      results.push({
        name: scenario.name,
        description: scenario.description,
        available: true,
        ...(target.note === undefined ? {} : { note: target.note }),
        closedLoop,
        ...(pairedRawOpsPerSec === undefined ? {} : { pairedRawOpsPerSec }),
        ...(scenario.pairWith === undefined ? {} : { pairedWith: scenario.pairWith }),
        openLoop,
        ...(pairedRawOpenLoop.length === 0 ? {} : { pairedRawOpenLoop }),
      });
    } catch (error) {
      const note = `failed: ${error instanceof Error ? error.message : String(error)}`;
      options.log(`load: ${scenario.name}: ${note}`);
      results.push({ name: scenario.name, description: scenario.description, available: false, note, openLoop: [] });
    } finally {
      await target?.close().catch(() => {});
    }
  }
  await raw.close();
  return results;
}
