import { defineProject } from 'vitest/config';

/** Shared per-project config: resolve workspace packages to their TypeScript sources, so tests need no build. */
export function projectConfig(name: string, extra: { testTimeout?: number; globalSetup?: string[] } = {}) {
  return defineProject({
    resolve: { conditions: ['@mcpgw/source'] },
    ssr: { resolve: { conditions: ['@mcpgw/source'] } },
    test: {
      name,
      include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
      environment: 'node',
      testTimeout: extra.testTimeout ?? 15_000,
      hookTimeout: 30_000,
      globalSetup: extra.globalSetup ?? [],
    },
  });
}
