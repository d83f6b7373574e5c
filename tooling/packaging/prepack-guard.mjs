// `prepack` of every package that can be packed. pnpm (`pnpm pack`, `pnpm publish`, `pnpm release`) rewrites
// `workspace:` ranges and applies `publishConfig.exports`, which drops the `@mcpgw/source` condition; npm does
// neither, so `npm pack` here would make a tarball that cannot be installed. Refuse it, and refuse to pack a
// package whose entry points are not built.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const fail = (message) => {
  process.stderr.write(`prepack: ${message}\n`);
  process.exit(1);
};

const agent = process.env.npm_config_user_agent ?? '';
if (!agent.startsWith('pnpm/')) {
  fail(
    'pack and publish with pnpm (`pnpm pack`, or `pnpm release` at the root): npm would ship `workspace:` ranges ' +
      'and the @mcpgw/source condition, and the tarball would not install',
  );
}

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
const entries = new Set();
const collect = (value) => {
  if (typeof value === 'string') entries.add(value);
  else if (value !== null && typeof value === 'object') for (const v of Object.values(value)) collect(v);
};
collect(manifest.publishConfig?.exports ?? manifest.exports);
collect(manifest.main);
collect(manifest.types);
collect(manifest.bin);
const missing = [...entries].filter((file) => !existsSync(join(process.cwd(), file)));
if (missing.length > 0) fail(`${manifest.name}: not built (${missing.join(', ')} missing): run \`pnpm build\` first`);
