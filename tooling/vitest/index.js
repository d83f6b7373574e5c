import { defineProject } from 'vitest/config';

/**
 * Shared per-project config: resolve workspace packages to their TypeScript sources, so tests need no build.
 * Plain JavaScript: vitest loads config dependencies from node_modules with Node itself, which does not read .ts.
 * @param {string} name
 * @param {{ testTimeout?: number, globalSetup?: string[] }} [extra]
 */
export function projectConfig(name, extra = {}) {
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
