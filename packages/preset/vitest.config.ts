import { projectConfig } from '@mcpgw/vitest-config';

export default projectConfig('preset', { globalSetup: ['./test/global-setup.ts'], testTimeout: 30_000 });
