import { spawn } from 'node:child_process';
import { once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

describe('cli', () => {
  it('prints the listening line, serves, and exits on SIGTERM', async () => {
    const child = spawn(
      process.execPath,
      [
        '--conditions=@mcpgw/source',
        '--import',
        'tsx',
        'apps/gateway-sim/src/cli.ts',
        '--port',
        '0',
        '--servers',
        '10000',
        '--tools',
        '20',
        '--api-key',
        'K',
      ],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      let output = '';
      const line = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const match = /gateway-sim listening on (http:\/\/\S+)\n/.exec(output);
          if (match) resolve(match[1]!);
        });
        child.once('exit', (code) => reject(new Error(`exited early with ${code}`)));
      });
      expect(line).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const page = await fetch(`${line}/api/v1/servers?limit=1`, { headers: { 'x-api-key': 'K' } });
      expect(((await page.json()) as any).total).toBe(10_000);
      expect((await fetch(`${line}/health`)).status).toBe(401);
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = await exited;
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  }, 30_000);

  it('exits 1 with usage on a bad option', async () => {
    const child = spawn(
      process.execPath,
      ['--conditions=@mcpgw/source', '--import', 'tsx', 'apps/gateway-sim/src/cli.ts', '--servers', 'lots'],
      { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    const [code] = await once(child, 'exit');
    expect(code).toBe(1);
    expect(stderr).toMatch(/servers must be an integer/);
    expect(stderr).toMatch(/usage:/);
  }, 30_000);

  it('says "port in use" when the port is taken, without a stack', async () => {
    const taken = createServer();
    taken.listen(0, '127.0.0.1');
    await once(taken, 'listening');
    const { port } = taken.address() as AddressInfo;
    try {
      const child = spawn(
        process.execPath,
        ['--conditions=@mcpgw/source', '--import', 'tsx', 'apps/gateway-sim/src/cli.ts', '--port', String(port)],
        { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const [code] = await once(child, 'exit');
      expect(code).toBe(1);
      expect(stderr).toContain(`gateway-sim: port in use: 127.0.0.1:${port}`);
      expect(stderr).not.toMatch(/\n\s+at /);
    } finally {
      taken.close();
    }
  }, 30_000);
});
