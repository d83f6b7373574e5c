import { execFileSync } from 'node:child_process';
import { arch, cpus, loadavg, platform, release, totalmem } from 'node:os';
import { repoRoot } from './repo-root.js';

export interface MachineInfo {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryGb: number;
  readonly node: string;
  readonly os: string;
  readonly commit: string | undefined;
  /** 1-minute load average when the run started and when it ended: other work on the machine skews every figure. */
  readonly loadAverage: { readonly start: number; readonly end: number };
}

export function currentLoad(): number {
  return Math.round(loadavg()[0]! * 100) / 100;
}

export function machineInfo(startLoad: number): MachineInfo {
  const list = cpus();
  let commit: string | undefined;
  try {
    commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
  } catch {
    commit = undefined;
  }
  return {
    cpu: list[0]?.model.trim() ?? 'unknown',
    cores: list.length,
    memoryGb: Math.round((totalmem() / 1024 ** 3) * 10) / 10,
    node: process.version,
    os: `${platform()} ${release()} ${arch()}`,
    commit,
    loadAverage: { start: startLoad, end: Math.round(loadavg()[0]! * 100) / 100 },
  };
}
