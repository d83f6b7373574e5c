import { projectConfig } from '@mcpgw/vitest-config';

export default projectConfig('bench', { testTimeout: 120_000 });
