import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { assertLoopbackOnly } from './loopback-namespace.js';

const require = createRequire(import.meta.url);
const packageDir = dirname(require.resolve('@modelcontextprotocol/server-everything/package.json'));

export interface RunningServerEverything {
  /** The MCP endpoint, on 127.0.0.1. */
  readonly url: string;
  stop(): Promise<void>;
}

/**
 * Starts the reference `server-everything` over Streamable HTTP (the legacy, session era) in this process's network
 * namespace, which must be loopback-only: it listens on every interface. `GZIP_ALLOWED_DOMAINS=localhost` keeps its
 * `gzip-file-as-resource` tool from fetching anything but loopback (and the tests never call it). Resolves once the
 * server says it listens.
 */
export async function startServerEverything(port: number, readyTimeoutMs = 20_000): Promise<RunningServerEverything> {
  assertLoopbackOnly();
  const child: ChildProcess = spawn(process.execPath, [join(packageDir, 'dist/index.js'), 'streamableHttp'], {
    env: { ...process.env, PORT: String(port), GZIP_ALLOWED_DOMAINS: 'localhost' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`server-everything did not listen within ${readyTimeoutMs} ms:\n${output}`));
    }, readyTimeoutMs);
    const onData = (chunk: Buffer) => {
      if (output.length < 64 * 1024) output += chunk.toString('utf8');
      if (output.includes(`listening on port ${port}`)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server-everything exited (${code}) before listening:\n${output}`));
    });
  });
  // Its own log lines are of no use once it is up; keep the pipes drained so it never blocks on a full one.
  child.stdout!.resume();
  child.stderr!.resume();
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}
