import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Command, CommandContext } from '../command.js';
import { integerFlag, stringFlag } from '../numeric-flag.js';
import { UsageError } from '../usage-error.js';

/** The part of @mcpgw/bench this command drives (kept narrow: the harness evolves on its own). */
interface BenchModule {
  runBench(options: Record<string, unknown>): Promise<{
    outDir: string;
    files: readonly string[];
    report: { targets: readonly { target: string; measured: string; met: boolean | undefined }[] };
  }>;
  parseDuration(text: string): number;
}

// A variable specifier: the harness is optional at run time, and its sources are not part of this program.
const benchPackage = '@mcpgw/bench';

async function loadBench(): Promise<BenchModule> {
  try {
    const bench = (await import(benchPackage)) as Partial<BenchModule>;
    if (typeof bench.runBench === 'function' && typeof bench.parseDuration === 'function') return bench as BenchModule;
  } catch {
    // reported below
  }
  throw new UsageError('load is not available: the load harness @mcpgw/bench is not installed');
}

function list(value: string | boolean | undefined, flag: string, toNumber: boolean): (string | number)[] | undefined {
  if (typeof value !== 'string') return undefined;
  const parts = value
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean);
  if (!toNumber) return parts;
  const numbers = parts.map(Number);
  if (numbers.length === 0 || numbers.some((n) => !Number.isFinite(n) || n <= 0)) {
    throw new UsageError(`--${flag} must be numbers > 0 separated by commas, e.g. 100,500`);
  }
  return numbers;
}

function duration(bench: BenchModule, value: string | boolean | undefined, flag: string): number | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    return bench.parseDuration(value);
  } catch {
    throw new UsageError(`--${flag} must be a duration such as 500ms, 5s, 2m`);
  }
}

async function options(ctx: CommandContext, bench: BenchModule): Promise<Record<string, unknown>> {
  const v = ctx.values;
  const quick = v.quick === true;
  return {
    quick,
    only: list(v.only, 'only', false),
    rates: list(v.rates, 'rates', true),
    durationMs: duration(bench, v.duration, 'duration'),
    soakMs: duration(bench, v.soak, 'soak'),
    soakRate: integerFlag(v['soak-rate'], 'soak-rate', 1, 1_000_000),
    profile: v['no-profile'] === true ? false : undefined,
    connections: integerFlag(v.connections, 'connections', 1, 10_000),
    servers: integerFlag(v.servers, 'servers', 1, 10_000_000),
    // Not docs/performance: that is `pnpm bench`'s, and a user's run should not overwrite the published figures.
    outDir: stringFlag(v.out) ?? (await mkdtemp(join(tmpdir(), 'mcpgw-load-'))),
    progress: v.progress === true || ctx.io.stderr.isTTY === true,
    log: (line: string) => ctx.io.stderr.write(`${line}\n`),
    command: 'mcpgw load',
  };
}

export const load: Command = {
  name: 'load',
  args: '',
  arity: [0, 0],
  summary: 'run the load harness (@mcpgw/bench) against its own gateway simulator and write a report',
  options: {
    quick: { type: 'boolean' },
    only: { type: 'string' },
    rates: { type: 'string' },
    duration: { type: 'string' },
    soak: { type: 'string' },
    'soak-rate': { type: 'string' },
    'no-profile': { type: 'boolean' },
    out: { type: 'string' },
    connections: { type: 'string' },
    servers: { type: 'string' },
  },
  help: [
    '--quick              a few seconds in all (the CI smoke)',
    '--only A,B           only scenarios and micro-benchmarks whose name contains one of these',
    '--rates 100,500      open-loop arrival rates, requests/s (default 100,500,1000,5000)',
    '--duration 5s        length of each load point',
    '--soak 10m           memory soak length; 0 for none',
    '--soak-rate N        arrival rate of the soak, requests/s',
    '--no-profile         skip the CPU profile',
    '--out DIR            where the report goes (default: a new temp directory)',
    '--connections N      connections per pool (default 32)',
    '--servers N          servers the simulator serves',
  ],
  async run(ctx) {
    const bench = await loadBench();
    const run = await bench.runBench(await options(ctx, bench));
    if (ctx.json) {
      ctx.printJson({ outDir: run.outDir, files: run.files, report: run.report });
      return 0;
    }
    ctx.print(`wrote ${run.files.length} files to ${run.outDir}\n`);
    for (const t of run.report.targets) {
      const mark = t.met === undefined ? '?' : t.met ? '✓' : '✗';
      ctx.print(`${mark} ${t.target}: ${t.measured}\n`);
    }
    return 0;
  },
};
