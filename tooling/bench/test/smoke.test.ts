import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type BenchRun, runBench } from '../src/index.js';

// The CI smoke of the harness: the quick mode end to end, gateway-sim in its own process, report written to a temp dir.
describe('pnpm bench --quick', () => {
  let run: BenchRun | undefined;
  const lines: string[] = [];

  afterAll(async () => {
    if (run !== undefined) await rm(run.outDir, { recursive: true, force: true });
  });

  it('measures every part of the harness and writes the report', async () => {
    run = await runBench({ quick: true, progress: false, log: (line) => lines.push(line) });
    const { report } = run;

    expect(report.settings.quick).toBe(true);
    expect(run.outDir).not.toContain(join('docs', 'performance'));

    const raw = report.scenarios.find((s) => s.name === 'raw-undici');
    const core = report.scenarios.find((s) => s.name === 'core');
    for (const scenario of [raw, core]) {
      expect(scenario?.available).toBe(true);
      expect(scenario?.closedLoop?.opsPerSec).toBeGreaterThan(0);
      expect(scenario?.closedLoop?.errors).toBe(0);
      expect(scenario?.openLoop).toHaveLength(1);
      expect(scenario?.openLoop[0]?.completed).toBeGreaterThan(0);
      expect(scenario?.openLoop[0]?.latency.p99).toBeGreaterThanOrEqual(scenario?.openLoop[0]?.latency.p50 ?? 0);
    }

    // MCP beside REST: the preset's tools/call with JSON and SSE answers, each paired with raw undici posting the
    // same JSON-RPC just before it.
    for (const answers of ['json', 'sse']) {
      const mcp = report.scenarios.find((s) => s.name === `mcp-preset-call-${answers}`);
      expect(mcp?.available, mcp?.note).toBe(true);
      expect(mcp?.closedLoop?.errors).toBe(0);
      expect(mcp?.closedLoop?.opsPerSec).toBeGreaterThan(0);
      expect(mcp?.pairedWith).toBe(`raw-undici-mcp-call-${answers}`);
      expect(mcp?.pairedRawOpsPerSec).toBeGreaterThan(0);
    }

    const micro = report.micro!;
    expect(micro.results.map((r) => r.group)).toEqual(expect.arrayContaining(['compose', 'layer', 'zod', 'events']));
    expect(micro.results.every((r) => r.nsPerOp > 0)).toBe(true);
    expect(micro.perLayerNs).toBeTypeOf('number');

    expect(report.listing?.servers).toBe(report.settings.servers);
    expect(report.listing?.tools.count).toBeGreaterThan(0);

    if (report.packages.cache.available) {
      const soak = report.soak;
      expect(soak !== undefined && 'samples' in soak && soak.samples.length).toBeGreaterThanOrEqual(2);
    }
    expect(report.targets.map((t) => t.id)).toEqual(
      expect.arrayContaining([
        'throughput',
        'per-layer',
        'observability',
        'cache-hit',
        'memory',
        'handles',
        'prefetch',
      ]),
    );

    const files = run.files.map((f) => f.slice(run!.outDir.length + 1));
    expect(files).toEqual(
      expect.arrayContaining(['latest.json', 'README.md', 'throughput-ratio.svg', 'latency-p99-by-rate.svg']),
    );
    const json = JSON.parse(await readFile(join(run.outDir, 'latest.json'), 'utf8')) as { version: number };
    expect(json.version).toBe(1);
    const markdown = await readFile(join(run.outDir, 'README.md'), 'utf8');
    expect(markdown).toContain('## Targets');
    expect(markdown).toContain('`raw-undici`');
    expect(markdown).toContain('`mcp-preset-call-sse`');
    const svg = await readFile(join(run.outDir, 'throughput-ratio.svg'), 'utf8');
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('raw-undici');
  });
});
