import { spawn } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CallSoakResult, CallSoakSample, CallSoakTask } from './call-soak.js';
import { callSoakMarkdown } from './call-soak-markdown.js';
import { currentLoad } from './machine.js';
import { repoRoot, sourceExecArgv } from './repo-root.js';
import { startSimProcess } from './sim-process.js';

export interface CallSoakOptions {
  /** Calls through the preset. Default 86 400 000: the seed's 1 000 req/s for 24 hours. */
  calls?: number;
  workers?: number;
  sampleEvery?: number;
  /** Upper bound of the run; it stops starting calls then. Default 2 h. */
  maxMs?: number;
  /** Where soak-<calls>.json and .md go. Default tooling/bench/results. */
  outDir?: string;
  /** Servers the simulator serves: the misses rotate over more names than the cache's 10 000 entries. */
  servers?: number;
  log?: (line: string) => void;
}

export interface CallSoakChecks {
  /** successes + typed errors = calls made, and no untyped error. */
  readonly accounted: boolean;
  /** Every requested call made (false when the time bound stopped the run). */
  readonly complete: boolean;
  /** Every handle type back to its count before the client existed. */
  readonly handlesAtBaseline: boolean;
  readonly handlesLeftOpen: Record<string, number>;
  /** Heap used (after a forced GC) at the sample nearest 25 % of the calls, and at the end. */
  readonly heapAt25Mb: number;
  readonly heapAt50Mb: number;
  readonly heapAtEndMb: number;
  readonly rssMaxMb: number;
}

export interface CallSoakSummary {
  readonly command: string;
  readonly commit: string | undefined;
  /** Files of packages/ and apps/ that differed from the commit when the run started (others' work in progress). */
  readonly uncommitted: readonly string[];
  readonly startedAt: string;
  /** 1-minute load average at the start and the end: other work on the machine slows the run. */
  readonly loadAverage: { readonly start: number; readonly end: number };
  readonly task: CallSoakTask;
  readonly result: CallSoakResult;
  readonly checks: CallSoakChecks;
  readonly files: readonly string[];
}

const childEntry = fileURLToPath(new URL('./call-soak-child.ts', import.meta.url));

/** The compressed day: gateway-sim in a process of its own, the preset in a soak process run with --expose-gc. */
export async function runCallSoak(options: CallSoakOptions = {}): Promise<CallSoakSummary> {
  const calls = options.calls ?? 86_400_000;
  if (!Number.isInteger(calls) || calls < 1_000) throw new RangeError('bench soak: calls must be an integer >= 1000');
  const task: CallSoakTask = {
    url: '',
    calls,
    workers: options.workers ?? 64,
    sampleEvery: options.sampleEvery ?? Math.max(1_000, Math.min(1_000_000, Math.floor(calls / 20))),
    maxMs: options.maxMs ?? 2 * 3_600_000,
  };
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const startedAt = new Date().toISOString();
  const startLoad = currentLoad();
  const commit = (await git(['rev-parse', 'HEAD']))?.trim();
  const uncommitted = ((await git(['status', '--porcelain', '--', 'packages', 'apps'])) ?? '')
    .split('\n')
    .filter(Boolean);
  const sim = await startSimProcess({ servers: options.servers ?? 20_000, tools: 5 });
  let result: CallSoakResult;
  try {
    log(`bench soak: ${calls} calls, ${task.workers} callers, a sample every ${task.sampleEvery} (${sim.url})`);
    result = await runSoakProcess({ ...task, url: sim.url });
  } finally {
    await sim.close();
  }
  const checks = checkSoak(result);
  const outDir = options.outDir ?? join(repoRoot, 'tooling', 'bench', 'results');
  await mkdir(outDir, { recursive: true });
  const base = join(outDir, `soak-${calls}`);
  const summary: CallSoakSummary = {
    command: `pnpm bench soak --calls ${calls}`,
    commit,
    uncommitted,
    startedAt,
    loadAverage: { start: startLoad, end: currentLoad() },
    task: { ...task, url: '127.0.0.1 (gateway-sim, own process)' },
    result,
    checks,
    files: [`${base}.json`, `${base}.md`],
  };
  await writeFile(`${base}.json`, `${JSON.stringify(summary, null, 2)}\n`);
  await writeFile(`${base}.md`, callSoakMarkdown(summary));
  return summary;
}

export function checkSoak(result: CallSoakResult): CallSoakChecks {
  const leftOpen: Record<string, number> = {};
  for (const [type, count] of Object.entries(result.resourcesAfterClose)) {
    const extra = count - (result.resourcesBefore[type] ?? 0);
    if (extra > 0) leftOpen[type] = extra;
  }
  const at = (fraction: number): CallSoakSample => {
    const target = result.made * fraction;
    return result.samples.reduce((best, s) => (Math.abs(s.calls - target) < Math.abs(best.calls - target) ? s : best));
  };
  return {
    accounted: result.untypedErrors === 0 && result.successes + result.typedErrors === result.made,
    complete: result.made === result.requested,
    handlesAtBaseline: Object.keys(leftOpen).length === 0,
    handlesLeftOpen: leftOpen,
    heapAt25Mb: at(0.25).heapUsedMb,
    heapAt50Mb: at(0.5).heapUsedMb,
    heapAtEndMb: result.samples.at(-1)!.heapUsedMb,
    rssMaxMb: Math.max(...result.samples.map((s) => s.rssMb)),
  };
}

function runSoakProcess(task: CallSoakTask): Promise<CallSoakResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', ...sourceExecArgv, childEntry, JSON.stringify(task)], {
      cwd: repoRoot,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result: CallSoakResult | undefined;
    // The run bounds itself by maxMs; this is the backstop if close() or the report never comes.
    const timer = setTimeout(() => child.kill('SIGKILL'), task.maxMs + 120_000);
    child.on('message', (message) => {
      result = message as CallSoakResult;
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (result !== undefined && code === 0) resolve(result);
      else reject(new Error(`bench soak process ended with ${signal ?? `code ${code}`} and no result`));
    });
  });
}

function git(args: readonly string[]): Promise<string | undefined> {
  return new Promise((resolve) => {
    const git = spawn('git', args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    git.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
    });
    git.once('error', () => resolve(undefined));
    git.once('exit', (code) => resolve(code === 0 ? out : undefined));
  });
}
