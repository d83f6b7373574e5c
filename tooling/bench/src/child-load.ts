import { getActiveResourcesInfo } from 'node:process';
import { runClosedLoop, warmUp } from './closed-loop.js';
import { runOpenLoop } from './open-loop.js';
import { OptionalPackages } from './optional-packages.js';
import { loadScenarios } from './scenarios.js';
import { fetchServerNames } from './server-names.js';

/** What the parent asks a load child process to do (passed as JSON in argv[2]). */
export interface ChildLoadTask {
  readonly mode: 'profile' | 'soak';
  readonly url: string;
  readonly scenario: string;
  readonly connections: number;
  readonly durationMs: number;
  /** soak: arrivals per second. */
  readonly rate: number;
  readonly workers: number;
}

export interface MemorySample {
  /** Seconds since the start of the run. */
  readonly t: number;
  readonly rssMb: number;
  readonly heapUsedMb: number;
  readonly externalMb: number;
  /** Active handles and requests by type (`TCPSocketWrap`, `Timeout`, ...). */
  readonly resources: Record<string, number>;
  readonly processListeners: number;
}

export interface ChildLoadResult {
  readonly scenario: string;
  readonly completed: number;
  readonly errors: number;
  readonly samples: readonly MemorySample[];
  readonly note?: string;
}

const MB = 1024 * 1024;

function sample(startedAt: number): MemorySample {
  // A full collection first, so heapUsed follows live objects rather than when the GC last ran.
  (globalThis as { gc?: () => void }).gc?.();
  const memory = process.memoryUsage();
  const resources: Record<string, number> = {};
  for (const type of getActiveResourcesInfo()) resources[type] = (resources[type] ?? 0) + 1;
  const processListeners = process.eventNames().reduce((sum, name) => sum + process.listenerCount(name), 0);
  return {
    t: Math.round((performance.now() - startedAt) / 100) / 10,
    rssMb: Math.round((memory.rss / MB) * 100) / 100,
    heapUsedMb: Math.round((memory.heapUsed / MB) * 100) / 100,
    externalMb: Math.round((memory.external / MB) * 100) / 100,
    resources,
    processListeners,
  };
}

/** Runs one scenario in this process (profiled with --cpu-prof, or sampled for a memory soak) and reports over IPC. */
async function main(): Promise<void> {
  const task = JSON.parse(process.argv[2]!) as ChildLoadTask;
  const packages = await OptionalPackages.load();
  const scenario = loadScenarios.find((s) => s.name === task.scenario);
  if (scenario === undefined) throw new Error(`unknown scenario ${task.scenario}`);
  const missing = packages.missing(scenario.needs);
  if (missing !== undefined) throw new Error(missing);
  const serverNames = await fetchServerNames(task.url);
  const target = await scenario.build({
    url: task.url,
    connections: task.connections,
    serverNames,
    packages,
    opaUrl: undefined,
  });
  const samples: MemorySample[] = [];
  let completed = 0;
  let errors = 0;
  try {
    await warmUp(target.call, 1_000);
    if (task.mode === 'profile') {
      const result = await runClosedLoop(target.call, { workers: task.workers, durationMs: task.durationMs });
      completed = result.completed;
      errors = result.errors;
    } else {
      const startedAt = performance.now();
      samples.push(sample(startedAt));
      const sampler = setInterval(() => samples.push(sample(startedAt)), 1_000);
      const result = await runOpenLoop(target.call, { rate: task.rate, durationMs: task.durationMs });
      clearInterval(sampler);
      samples.push(sample(startedAt));
      completed = result.completed;
      errors = result.errors;
    }
  } finally {
    await target.close();
  }
  const result: ChildLoadResult = {
    scenario: task.scenario,
    completed,
    errors,
    samples,
    ...(target.note === undefined ? {} : { note: target.note }),
  };
  await new Promise<void>((resolve) => process.send!(result, () => resolve()));
}

main().then(
  () => process.disconnect?.(),
  (error: unknown) => {
    process.stderr.write(`bench child: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
    process.disconnect?.();
  },
);
