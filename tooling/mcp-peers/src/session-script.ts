import { fileURLToPath } from 'node:url';
import { runInLoopbackNamespace } from './loopback-namespace.js';

const packageDir = fileURLToPath(new URL('..', import.meta.url));

/**
 * Runs one of this package's session scripts (`src/<name>.ts`) inside the loopback-only namespace and reads the JSON
 * report it prints last; a script that printed none, or reported `failed`, is an error with what it left behind.
 */
export async function runSessionScript<Report extends { requests: unknown }>(
  script: string,
  args: readonly string[],
): Promise<{ report: Report; stderr: string }> {
  const result = await runInLoopbackNamespace(
    process.execPath,
    ['--conditions=@mcpgw/source', '--import', 'tsx', `src/${script}.ts`, ...args],
    { cwd: packageDir, timeoutMs: 120_000 },
  );
  const last = result.stdout.trim().split('\n').at(-1) ?? '';
  let report: Report & { failed?: string };
  try {
    report = JSON.parse(last);
  } catch {
    throw new Error(`no report (exit ${result.code}, timed out: ${result.timedOut}):\n${result.stderr}`);
  }
  if (report.failed !== undefined) {
    throw new Error(`the session failed: ${report.failed}\nrequests: ${JSON.stringify(report.requests, null, 1)}`);
  }
  return { report, stderr: result.stderr };
}
