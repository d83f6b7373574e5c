import { parseArgs } from 'node:util';
import { parseCount, parseDuration } from './options.js';
import { runTailLatency, type TailLatencyOptions } from './tail-latency.js';

export const tailLatencyUsage =
  'usage: pnpm bench tail-latency [--rate 400] [--duration 10s] [--rounds 3] [--quick] [--out <dir>]';

/** `pnpm bench tail-latency ...`: hedged reads against a long-tail gateway, with and without hedging. */
export function parseTailLatencyArgs(argv: readonly string[]): TailLatencyOptions & { help: boolean } {
  const { values } = parseArgs({
    args: argv.filter((a) => a !== '--'),
    options: {
      rate: { type: 'string' },
      duration: { type: 'string' },
      rounds: { type: 'string' },
      quick: { type: 'boolean', default: false },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  const count = (name: string, text: string | undefined) => parseCount('tail-latency', name, text);
  const options: TailLatencyOptions & { help: boolean } = { help: values.help ?? false, quick: values.quick ?? false };
  const rate = count('rate', values.rate);
  const rounds = count('rounds', values.rounds);
  if (rate !== undefined) options.rate = rate;
  if (rounds !== undefined) options.rounds = rounds;
  if (values.duration !== undefined) options.durationMs = parseDuration(values.duration);
  if (values.out !== undefined) {
    options.outDir = values.out;
    options.chartDir = values.out;
  }
  return options;
}

export async function runTailLatencyCommand(argv: readonly string[]): Promise<void> {
  const options = parseTailLatencyArgs(argv);
  if (options.help) {
    console.log(tailLatencyUsage);
    return;
  }
  const figures = await runTailLatency(options);
  console.log(`bench tail-latency on Node ${figures.node} (${figures.settings.rate} calls/s):`);
  for (const s of figures.summary) {
    console.log(`  ${s.config}: p50 ${s.p50Ms} ms, p99 ${s.p99Ms} ms, ${s.requestsPerCall} requests per call`);
  }
  for (const file of figures.files) console.log(`  wrote ${file}`);
}
