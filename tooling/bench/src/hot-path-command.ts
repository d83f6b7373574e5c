import { parseArgs } from 'node:util';
import { type HotPathOptions, runHotPathFigures } from './hot-path-figures.js';
import { parseCount, parseDuration } from './options.js';

export const hotPathUsage =
  'usage: pnpm bench hot-path [--rounds 5] [--duration 5s] [--micro 1s] [--connections 32] [--quick] [--out <dir>]';

/** `pnpm bench hot-path ...`: every figure of the hot-path issue, printed side by side. */
export function parseHotPathArgs(argv: readonly string[]): HotPathOptions & { help: boolean } {
  const { values } = parseArgs({
    args: argv.filter((a) => a !== '--'),
    options: {
      rounds: { type: 'string' },
      duration: { type: 'string' },
      micro: { type: 'string' },
      connections: { type: 'string' },
      quick: { type: 'boolean', default: false },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  const count = (name: string, text: string | undefined) => parseCount('hot-path', name, text);
  const options: HotPathOptions & { help: boolean } = { help: values.help ?? false, quick: values.quick ?? false };
  const rounds = count('rounds', values.rounds);
  const connections = count('connections', values.connections);
  if (rounds !== undefined) options.rounds = rounds;
  if (connections !== undefined) options.connections = connections;
  if (values.duration !== undefined) options.durationMs = parseDuration(values.duration);
  if (values.micro !== undefined) options.microMs = parseDuration(values.micro);
  if (values.out !== undefined) options.outDir = values.out;
  return options;
}

export async function runHotPathCommand(argv: readonly string[]): Promise<void> {
  const options = parseHotPathArgs(argv);
  if (options.help) {
    console.log(hotPathUsage);
    return;
  }
  const figures = await runHotPathFigures(options);
  console.log(`bench hot-path on Node ${figures.node}:`);
  for (const t of figures.targets) {
    console.log(`  ${t.met === undefined ? '?  ' : t.met ? 'ok ' : 'NO '} ${t.target}: ${t.measured}`);
  }
  for (const p of figures.passThrough) {
    console.log(`       ${p.layer.padEnd(16)} ${p.skipped ?? `${(p.overheadNs / 1000).toFixed(3)} µs`}  (${p.passes})`);
  }
  for (const file of figures.files) console.log(`  wrote ${file}`);
}
