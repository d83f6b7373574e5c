import { projectConfig } from '@mcpgw/vitest-config';

export default projectConfig('example-custom-pipeline', { testTimeout: 60_000 });
