import { projectConfig } from '@mcpgw/vitest-config';

export default projectConfig('example-production', { testTimeout: 60_000 });
