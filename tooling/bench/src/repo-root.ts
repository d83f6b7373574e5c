import { fileURLToPath } from 'node:url';

/** The monorepo root: child processes start there so `--import tsx` and the workspace packages resolve. */
export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Node flags that run a workspace TypeScript entry from source. */
// `pnpm bench` (run.mjs) builds first and sets MCPGW_BENCH_BUILT=1, so children measure the packages' dist/ (what
// users run): tsx's transform keeps function names by wrapping every closure it creates, which inflates
// closure-heavy code by microseconds. Elsewhere (tests, `mcpgw load`) children run from source.
export const sourceExecArgv =
  process.env.MCPGW_BENCH_BUILT === '1' ? ['--import', 'tsx'] : ['--conditions=@mcpgw/source', '--import', 'tsx'];
