import { measureNs } from './measure-ns.js';
import { benchLogger } from './observability.js';
import type { OptionalPackages } from './optional-packages.js';
import type { PresetClient } from './preset-client.js';

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
