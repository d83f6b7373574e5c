import { attemptTimeout, concurrencyLimit, deadline, type Middleware } from '@mcpgw/core';
import { benchLogger, startTracing, type TracingSetup } from './observability.js';
import type { OptionalPackages, PackageName } from './optional-packages.js';

/** One layer of the standard onion, in the order DESIGN.md gives (outermost first). */
export type LayerName =
  | 'tracing'
  | 'metrics'
  | 'logging'
  | 'authorize'
  | 'cache'
  | 'deadline'
  | 'concurrencyLimit'
  | 'retry'
  | 'breaker'
  | 'attemptTimeout';

export const standardOrder: readonly LayerName[] = [
  'tracing',
  'metrics',
  'logging',
  'authorize',
  'cache',
  'deadline',
  'concurrencyLimit',
  'retry',
  'breaker',
  'attemptTimeout',
];

/** The package each layer comes from; core's own resilience layers need none. */
export const packageOfLayer: Record<LayerName, PackageName | undefined> = {
  tracing: 'tracing',
  metrics: 'metrics',
  logging: 'logging',
  authorize: 'opa',
  cache: 'cache',
  deadline: undefined,
  concurrencyLimit: undefined,
  retry: 'retry',
  breaker: 'breaker',
  attemptTimeout: undefined,
};

export interface StackSettings {
  /** Entries of the default memory store; below the key space, every lookup is a miss. */
  cacheMaxEntries?: number;
  opaUrl?: string;
  decisionCache?: boolean;
  /** `noop`: tracing() with no provider, so spans come from the global no-op tracer. Default `sdk`. */
  tracer?: 'sdk' | 'noop';
  /** Level of the /dev/null logger; `warn` (the preset's default) logs nothing for a success. Default `info`. */
  logLevel?: string;
}

export interface Stack {
  readonly middlewares: readonly Middleware[];
  /** Layers left out because their package is not there yet. */
  readonly skipped: readonly LayerName[];
  close(): Promise<void>;
}

/** Production-like settings for each layer, so a measured cost is the cost a user of the preset pays. */
export function buildStack(
  packages: OptionalPackages,
  layers: readonly LayerName[],
  settings: StackSettings = {},
): Stack {
  const middlewares: Middleware[] = [];
  const skipped: LayerName[] = [];
  const closers: Array<() => unknown> = [];
  let tracingSetup: TracingSetup | undefined;
  for (const name of standardOrder) {
    if (!layers.includes(name)) continue;
    const pkg = packageOfLayer[name];
    if (pkg !== undefined && !packages.has(pkg)) {
      skipped.push(name);
      continue;
    }
    const layer = createLayer(name);
    middlewares.push(layer);
    const closable = layer as { close?: () => unknown };
    if (typeof closable.close === 'function') closers.push(() => closable.close?.());
  }
  return {
    middlewares,
    skipped,
    async close() {
      for (const close of closers) await close();
      await tracingSetup?.close();
    },
  };

  function createLayer(name: LayerName): Middleware {
    switch (name) {
      case 'tracing': {
        if (settings.tracer === 'noop') return packages.factory('tracing')({});
        tracingSetup = startTracing();
        return packages.factory('tracing')({
          tracerProvider: tracingSetup.tracerProvider,
          propagator: tracingSetup.propagator,
        });
      }
      case 'metrics':
        return packages.factory('metrics')();
      case 'logging':
        return packages.factory('logging')({ logger: benchLogger(settings.logLevel) });
      case 'authorize':
        return packages.factory('opa')({
          url: settings.opaUrl ?? 'http://127.0.0.1:9',
          decisionCache: settings.decisionCache === false ? false : {},
        });
      case 'cache':
        return packages.factory('cache')(
          settings.cacheMaxEntries === undefined ? {} : { maxEntries: settings.cacheMaxEntries },
        );
      case 'deadline':
        // As the preset runs it: the layers inside bound their own waits, so it does not race each call again.
        return deadline({ totalMs: 30_000, enforce: false });
      case 'concurrencyLimit':
        return concurrencyLimit({ maxConcurrent: 256, maxQueue: 10_000 });
      case 'retry':
        return packages.factory('retry')();
      case 'breaker':
        return packages.factory('breaker')();
      case 'attemptTimeout':
        return attemptTimeout({ timeoutMs: 10_000 });
    }
  }
}
