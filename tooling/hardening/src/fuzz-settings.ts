/**
 * Fixed seeds and run counts of the fuzz suites: CI runs the same cases every time (a failure prints its seed and
 * path to replay). MCPGW_FUZZ_SCALE multiplies the counts for a longer local run (e.g. 10).
 */
const scale = Number(process.env.MCPGW_FUZZ_SCALE ?? '1');

export function fuzzRuns(runs: number): number {
  return Math.max(1, Math.round(runs * (Number.isFinite(scale) && scale > 0 ? scale : 1)));
}

export const FUZZ_SEED = 20_240_917;

/** Cases run by every fuzz property of the process, for the report at the end of a suite. */
export const fuzzCounter = { runs: 0 };
