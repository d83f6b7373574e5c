#!/usr/bin/env node
// The simulator is compiled to dist/ (`pnpm build`). This launcher exists before any build, so that installing the
// workspace can link the `gateway-sim` command, and says what to do instead of a module-not-found stack.
import { existsSync } from 'node:fs';

const cli = new URL('../dist/cli.js', import.meta.url);
if (!existsSync(cli)) {
  process.stderr.write('gateway-sim: not built yet: run `pnpm build` at the root of the repository\n');
  process.exit(1);
}
await import(cli.href);
