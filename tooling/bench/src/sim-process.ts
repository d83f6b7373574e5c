import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { request } from 'undici';
import { repoRoot, sourceExecArgv } from './repo-root.js';

export interface SimProcess {
  readonly url: string;
  /** POSTs (with a body) or GETs (without) one `/__admin/...` call and returns its JSON answer. */
  admin(path: string, body?: unknown): Promise<unknown>;
  close(): Promise<void>;
}

export interface SimProcessOptions {
  servers: number;
  tools: number;
}

const STARTUP_TIMEOUT_MS = 30_000;

/** gateway-sim in a process of its own, so the client under test never shares its event loop with the server. */
export async function startSimProcess(options: SimProcessOptions): Promise<SimProcess> {
  const cli = join(repoRoot, 'apps', 'gateway-sim', 'src', 'cli.ts');
  const args = [
    ...sourceExecArgv,
    cli,
    '--port',
    '0',
    '--servers',
    String(options.servers),
    '--tools',
    String(options.tools),
    '--no-user-token',
  ];
  const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await readListeningUrl(child, /gateway-sim listening on (http:\/\/\S+)/, 'gateway-sim');
  return {
    url,
    async admin(path, body) {
      const response = await request(`${url}/__admin/${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: { 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      const json = await response.body.json();
      if (response.statusCode >= 400)
        throw new Error(`gateway-sim admin ${path}: ${response.statusCode} ${JSON.stringify(json)}`);
      return json;
    },
    close: () => stopChild(child),
  };
}

/** Waits for the line a server prints once it listens, and returns the URL in it. */
export function readListeningUrl(child: ChildProcess, pattern: RegExp, name: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4_000);
    });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${name} did not start within ${STARTUP_TIMEOUT_MS} ms\n${stderr}`));
    }, STARTUP_TIMEOUT_MS);
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const match = pattern.exec(line);
      if (match === null) return;
      clearTimeout(timer);
      lines.close();
      resolve(match[1]!);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} exited with code ${code} before listening\n${stderr}`));
    });
  });
}

export function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
