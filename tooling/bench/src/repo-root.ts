import { fileURLToPath } from 'node:url';

/** The monorepo root: child processes start there so `--import tsx` and the workspace packages resolve. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Node flags that run a workspace TypeScript entry from source. */
export const sourceExecArgv = ['--conditions=@mcpgw/source', '--import', 'tsx'];
