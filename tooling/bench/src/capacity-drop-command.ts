import { parseArgs } from 'node:util';
import { type CapacityDropOptions, runCapacityDrop } from './capacity-drop.js';
import { parseCount, parseDuration } from './options.js';

export const capacityDropUsage = 'usage: pnpm bench capacity-drop [--rate 1200] [--phase 5s] [--quick] [--out <dir>]';

/** `pnpm bench capacity-drop ...`: the fixed and the adaptive limit while the gateway's capacity halves. */
export function parseCapacityDropArgs(argv: readonly string[]): CapacityDropOptions & { help: boolean } {
  const { values } = parseArgs({
    args: argv.filter((a) => a !== '--'),
    options: {
      rate: { type: 'string' },
      phase: { type: 'string' },
      quick: { type: 'boolean', default: false },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  const options: CapacityDropOptions & { help: boolean } = { help: values.help ?? false, quick: values.quick ?? false };
  const rate = parseCount('capacity-drop', 'rate', values.rate);
  if (rate !== undefined) options.rate = rate;
  if (values.phase !== undefined) options.phaseMs = parseDuration(values.phase);
  if (values.out !== undefined) {
    options.outDir = values.out;
    options.chartDir = values.out;
  }
  return options;
}

export async function runCapacityDropCommand(argv: readonly string[]): Promise<void> {
  const options = parseCapacityDropArgs(argv);
  if (options.help) {
    console.log(capacityDropUsage);
    return;
  }
  const figures = await runCapacityDrop(options);
  console.log(`bench capacity-drop on Node ${figures.node} (${figures.settings.rate} calls/s):`);
  for (const run of figures.runs) {
    for (const p of run.phases) {
      console.log(
        `  ${run.kind.padEnd(8)} ${p.phase.padEnd(22)} limit ${p.limit}, p50 ${p.p50Ms} ms, p99 ${p.p99Ms} ms, served ${p.okPerSecond}/s, shed ${p.shedPerSecond}/s, failed ${p.failedPerSecond}/s, gateway queue ${p.gatewayQueued}`,
      );
    }
  }
  for (const file of figures.files) console.log(`  wrote ${file}`);
}
