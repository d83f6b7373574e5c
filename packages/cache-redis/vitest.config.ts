import { projectConfig } from '@mcpgw/vitest-config';

export default projectConfig('cache-redis', { globalSetup: ['./test/global-setup.ts'], testTimeout: 30_000 });
