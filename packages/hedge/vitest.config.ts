import { projectConfig } from '@mcpgw/vitest-config';

export default projectConfig('hedge');
