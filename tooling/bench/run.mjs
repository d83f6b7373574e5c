// `pnpm bench` at the root: builds the packages, then runs the harness against them, passing the arguments through.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
// Measures the built packages (see src/repo-root.ts): build them first, unless MCPGW_BENCH_SOURCE=1.
const fromSource = process.env.MCPGW_BENCH_SOURCE === '1';
if (!fromSource) {
  const build = spawnSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-b'], {
    cwd: root,
    stdio: 'inherit',
  });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const conditions = fromSource ? ['--conditions=@mcpgw/source'] : [];
const child = spawn(
  process.execPath,
  [...conditions, '--import', 'tsx', join(here, 'src', 'cli.ts'), ...process.argv.slice(2)],
  { cwd: root, stdio: 'inherit', env: fromSource ? process.env : { ...process.env, MCPGW_BENCH_BUILT: '1' } },
);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal === null ? 1 : 128)));
