import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { type GatewaySim, startGatewaySim } from '@mcpgw/gateway-sim';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

interface ChildRun {
  code: number | null | 'hung';
  stdout: string;
  stderr: string;
}

/** Runs a fixture in a plain Node process (no keep-alive handle of the test's) and waits for it to exit by itself. */
async function runChild(file: string, args: string[] = []): Promise<ChildRun> {
  const child = spawn(process.execPath, ['--conditions=@mcpgw/source', '--import', 'tsx', file, ...args], {
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
  const code = await new Promise<ChildRun['code']>((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      resolve('hung');
    }, 30_000);
    child.on('exit', (exitCode) => {
      clearTimeout(timer);
      resolve(exitCode);
    });
  });
  return { code, stdout, stderr };
}

describe('a script that aborts during a backoff', () => {
  it('gets AbortError and exits on its own with code 0', async () => {
    // The backoff is 60 s and the timeouts 120 s and 300 s: exiting within 30 s proves none of them held it.
    const run = await runChild(fixture('abort-during-backoff.ts'));
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout.trim())).toMatchObject({ name: 'AbortError' });
  }, 45_000);
});

describe('a script that meets one 503 (the gateway in another process)', () => {
  let sim: GatewaySim;
  beforeAll(async () => {
    sim = await startGatewaySim({ port: 0 });
  });
  afterAll(() => sim.close());

  // The backoff timer was unref'd: with nothing else pending, Node exited during the wait with code 13 (unsettled
  // top-level await), and neither the answer nor the error was ever seen.
  it('stays alive through the backoff, gets the answer and exits with code 0', async () => {
    sim.script('listServers', [{ status: 503 }]);
    const run = await runChild(fixture('backoff-then-answer.ts'), [sim.url]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout.trim())).toEqual({ outcome: 'answer', items: 2 });
    expect(sim.requests.filter((r) => r.route === 'listServers')).toHaveLength(2);
  }, 45_000);
});
