import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { repoRoot, sourceExecArgv } from './repo-root.js';
import { readListeningUrl, stopChild } from './sim-process.js';

export interface OpaProcess {
  readonly url: string;
  close(): Promise<void>;
}

export async function startOpaProcess(): Promise<OpaProcess> {
  const entry = fileURLToPath(new URL('./opa-process-entry.ts', import.meta.url));
  const child = spawn(process.execPath, [...sourceExecArgv, entry], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const url = await readListeningUrl(child, /opa-test-server listening on (http:\/\/\S+)/, 'opa-test-server');
  return { url, close: () => stopChild(child) };
}
