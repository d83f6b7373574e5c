import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The command as package.json's `bin` names it; it runs the build in dist/ (see build-cli.ts). */
export const bin = join(dirname(fileURLToPath(import.meta.url)), '..', 'bin', 'mcpgw.mjs');

export const cliPackage = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  version: string;
};

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** The environment of the test process without MCPGW_* variables, so that a developer's shell cannot leak in. */
export function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('MCPGW_')) env[k] = v;
  return { ...env, ...extra };
}

/** Runs `mcpgw ...args` as a child process, the way a user does, and returns its exit code and output. */
export function runMcpgw(args: readonly string[], env: Record<string, string> = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [bin, ...args],
      { env: cleanEnv(env), timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error !== null && typeof error.code !== 'number') {
          reject(error);
          return;
        }
        resolve({ code: error === null ? 0 : (error.code as number), stdout, stderr });
      },
    );
  });
}

/** Starts `mcpgw ...args` as a long-running child process. */
export function spawnMcpgw(args: readonly string[], env: Record<string, string> = {}): ChildProcess {
  return spawn(process.execPath, [bin, ...args], { env: cleanEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
}
