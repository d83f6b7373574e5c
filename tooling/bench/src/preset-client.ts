import { benchLogger, startTracing } from './observability.js';
import type { OptionalPackages } from './optional-packages.js';

export interface PresetClient {
  getServer(name: string): Promise<unknown>;
  close(options?: unknown): Promise<void>;
}

/**
 * createGatewayClient() with its production defaults, given the same tracer provider and /dev/null logger as the
 * composed stack, so the two are measured alike.
 */
export function presetClient(
  packages: OptionalPackages,
  baseUrl: string,
  options: Record<string, unknown> = {},
): { client: PresetClient; close(): Promise<void> } {
  const tracing = startTracing();
  const create = packages.get<(options: Record<string, unknown>) => PresetClient>('preset');
  const client = create({
    baseUrl,
    logger: benchLogger(),
    tracing: { tracerProvider: tracing.tracerProvider },
    ...options,
  });
  return {
    client,
    async close() {
      await client.close();
      await tracing.close();
    },
  };
}
