import { projectConfig } from '@mcpgw/vitest-config';

export default projectConfig('mcp-peers', { testTimeout: 60_000 });
