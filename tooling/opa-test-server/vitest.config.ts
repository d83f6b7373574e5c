import { projectConfig } from '@mcpgw/vitest-config';

export default projectConfig('opa-test-server', { testTimeout: 60_000 });
