import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ClientClosedError, InvalidRequestError } from '@mcpgw/core';
import { startGatewaySim } from '@mcpgw/gateway-sim';
import { describe, expect, inject, test } from 'vitest';
import { createGatewayClient } from '../src/index.js';

const until = async (condition: () => boolean) => {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 5));
};

describe('close()', () => {
  test('200 calls in flight: all settle, new calls get ClientClosedError', async () => {
    await using sim = await startGatewaySim({ apiKey: 'k', latencyMs: 50 });
    const client = createGatewayClient({ baseUrl: sim.url, apiKey: 'k', name: 'close-load', logger: false });
    const calls = Array.from({ length: 200 }, (_, i) =>
      client.invokeTool({ server: 'postgres-mcp', tool: 'list_tables', parameters: { i }, user: 'u' }),
    );
    await until(() => client.stats().inFlight === 200);
    const closing = client.close();
    expect(client.liveness()).toEqual({ status: 'unhealthy', state: 'draining', inFlight: 200 });
    await expect(client.listServers()).rejects.toBeInstanceOf(ClientClosedError);
    await expect(client.invokeTool({ server: 'postgres-mcp', tool: 'x', user: 'u' })).rejects.toBeInstanceOf(
      ClientClosedError,
    );
    const settled = await Promise.allSettled(calls);
    await closing;
    expect(settled.filter((s) => s.status === 'fulfilled')).toHaveLength(200);
    expect(sim.invocations.filter((i) => i.executed)).toHaveLength(200);
    expect(client.liveness()).toEqual({ status: 'unhealthy', state: 'closed', inFlight: 0 });
    expect((await client.health()).checks.client?.status).toBe('unhealthy');
  });

  test('calls still running at the drain deadline are aborted with ClientClosedError', async () => {
    await using sim = await startGatewaySim();
    sim.script('listServers', [{ fault: 'hang' }, { fault: 'hang' }]);
    const client = createGatewayClient({
      baseUrl: sim.url,
      name: 'close-deadline',
      logger: false,
      cache: false,
      timeouts: { attemptMs: 60_000, totalMs: false },
    });
    const signal = new AbortController().signal;
    const hanging = [client.listServers(), client.listServers({ signal })].map((call) =>
      call.catch((error: unknown) => error),
    );
    await until(() => sim.counts.listServers === 2);
    await client.close({ drainTimeoutMs: 50 });
    for (const error of await Promise.all(hanging)) {
      expect(error).toBeInstanceOf(ClientClosedError);
      expect((error as ClientClosedError).mayHaveReachedServer).toBe(true);
    }
  });

  test('close is idempotent, awaitable through Symbol.asyncDispose, and checks its option', async () => {
    const client = createGatewayClient({ baseUrl: 'http://127.0.0.1:9', name: 'close-twice', logger: false });
    await expect(client.close({ drainTimeoutMs: -1 })).rejects.toBeInstanceOf(InvalidRequestError);
    expect(client.liveness().state).toBe('open');
    const first = client.close();
    expect(client.close()).toBe(first);
    await first;
    {
      await using disposable = createGatewayClient({ baseUrl: 'http://127.0.0.1:9', name: 'dispose', logger: false });
      expect(disposable.liveness().status).toBe('healthy');
    }
  });

  test('a script with 200 calls in flight that closes its client exits on its own', async () => {
    const fixture = fileURLToPath(new URL('./fixtures/close-under-load.ts', import.meta.url));
    const child = spawn(process.execPath, ['--conditions=@mcpgw/source', '--import', 'tsx', fixture], {
      env: { ...process.env, MCPGW_REDIS_URL: inject('redisUrl') },
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
    const code = await new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      child.once('exit', (exitCode) => {
        clearTimeout(timer);
        resolve(exitCode);
      });
    });
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(JSON.parse(stdout)).toEqual({ settled: 200, ok: 200, late: 'closed' });
  }, 90_000);
});
