import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, test } from 'vitest';

const run = promisify(execFile);
const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'mcpgw.mjs');

test('mcpgw demo walks discovery and an invoke against an embedded simulator, then exits 0', async () => {
  const { stdout } = await run(process.execPath, [bin, 'demo'], { timeout: 60_000 });
  expect(stdout).toContain('embedded gateway simulator at http://127.0.0.1:');
  expect(stdout).toMatch(/all servers, every page: \d+/);
  expect(stdout).toContain('tools of postgres-mcp: execute_query');
  expect(stdout).toContain('"status":"success"');
  expect(stdout).toMatch(/tool runs: 1$/m);
});
