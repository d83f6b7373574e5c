import { projectConfig } from '@mcpgw/vitest-config';

export default projectConfig('hardening', { testTimeout: 120_000 });
