import type { Middleware } from '@mcpgw/core';

/** A layer factory as the harness sees it; options are passed through untyped so any package version loads. */
export type LayerFactory = (options?: Record<string, unknown>) => Middleware & {
  close?: () => unknown;
  stats?: () => unknown;
};

interface PackageSpec {
  readonly specifier: string;
  readonly exportName: string;
}

/** The packages a scenario may need, and the export that must exist for it to count as available. */
export const optionalPackages = {
  retry: { specifier: '@mcpgw/retry', exportName: 'retry' },
  breaker: { specifier: '@mcpgw/breaker', exportName: 'breaker' },
  cache: { specifier: '@mcpgw/cache', exportName: 'cache' },
  opa: { specifier: '@mcpgw/opa', exportName: 'authorize' },
  metrics: { specifier: '@mcpgw/metrics', exportName: 'metrics' },
  tracing: { specifier: '@mcpgw/tracing', exportName: 'tracing' },
  logging: { specifier: '@mcpgw/logging', exportName: 'logging' },
  preset: { specifier: '@mcpgw/preset', exportName: 'createGatewayClient' },
  opaTestServer: { specifier: '@mcpgw/opa-test-server', exportName: 'startOpaTestServer' },
} as const satisfies Record<string, PackageSpec>;

export type PackageName = keyof typeof optionalPackages;

export type Availability = { readonly available: true } | { readonly available: false; readonly reason: string };

/**
 * The layers are written in parallel with this harness, so each one is loaded by name at run time: a package that
 * does not exist yet (or does not export its factory) makes its scenarios report "not available" instead of
 * breaking the build.
 */
export class OptionalPackages {
  readonly #modules = new Map<PackageName, Record<string, unknown>>();
  readonly #availability = new Map<PackageName, Availability>();

  static async load(): Promise<OptionalPackages> {
    const loaded = new OptionalPackages();
    for (const name of Object.keys(optionalPackages) as PackageName[]) {
      const spec: PackageSpec = optionalPackages[name];
      try {
        const module = (await import(spec.specifier)) as Record<string, unknown>;
        if (typeof module[spec.exportName] !== 'function') {
          loaded.#availability.set(name, {
            available: false,
            reason: `${spec.specifier} does not export ${spec.exportName}()`,
          });
          continue;
        }
        loaded.#modules.set(name, module);
        loaded.#availability.set(name, { available: true });
      } catch (error) {
        const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
        loaded.#availability.set(name, { available: false, reason: `${spec.specifier} cannot be loaded (${message})` });
      }
    }
    return loaded;
  }

  has(name: PackageName): boolean {
    return this.#modules.has(name);
  }

  availability(): Record<PackageName, Availability> {
    return Object.fromEntries(this.#availability) as Record<PackageName, Availability>;
  }

  /** What keeps a scenario needing `names` from running, or undefined when everything is there. */
  missing(names: readonly PackageName[]): string | undefined {
    const reasons = names.flatMap((name) => {
      const a = this.#availability.get(name);
      return a === undefined || a.available ? [] : [a.reason];
    });
    return reasons.length === 0 ? undefined : `not available: ${reasons.join('; ')}`;
  }

  /** The named export of a loaded package. */
  get<T>(name: PackageName, exportName: string = optionalPackages[name].exportName): T {
    const module = this.#modules.get(name);
    if (module === undefined) throw new Error(`${optionalPackages[name].specifier} is not available`);
    return module[exportName] as T;
  }

  factory(name: Exclude<PackageName, 'preset' | 'opaTestServer'>): LayerFactory {
    return this.get<LayerFactory>(name);
  }
}
