import { benchLogger, startTracing } from './observability.js';
import type { OptionalPackages } from './optional-packages.js';

export interface PresetClient {
  getServer(name: string): Promise<unknown>;
  close(options?: unknown): Promise<void>;
}

/**
 * How the client is observed: `sdk` gives it the same tracer provider (a real SDK, AsyncLocalStorage context) and
 * /dev/null logger at info as the composed stack, so the two are measured alike; `defaults` is an app that registers
 * no OpenTelemetry SDK (tracing() gets the global no-op tracer) and logs at the preset's level, warn, to /dev/null.
 */
export type PresetObservability = 'sdk' | 'defaults';

/** createGatewayClient() with its production defaults, observed as `observability` says. */
export function presetClient(
  packages: OptionalPackages,
  baseUrl: string,
  options: Record<string, unknown> = {},
  observability: PresetObservability = 'sdk',
): { client: PresetClient; close(): Promise<void> } {
  const tracing = observability === 'sdk' ? startTracing() : undefined;
  const create = packages.get<(options: Record<string, unknown>) => PresetClient>('preset');
  const client = create({
    baseUrl,
    logger: benchLogger(observability === 'sdk' ? 'info' : 'warn'),
    ...(tracing === undefined ? {} : { tracing: { tracerProvider: tracing.tracerProvider } }),
    ...options,
  });
  return {
    client,
    async close() {
      await client.close();
      await tracing?.close();
    },
  };
}
