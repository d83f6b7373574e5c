import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type GatewaySim, startGatewaySim } from '@mcpgw/gateway-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const fixture = fileURLToPath(new URL('./fixtures/preset-backoff-then-answer.ts', import.meta.url));

describe('a plain script on the preset that meets one 503 (the gateway in another process)', () => {
  let sim: GatewaySim;
  beforeAll(async () => {
    sim = await startGatewaySim({ port: 0 });
  });
  afterAll(() => sim.close());

  // Full jitter may pick a short backoff: five runs make a long one near certain; each must end with the answer.
  it('stays alive through the backoff, gets the answer, and exits by itself once closed', async () => {
    for (let run = 0; run < 5; run++) {
      sim.script('listServers', [{ status: 503 }]);
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
      const code = await new Promise<number | null | 'hung'>((resolve) => {
        const timer = setTimeout(() => {
          child.kill('SIGKILL');
          resolve('hung');
        }, 30_000);
        child.on('exit', (exitCode) => {
          clearTimeout(timer);
          resolve(exitCode);
        });
      });
      expect(stderr).toBe('');
      expect(code).toBe(0);
      expect(JSON.parse(stdout.trim())).toEqual({ outcome: 'answer', items: 2 });
    }
  }, 120_000);
});
