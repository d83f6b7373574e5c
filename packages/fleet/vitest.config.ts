import { projectConfig } from '@mcpgw/vitest-config';

export default projectConfig('fleet', { globalSetup: ['./test/global-setup.ts'], testTimeout: 180_000 });
