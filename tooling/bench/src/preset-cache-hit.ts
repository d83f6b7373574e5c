import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { measureNs } from './measure-ns.js';
import { benchLogger } from './observability.js';
import type { OptionalPackages } from './optional-packages.js';
import type { PresetClient } from './preset-client.js';
import { repoRoot, sourceExecArgv } from './repo-root.js';

export interface PresetCacheHit {
  readonly opsPerSec: number;
  readonly nsPerOp: number;
  readonly rme: number;
}

/**
 * One caller reading a cached server through createGatewayClient() with every default layer: metrics, logging
 * (pino at the preset's warn level, to /dev/null) and tracing with the global no-op tracer, as an app that
 * registers no OpenTelemetry provider runs it. The first read fills the cache; every measured one is a hit.
 */
export async function measurePresetCacheHit(
  packages: OptionalPackages,
  simUrl: string,
  timeMs: number,
): Promise<PresetCacheHit | undefined> {
  if (!packages.has('preset')) return undefined;
  const create = packages.get<(options: Record<string, unknown>) => PresetClient>('preset');
  const client = create({ baseUrl: simUrl, logger: benchLogger('warn') });
  try {
    await client.getServer('postgres-mcp');
    const { nsPerOp, rme } = await measureNs(() => client.getServer('postgres-mcp'), { timeMs, batch: 200 });
    return { opsPerSec: Math.round(1e9 / nsPerOp), nsPerOp, rme };
  } finally {
    await client.close();
  }
}

const childEntry = fileURLToPath(new URL('./preset-cache-hit-child.ts', import.meta.url));

/**
 * The same hit, measured in a fresh process that builds only this one client: what an application with one client
 * sees. In the bench's own process the JIT has by then seen a dozen pipelines (the pass-through measurements), and
 * the shared call sites it compiled for all of them are slower for each; both figures are reported.
 */
export function measurePresetCacheHitInOwnProcess(
  simUrl: string,
  timeMs: number,
  rounds: number,
): Promise<PresetCacheHit | undefined> {
  return new Promise((resolve, reject) => {
    const task = JSON.stringify({ url: simUrl, timeMs, rounds });
    const child = spawn(process.execPath, [...sourceExecArgv, childEntry, task], {
      cwd: repoRoot,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result: PresetCacheHit | undefined;
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000 + rounds * timeMs * 4);
    child.on('message', (message) => {
      result = (message as PresetCacheHit | null) ?? undefined;
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(result);
      else reject(new Error(`cache-hit child ended with ${signal ?? `code ${code}`}`));
    });
  });
}
