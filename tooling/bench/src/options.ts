import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './repo-root.js';

export interface BenchOptions {
  /** The CI smoke: a few seconds in all, two load scenarios, output to a temp dir. */
  quick?: boolean;
  /** Keep only scenarios and micro-benchmarks whose name contains one of these substrings. */
  only?: readonly string[];
  /** Open-loop arrival rates, req/s. Default 100, 500, 1000, 5000. */
  rates?: readonly number[];
  /** Length of each open-loop point and each closed-loop run, ms. Default 5000 (quick: 1000). */
  durationMs?: number;
  /** Memory soak length, ms; 0 = no soak. Default 10 min (quick: 3 s). */
  soakMs?: number;
  /** Arrival rate of the soak, req/s. Default 500. */
  soakRate?: number;
  /** Run the CPU profile of the full stack. Default on (quick: off). */
  profile?: boolean;
  /** Where the report goes. Default docs/performance (quick: a fresh temp dir). */
  outDir?: string;
  /** Connections of every pool (raw undici and mcpgw alike). Default 32. */
  connections?: number;
  /** Servers the simulator serves. Default 10 000. */
  servers?: number;
  /** Closed-loop workers. Default 64. */
  workers?: number;
  /** Progress lines and bars go here. Default stderr. */
  log?: (line: string) => void;
  /** Draw progress bars (only on a TTY by default). */
  progress?: boolean;
  /** The command line, recorded in the report. */
  command?: string;
}

export interface ResolvedOptions {
  readonly quick: boolean;
  readonly only: readonly string[];
  readonly rates: readonly number[];
  readonly durationMs: number;
  readonly soakMs: number;
  readonly soakRate: number;
  readonly profile: boolean;
  readonly outDir: string;
  readonly connections: number;
  readonly servers: number;
  readonly workers: number;
  readonly log: (line: string) => void;
  readonly progress: boolean;
  readonly command: string;
}

export function resolveOptions(options: BenchOptions = {}): ResolvedOptions {
  const quick = options.quick ?? false;
  const positive = (name: string, value: number | undefined, fallback: number, min = 1): number => {
    if (value === undefined) return fallback;
    if (!Number.isFinite(value) || value < min) throw new RangeError(`bench: ${name} must be a number >= ${min}`);
    return value;
  };
  const rates = options.rates ?? (quick ? [200] : [100, 500, 1000, 5000]);
  for (const rate of rates) positive('rates', rate, 1);
  return {
    quick,
    only: options.only ?? [],
    rates,
    durationMs: positive('durationMs', options.durationMs, quick ? 1_000 : 5_000, 100),
    soakMs: positive('soakMs', options.soakMs, quick ? 3_000 : 600_000, 0),
    soakRate: positive('soakRate', options.soakRate, quick ? 100 : 500),
    profile: options.profile ?? !quick,
    outDir:
      options.outDir ??
      (quick ? join(tmpdir(), `mcpgw-bench-${process.pid}-${Date.now()}`) : join(repoRoot, 'docs', 'performance')),
    connections: positive('connections', options.connections, 32),
    servers: positive('servers', options.servers, quick ? 2_000 : 10_000),
    workers: positive('workers', options.workers, 64),
    log: options.log ?? ((line) => process.stderr.write(`${line}\n`)),
    progress: options.progress ?? process.stderr.isTTY === true,
    command: options.command ?? 'pnpm bench',
  };
}

/** A command-line count of `pnpm bench <command>`: a positive integer (`86_400_000` allowed), or undefined when absent. */
export function parseCount(command: string, name: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text.replaceAll('_', ''));
  if (!Number.isInteger(value) || value < 1) {
    throw new RangeError(`bench ${command}: --${name} must be a positive integer`);
  }
  return value;
}

/** `500ms`, `5s`, `2m`, `1h`, or a bare number of ms. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (match === null) throw new RangeError(`bench: cannot read the duration "${text}" (use 500ms, 5s, 2m, 1h)`);
  const value = Number(match[1]);
  const unit = match[2] ?? 'ms';
  const factor = unit === 'h' ? 3_600_000 : unit === 'm' ? 60_000 : unit === 's' ? 1_000 : 1;
  return value * factor;
}

/** True when a name passes the `--only` filter. */
export function selected(options: ResolvedOptions, name: string): boolean {
  return options.only.length === 0 || options.only.some((part) => name.includes(part));
}
