import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ChildLoadResult, ChildLoadTask } from './child-load.js';
import { repoRoot, sourceExecArgv } from './repo-root.js';

const childEntry = fileURLToPath(new URL('./child-load.ts', import.meta.url));

/** Runs `child-load.ts` in a fresh Node process with extra flags and returns what it reported. */
export function runChild(
  task: ChildLoadTask,
  nodeFlags: readonly string[],
  timeoutMs: number,
): Promise<ChildLoadResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeFlags, ...sourceExecArgv, childEntry, JSON.stringify(task)], {
      cwd: repoRoot,
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let result: ChildLoadResult | undefined;
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('message', (message) => {
      result = message as ChildLoadResult;
    });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (result !== undefined && code === 0) resolve(result);
      else reject(new Error(`bench child (${task.mode}) ended with ${signal ?? `code ${code}`} and no result`));
    });
  });
}
