#!/usr/bin/env node
// Runs the CLI from its TypeScript sources (workspace packages resolve through the @mcpgw/source condition).
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const main = join(dirname(fileURLToPath(import.meta.url)), '..', 'src', 'main.ts');
const result = spawnSync(
  process.execPath,
  ['--conditions=@mcpgw/source', '--import', 'tsx', main, ...process.argv.slice(2)],
  {
    stdio: 'inherit',
  },
);
process.exit(result.status ?? 1);
