import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface SimulatorProcess {
  readonly url: string;
  close(): Promise<void>;
}

const startTimeoutMs = 15_000;
const stopTimeoutMs = 5_000;

// gateway-sim's command sits beside its entry point (dist/cli.js, or src/cli.ts when run from sources).
function simulatorCommand(): string {
  const entry = fileURLToPath(import.meta.resolve('@mcpgw/gateway-sim'));
  return join(dirname(entry), basename(entry).replace(/^index/, 'cli'));
}

async function waitForUrl(child: ChildProcess): Promise<string> {
  let out = '';
  let err = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    err = (err + chunk.toString()).slice(-2_000);
  });
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the gateway simulator did not start in 15 s')), startTimeoutMs);
    child.stdout?.on('data', (chunk: Buffer) => {
      out = (out + chunk.toString()).slice(-2_000);
      const url = /gateway-sim listening on (http:\/\/\S+)/.exec(out)?.[1];
      if (url !== undefined) {
        clearTimeout(timer);
        resolve(url);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the gateway simulator exited (${code}) before listening: ${err.trim()}`));
    });
  });
}

/**
 * A gateway simulator in a process of its own, on loopback: the load generator and the gateway must not share
 * one event loop, or each would slow the other and the figures would describe neither.
 */
export async function startSimulatorProcess(): Promise<SimulatorProcess> {
  const child = spawn(
    process.execPath,
    [...process.execArgv, simulatorCommand(), '--host', '127.0.0.1', '--port', '0', '--no-user-token'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  try {
    const url = await waitForUrl(child);
    return {
      url,
      async close() {
        if (child.exitCode !== null) return;
        const exited = once(child, 'exit');
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
        await exited;
        clearTimeout(timer);
      },
    };
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
}
