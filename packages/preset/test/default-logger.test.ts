import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startGatewaySim } from '@mcpgw/gateway-sim';
import { expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const fixture = fileURLToPath(new URL('./fixtures/default-logger-output.ts', import.meta.url));

it("the default logger writes to stderr: stdout carries only the program's own output", async () => {
  await using sim = await startGatewaySim({ port: 0 });
  sim.script('getServer', [{ status: 500 }]);
  const child = spawn(process.execPath, ['--conditions=@mcpgw/source', '--import', 'tsx', fixture, sim.url], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const [code] = (await new Promise((resolve) => child.on('exit', (...args) => resolve(args)))) as [number | null];
  expect(code).toBe(0);
  expect(stdout).toBe('{"outcome":"MCPGW_SERVER_ERROR"}\n');
  const failed = stderr
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as { msg: string; operation: string; level: number })
    .find((line) => line.msg === 'operation failed');
  expect(failed).toMatchObject({ operation: 'getServer', level: 50 });
}, 60_000);
