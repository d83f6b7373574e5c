import { defineProject } from 'vitest/config';

// No workspace dependencies (not even @mcpgw/vitest-config): this project uses the packages as tarballs only.
export default defineProject({
  test: {
    name: 'packaging',
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    // build + pack + one npm install (warm cache: seconds; cold: about a minute)
    hookTimeout: 600_000,
  },
});
