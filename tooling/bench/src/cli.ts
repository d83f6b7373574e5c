import { parseArgs } from 'node:util';
import { capacityDropUsage, runCapacityDropCommand } from './capacity-drop-command.js';
import { hotPathUsage, runHotPathCommand } from './hot-path-command.js';
import type { BenchOptions } from './options.js';
import { parseDuration, resolveOptions } from './options.js';
import { renderStoredReport, runBench } from './run-bench.js';
import { runSoakCommand, soakUsage } from './soak-command.js';
import { runTailLatencyCommand, tailLatencyUsage } from './tail-latency-command.js';

const usage = `usage: pnpm bench [--quick] [--only <substring>[,<substring>]] [--rates 100,500] [--duration 5s]
                  [--soak 10m] [--soak-rate 500] [--profile | --no-profile] [--out <dir>] [--connections 32]
       pnpm bench --render [--out <dir>]   (re-render a stored latest.json)
       ${soakUsage.replace('usage: ', '')}
       ${hotPathUsage.replace('usage: ', '')}
       ${tailLatencyUsage.replace('usage: ', '')}
       ${capacityDropUsage.replace('usage: ', '')}`;

/** Reads the command line into BenchOptions; a `--` forwarded by pnpm is ignored. */
export function parseBenchArgs(argv: readonly string[]): BenchOptions & { help: boolean; render: boolean } {
  const { values } = parseArgs({
    args: argv.filter((a) => a !== '--'),
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string', multiple: true },
      rates: { type: 'string' },
      duration: { type: 'string' },
      soak: { type: 'string' },
      'soak-rate': { type: 'string' },
      profile: { type: 'boolean' },
      'no-profile': { type: 'boolean', default: false },
      out: { type: 'string' },
      connections: { type: 'string' },
      servers: { type: 'string' },
      help: { type: 'boolean', default: false },
      render: { type: 'boolean', default: false },
    },
  });
  const options: BenchOptions & { help: boolean; render: boolean } = {
    help: values.help ?? false,
    render: values.render ?? false,
    quick: values.quick ?? false,
  };
  if (values.only !== undefined) options.only = values.only.flatMap((o) => o.split(',')).filter(Boolean);
  if (values.rates !== undefined) options.rates = values.rates.split(',').map(Number);
  if (values.duration !== undefined) options.durationMs = parseDuration(values.duration);
  if (values.soak !== undefined) options.soakMs = parseDuration(values.soak);
  if (values['soak-rate'] !== undefined) options.soakRate = Number(values['soak-rate']);
  if (values.profile === true) options.profile = true;
  if (values['no-profile']) options.profile = false;
  if (values.out !== undefined) options.outDir = values.out;
  if (values.connections !== undefined) options.connections = Number(values.connections);
  if (values.servers !== undefined) options.servers = Number(values.servers);
  return options;
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const [command, ...rest] = argv.filter((a) => a !== '--');
  if (command === 'soak') return runSoakCommand(rest);
  if (command === 'hot-path') return runHotPathCommand(rest);
  if (command === 'tail-latency') return runTailLatencyCommand(rest);
  if (command === 'capacity-drop') return runCapacityDropCommand(rest);
  const options = parseBenchArgs(argv);
  if (options.help) {
    console.log(usage);
    return;
  }
  const run = options.render
    ? await renderStoredReport(options.outDir ?? resolveOptions({}).outDir)
    : await runBench({ ...options, command: ['pnpm bench', ...argv.filter((a) => a !== '--')].join(' ') });
  console.log(`bench: wrote ${run.files.length} files to ${run.outDir}`);
  for (const t of run.report.targets) {
    console.log(`  ${t.met === undefined ? '?' : t.met ? 'ok ' : 'NO '} ${t.target}: ${t.measured}`);
  }
}

main().then(
  () => process.exit(),
  (error: unknown) => {
    console.error(`bench: ${error instanceof Error ? error.stack : String(error)}\n${usage}`);
    process.exit(1);
  },
);
