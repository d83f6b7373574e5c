import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCallSoak } from '../src/call-soak-run.js';

// The CI form of the compressed 24-hour soak: 200k calls through the preset in a child run with --expose-gc,
// gateway-sim in a process of its own. The full run is `pnpm bench soak --calls 86400000`.
describe('pnpm bench soak --calls 200000', () => {
  let outDir: string | undefined;
  afterAll(async () => {
    if (outDir !== undefined) await rm(outDir, { recursive: true, force: true });
  });

  it('accounts for every call, leaves no handle open after close and does not grow the heap', async () => {
    outDir = await mkdtemp(join(tmpdir(), 'mcpgw-call-soak-'));
    const { result, checks, files } = await runCallSoak({
      calls: 200_000,
      sampleEvery: 10_000,
      maxMs: 600_000,
      outDir,
      log: () => {},
    });

    expect(result.made).toBe(200_000);
    expect(result.untypedErrors, result.firstUntyped).toBe(0);
    expect(result.successes + result.typedErrors).toBe(result.made);
    expect(checks.accounted && checks.complete).toBe(true);

    // The mix reached the network and met the failures it was built to meet, each as a typed error.
    const kind = (name: string) => result.byKind.find((k) => k.kind === name);
    expect(kind('hit')?.ok).toBeGreaterThan(190_000);
    expect(kind('miss')?.ok).toBe(2_000);
    expect(kind('absent')?.errors).toEqual({ MCPGW_NOT_FOUND: 200 });
    const served503 =
      (kind('injected')?.errors.MCPGW_SERVER_ERROR ?? 0) + (kind('invoke')?.errors.MCPGW_SERVER_ERROR ?? 0);
    expect(served503).toBeGreaterThan(0);
    expect(served503).toBeLessThanOrEqual(result.injected503);

    expect(result.gcForced).toBe(true);
    expect(checks.handlesLeftOpen).toEqual({});
    expect(checks.handlesAtBaseline).toBe(true);
    // A generous bound, not a timing: a per-call leak of even 100 bytes would add ~15 MB over the last 150k calls.
    expect(checks.heapAtEndMb).toBeLessThan(2 * checks.heapAt25Mb);
    expect(result.samples.length).toBeGreaterThanOrEqual(20);

    const markdown = await readFile(files[1]!, 'utf8');
    expect(markdown).toContain('Every call accounted for: **yes**');
    expect(markdown).toContain('Back to baseline: **yes**');
    const json = JSON.parse(await readFile(files[0]!, 'utf8')) as { result: { made: number } };
    expect(json.result.made).toBe(200_000);
  }, 900_000);
});
