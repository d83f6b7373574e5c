import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runTailLatency, tailConfigs } from '../src/tail-latency.js';

// The tail-latency scenario in its quick form: every configuration runs and is reported, whatever its latency here.
describe('pnpm bench tail-latency --quick', () => {
  let outDir: string | undefined;
  afterAll(async () => {
    if (outDir !== undefined) await rm(outDir, { recursive: true, force: true });
  });

  it('reports each configuration’s percentiles and the requests per call, and writes JSON, markdown and a chart', async () => {
    outDir = await mkdtemp(join(tmpdir(), 'mcpgw-tail-latency-'));
    const figures = await runTailLatency({ quick: true, outDir });
    expect(figures.summary.map((s) => s.config)).toEqual(tailConfigs.map((c) => c.name));
    expect(figures.runs.every((r) => r.errors === 0 && r.calls > 0)).toBe(true);
    const [plain, ...hedged] = figures.runs;
    expect(plain).toMatchObject({ config: 'without hedging', hedges: 0, requestsPerCall: 1 });
    // At most one extra branch per call, and the budget keeps it far below that.
    for (const run of hedged) {
      expect(run.requestsPerCall).toBeGreaterThanOrEqual(1);
      expect(run.requestsPerCall).toBeLessThan(1.5);
    }
    expect(figures.files).toHaveLength(3);
    const markdown = await readFile(figures.files[1]!, 'utf8');
    for (const { name } of tailConfigs) expect(markdown).toContain(`| ${name} |`);
    expect(await readFile(figures.files[2]!, 'utf8')).toMatch(/^<svg[\s\S]*<\/svg>\s*$/);
  }, 120_000);
});
