import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runHotPathFigures } from '../src/hot-path-figures.js';
import { standardOrder } from '../src/stack.js';

// The hot-path figures in their quick form: every figure is measured and reported, whatever its value on this machine.
describe('pnpm bench hot-path --quick', () => {
  let outDir: string | undefined;
  afterAll(async () => {
    if (outDir !== undefined) await rm(outDir, { recursive: true, force: true });
  });

  it('reports the REST and MCP ratios, each pass-through layer and the preset cache hit, side by side', async () => {
    outDir = await mkdtemp(join(tmpdir(), 'mcpgw-hot-path-'));
    const figures = await runHotPathFigures({ quick: true, outDir, log: () => {} });

    for (const pair of [figures.rest, figures.mcp]) {
      expect(pair.errors).toBe(0);
      expect(pair.ratios).toHaveLength(1);
      expect(pair.median).toBeGreaterThan(0);
    }
    expect(figures.rest).toMatchObject({ ours: 'preset-miss-defaults', raw: 'raw-undici' });
    expect(figures.mcp).toMatchObject({ ours: 'mcp-preset-call-json-defaults', raw: 'raw-undici-mcp-call-json' });
    expect(figures.passThrough.map((p) => p.layer)).toEqual(standardOrder);
    expect(figures.passThrough.filter((p) => p.skipped !== undefined)).toEqual([]);
    expect(figures.presetCacheHit?.opsPerSec).toBeGreaterThan(0);
    expect(figures.presetCacheHitShared?.opsPerSec).toBeGreaterThan(0);
    expect(figures.targets).toHaveLength(4);
    expect(figures.targets.every((t) => t.met !== undefined)).toBe(true);

    const markdown = await readFile(figures.files[1]!, 'utf8');
    expect(markdown).toContain('`preset-miss-defaults` / `raw-undici`');
    expect(markdown).toContain('`mcp-preset-call-json-defaults` / `raw-undici-mcp-call-json`');
    expect(markdown).toContain('| breaker |');
    expect(markdown).toContain('in a fresh process that builds only that client');
  }, 300_000);
});
