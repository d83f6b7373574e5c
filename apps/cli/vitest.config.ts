import { projectConfig } from '@mcpgw/vitest-config';

export default projectConfig('cli', { testTimeout: 60_000, globalSetup: ['test/build-cli.ts'] });
