#!/usr/bin/env node
// The command is compiled to dist/ (`pnpm build`). This launcher exists before any build, so that installing the
// workspace can link the `mcpgw` command, and it says what to do where Node would print a stack instead.
import { existsSync } from 'node:fs';

const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 19)) {
  process.stderr.write(`mcpgw: needs Node.js 22.19 or newer; this is ${process.version}\n`);
  process.exit(1);
}
const main = new URL('../dist/main.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('mcpgw: not built yet: run `pnpm build` at the root of the repository\n');
  process.exit(1);
}
await import(main.href);
