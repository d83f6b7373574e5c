import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

/**
 * The tests run `mcpgw` as users do, from dist/ without tsx: build it (and what it imports) first. `tsc -b` is
 * incremental, so an up-to-date tree costs about a second.
 */
export default function buildCli(): void {
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const project = fileURLToPath(new URL('..', import.meta.url));
  const build = spawnSync(process.execPath, [tsc, '-b', project], { encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`tsc -b apps/cli failed:\n${build.stdout}${build.stderr}`);
}
