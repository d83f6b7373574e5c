import { projectConfig } from '@mcpgw/vitest-config';

export default projectConfig('example-minimal-client', { testTimeout: 60_000 });
