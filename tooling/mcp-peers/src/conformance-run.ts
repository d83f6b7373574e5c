import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runInLoopbackNamespace } from './loopback-namespace.js';

const require = createRequire(import.meta.url);
const conformanceBin = join(
  dirname(require.resolve('@modelcontextprotocol/conformance/package.json')),
  'dist/index.js',
);
const packageDir = fileURLToPath(new URL('..', import.meta.url));

/** The client scenarios the installed suite lists for a spec version (`conformance list --client`). */
export function listedClientScenarios(version: string): string[] {
  return execFileSync(process.execPath, [conformanceBin, 'list', '--client', '--spec-version', version], {
    encoding: 'utf8',
  })
    .split('\n')
    .map((line) => /^\s+- (\S+)/.exec(line)?.[1])
    .filter((name): name is string => name !== undefined);
}

/** One entry of the suite's results/<scenario>-<time>/checks.json. */
export interface ConformanceCheck {
  id: string;
  name: string;
  description: string;
  status: 'SUCCESS' | 'FAILURE' | 'WARNING' | 'INFO' | 'SKIPPED';
  errorMessage?: string;
  details?: unknown;
  specReferences?: Array<{ id: string; url?: string }>;
}

export interface ConformanceOutcome {
  /** The suite's exit code: 0 only with no failed check, no warning, and the driver exiting 0. */
  exitCode: number | null;
  timedOut: boolean;
  checks: ConformanceCheck[];
  /** What our driver printed (the suite captures it into the results directory). */
  driverStdout: string;
  driverStderr: string;
  /** What the suite itself printed, for a failure message. */
  suiteOutput: string;
}

/**
 * The driver as the suite runs it: `<command> <serverUrl>`. The suite splits the command on
 * spaces, so no part of it may hold one.
 */
export function driverCommand(client: 'mcpgw' | 'sdk' = 'mcpgw'): string {
  const parts = [
    process.execPath,
    '--conditions=@mcpgw/source',
    '--import',
    'tsx',
    join(packageDir, 'src/conformance-client.ts'),
  ];
  if (client !== 'mcpgw') parts.push(`--${client}`);
  const spaced = parts.find((part) => part.includes(' '));
  if (spaced !== undefined)
    throw new Error(`the conformance suite cannot run a command from a path with a space: ${spaced}`);
  return parts.join(' ');
}

/**
 * Runs one client scenario of the official conformance suite against our driver, in a loopback-only namespace (the
 * suite's mock servers listen on every interface), with its results directory in a temporary directory that is
 * removed afterwards.
 */
export async function runConformanceScenario(
  scenario: string,
  specVersion: string,
  options: {
    timeoutMs?: number;
    command?: string;
    /** Runs an extension scenario (not on the spec timeline, e.g. auth/client-credentials-basic) at this version. */
    force?: boolean;
  } = {},
): Promise<ConformanceOutcome> {
  const resultsDir = await mkdtemp(join(tmpdir(), 'mcpgw-conformance-'));
  const timeoutMs = options.timeoutMs ?? 30_000;
  try {
    const run = await runInLoopbackNamespace(
      process.execPath,
      [
        conformanceBin,
        'client',
        '--command',
        options.command ?? driverCommand(),
        '--scenario',
        scenario,
        '--spec-version',
        specVersion,
        '--output-dir',
        resultsDir,
        // The suite's own limit for the driver, below ours, so a hung driver is reported by the suite.
        '--timeout',
        String(Math.max(1_000, timeoutMs / 2)),
        ...(options.force === true ? ['--force'] : []),
      ],
      { cwd: packageDir, timeoutMs },
    );
    // An OAuth scenario's name has a slash (auth/metadata-default): its results are one directory further down.
    const checksFile = (await readdir(resultsDir, { recursive: true })).find((entry) => entry.endsWith('checks.json'));
    const resultDir = checksFile === undefined ? undefined : dirname(checksFile);
    const read = (file: string) =>
      resultDir === undefined
        ? Promise.resolve('')
        : readFile(join(resultsDir, resultDir, file), 'utf8').catch(() => '');
    const checksJson = await read('checks.json');
    return {
      exitCode: run.code,
      timedOut: run.timedOut,
      checks: checksJson === '' ? [] : (JSON.parse(checksJson) as ConformanceCheck[]),
      driverStdout: await read('stdout.txt'),
      driverStderr: await read('stderr.txt'),
      suiteOutput: `${run.stdout}\n${run.stderr}`,
    };
  } finally {
    await rm(resultsDir, { recursive: true, force: true });
  }
}

/** The checks that keep a scenario from passing, as the suite decides it: failures and warnings. */
export function failedChecks(checks: readonly ConformanceCheck[]): ConformanceCheck[] {
  return checks.filter((c) => c.status === 'FAILURE' || c.status === 'WARNING');
}

/** A failure message that shows each failed check, the spec it cites, and what the driver printed. */
export function describeFailure(outcome: ConformanceOutcome): string {
  const failed = failedChecks(outcome.checks).map(
    (c) =>
      `  ${c.status} ${c.id} (${c.name}): ${c.errorMessage ?? c.description}` +
      `${c.specReferences?.length ? ` [${c.specReferences.map((r) => r.url ?? r.id).join(', ')}]` : ''}` +
      `${c.details === undefined ? '' : `\n    details: ${JSON.stringify(c.details).slice(0, 1_500)}`}`,
  );
  return [
    `suite exit ${outcome.exitCode}${outcome.timedOut ? ' (timed out)' : ''}, ${outcome.checks.length} checks, ${failed.length} not passed`,
    ...failed,
    `driver stderr:\n${outcome.driverStderr.slice(-3_000)}`,
    outcome.checks.length === 0 ? `suite output:\n${outcome.suiteOutput.slice(-3_000)}` : '',
  ].join('\n');
}
