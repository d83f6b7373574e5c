import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { runMcpgw } from './run-mcpgw.js';

test('load runs the harness (quick, one scenario) and reports the files it wrote, as JSON', async () => {
  const out = await mkdtemp(join(tmpdir(), 'mcpgw-cli-load-'));
  try {
    const r = await runMcpgw([
      'load',
      '--quick',
      '--only',
      'raw',
      '--no-profile',
      '--soak',
      '0',
      '--out',
      out,
      '--json',
    ]);
    expect(r.code, r.stderr).toBe(0);
    const run = JSON.parse(r.stdout) as { outDir: string; files: string[]; report: { scenarios: { name: string }[] } };
    expect(run.outDir).toBe(out);
    expect(run.files).toContain(join(out, 'latest.json'));
    expect(existsSync(join(out, 'README.md'))).toBe(true);
    expect(run.report.scenarios.map((s) => s.name)).toContain('raw-undici');
  } finally {
    await rm(out, { recursive: true, force: true });
  }
}, 120_000);

test('bad load flags are usage errors', async () => {
  expect((await runMcpgw(['load', '--rates', 'fast'])).code).toBe(2);
  expect((await runMcpgw(['load', '--duration', 'forever'])).code).toBe(2);
});
