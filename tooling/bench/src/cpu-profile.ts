import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runChild } from './child-runner.js';
import { round } from './latency-recorder.js';
import { repoRoot } from './repo-root.js';

export interface ProfileFrame {
  readonly functionName: string;
  /** `path:line`, relative to the repository (or to node_modules) when possible. */
  readonly location: string;
  readonly selfMs: number;
  /** Share of the non-idle samples. */
  readonly selfPercent: number;
}

export interface ProfileSummary {
  readonly scenario: string;
  readonly durationMs: number;
  readonly completed: number;
  readonly opsPerSec: number;
  readonly sampledMs: number;
  readonly top: readonly ProfileFrame[];
  /** Self time by where the code lives: mcpgw packages, undici, zod, node internals, GC, ... */
  readonly byArea: ReadonlyArray<{ readonly area: string; readonly selfPercent: number }>;
}

interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

interface CpuProfile {
  nodes: CpuProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** The full stack under closed-loop load in a child process run with --cpu-prof; its hottest frames by self time. */
export async function profileFullStack(
  url: string,
  connections: number,
  workers: number,
  durationMs: number,
): Promise<ProfileSummary> {
  const dir = await mkdtemp(join(tmpdir(), 'mcpgw-cpuprof-'));
  try {
    const scenario = 'full-stack-miss';
    const result = await runChild(
      { mode: 'profile', url, scenario, connections, durationMs, rate: 0, workers },
      ['--cpu-prof', `--cpu-prof-dir=${dir}`],
      durationMs + 120_000,
    );
    const file = (await readdir(dir)).find((f) => f.endsWith('.cpuprofile'));
    if (file === undefined) throw new Error('the profiled child wrote no .cpuprofile');
    const profile = JSON.parse(await readFile(join(dir, file), 'utf8')) as CpuProfile;
    return {
      scenario,
      durationMs,
      completed: result.completed,
      opsPerSec: round((result.completed / durationMs) * 1000),
      ...summariseProfile(profile, 15),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Self time per frame (samples × their time deltas), merged by function and location, idle left out. */
export function summariseProfile(
  profile: CpuProfile,
  topN: number,
): Pick<ProfileSummary, 'sampledMs' | 'top' | 'byArea'> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<string, { functionName: string; location: string; us: number }>();
  const areas = new Map<string, number>();
  let totalUs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]!);
    const delta = profile.timeDeltas[i] ?? 0;
    if (node === undefined || node.callFrame.functionName === '(idle)') continue;
    const frame = node.callFrame;
    const location = frame.url === '' ? '' : `${shortPath(frame.url)}:${frame.lineNumber + 1}`;
    const key = `${frame.functionName}@${location}`;
    const entry = selfUs.get(key) ?? { functionName: frame.functionName || '(anonymous)', location, us: 0 };
    entry.us += delta;
    selfUs.set(key, entry);
    const area = areaOf(frame.functionName, frame.url);
    areas.set(area, (areas.get(area) ?? 0) + delta);
    totalUs += delta;
  }
  const top = [...selfUs.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, topN)
    .map((e) => ({
      functionName: e.functionName,
      location: e.location,
      selfMs: round(e.us / 1000),
      selfPercent: round((e.us / totalUs) * 100),
    }));
  const byArea = [...areas]
    .sort((a, b) => b[1] - a[1])
    .map(([area, us]) => ({ area, selfPercent: round((us / totalUs) * 100) }));
  return { sampledMs: round(totalUs / 1000), top, byArea };
}

function shortPath(url: string): string {
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const nodeModules = path.lastIndexOf('node_modules/');
  if (nodeModules >= 0)
    return path.slice(nodeModules + 'node_modules/'.length).replace(/^\.pnpm\/[^/]+\/node_modules\//, '');
  return path.startsWith(repoRoot) ? relative(repoRoot, path) : path;
}

function areaOf(functionName: string, url: string): string {
  if (functionName === '(garbage collector)') return 'garbage collector';
  if (functionName === '(program)') return 'native (program)';
  if (url === '') return 'native / builtins';
  if (url.startsWith('node:')) return 'node internals';
  const match = /packages\/([^/]+)\/src\//.exec(url);
  if (match !== null && !url.includes('node_modules')) return `@mcpgw/${match[1]}`;
  if (url.includes('tooling/bench/')) return 'bench harness';
  const pkg = /node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/.exec(url);
  return pkg === null ? 'other' : pkg[1]!;
}
