import { parseArgs } from 'node:util';
import { type CallSoakOptions, runCallSoak } from './call-soak-run.js';
import { parseCount, parseDuration } from './options.js';

export const soakUsage =
  'usage: pnpm bench soak [--calls 86400000] [--workers 64] [--sample-every 1000000] [--max-time 2h] [--out <dir>]';

/** `pnpm bench soak ...`: the call-count soak's flags. */
export function parseSoakArgs(argv: readonly string[]): CallSoakOptions & { help: boolean } {
  const { values } = parseArgs({
    args: argv.filter((a) => a !== '--'),
    options: {
      calls: { type: 'string' },
      workers: { type: 'string' },
      'sample-every': { type: 'string' },
      'max-time': { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  });
  const count = (name: string, text: string | undefined) => parseCount('soak', name, text);
  const options: CallSoakOptions & { help: boolean } = { help: values.help ?? false };
  const calls = count('calls', values.calls);
  const workers = count('workers', values.workers);
  const sampleEvery = count('sample-every', values['sample-every']);
  if (calls !== undefined) options.calls = calls;
  if (workers !== undefined) options.workers = workers;
  if (sampleEvery !== undefined) options.sampleEvery = sampleEvery;
  if (values['max-time'] !== undefined) options.maxMs = parseDuration(values['max-time']);
  if (values.out !== undefined) options.outDir = values.out;
  return options;
}

export async function runSoakCommand(argv: readonly string[]): Promise<void> {
  const options = parseSoakArgs(argv);
  if (options.help) {
    console.log(soakUsage);
    return;
  }
  const { result, checks, files } = await runCallSoak(options);
  console.log(`bench soak: ${result.made} calls in ${Math.round(result.elapsedMs / 1000)} s on Node ${result.node}`);
  console.log(`  accounted: ${checks.accounted} (${result.successes} ok + ${result.typedErrors} typed errors)`);
  console.log(`  complete: ${checks.complete} (${result.made} of ${result.requested}, stopped by ${result.stoppedBy})`);
  console.log(`  heap MB at 25 % / 50 % / end: ${checks.heapAt25Mb} / ${checks.heapAt50Mb} / ${checks.heapAtEndMb}`);
  console.log(`  handles at baseline after close: ${checks.handlesAtBaseline}`);
  for (const file of files) console.log(`  wrote ${file}`);
  if (!checks.accounted || !checks.complete || !checks.handlesAtBaseline) process.exitCode = 2;
}
