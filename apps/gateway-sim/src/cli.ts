import { parseArgs } from 'node:util';
import { startGatewaySim } from './gateway-sim.js';

const usage =
  'usage: gateway-sim [--host H] [--port P] [--servers N] [--tools N] [--seed N] [--api-key K] [--latency-ms N] [--no-user-token]';

/** A problem with the command line or the environment, reported as one line without a stack. */
class CliProblem extends Error {}

function integer(values: Record<string, unknown>, name: string, min: number, max: number): number {
  const text = String(values[name]);
  const n = /^\d+$/.test(text) ? Number(text) : Number.NaN;
  if (!Number.isSafeInteger(n) || n < min || n > max) {
    throw new CliProblem(`--${name} must be an integer from ${min} to ${max}`);
  }
  return n;
}

/** The listen error in words a user acts on: which address, and what to change. */
function describeListenError(error: unknown, host: string, port: number): Error {
  const code = (error as { code?: unknown }).code;
  if (code === 'EADDRINUSE') {
    return new CliProblem(
      `port in use: ${host}:${port} is taken by another process; pick another --port (0 = any free one)`,
    );
  }
  if (code === 'EACCES') return new CliProblem(`no permission to listen on ${host}:${port}; use a port above 1023`);
  if (code === 'EADDRNOTAVAIL') return new CliProblem(`${host} is not an address of this machine (--host)`);
  return error instanceof Error ? error : new Error(String(error));
}

async function main(): Promise<void> {
  // `pnpm start -- --port 1` forwards the `--` separator; drop it so the options still parse.
  const args = process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === '--'));
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        host: { type: 'string', default: '127.0.0.1' },
        port: { type: 'string', default: '0' },
        servers: { type: 'string', default: '25' },
        tools: { type: 'string', default: '5' },
        seed: { type: 'string', default: '1' },
        'api-key': { type: 'string' },
        'latency-ms': { type: 'string', default: '0' },
        'no-user-token': { type: 'boolean', default: false },
        help: { type: 'boolean', default: false },
      },
    }));
  } catch (error) {
    throw new CliProblem((error as Error).message);
  }
  if (values.help) {
    console.log(usage);
    return;
  }
  const host = values.host as string;
  const port = integer(values, 'port', 0, 65_535);
  const sim = await startGatewaySim({
    host,
    port,
    servers: integer(values, 'servers', 0, 10_000_000),
    toolsPerServer: integer(values, 'tools', 0, 10_000),
    seed: integer(values, 'seed', 0, 2 ** 31 - 1),
    latencyMs: integer(values, 'latency-ms', 0, 600_000),
    requireUserToken: !values['no-user-token'],
    ...(typeof values['api-key'] === 'string' ? { apiKey: values['api-key'] } : {}),
  }).catch((error: unknown) => {
    throw describeListenError(error, host, port);
  });
  console.log(`gateway-sim listening on ${sim.url}`);
  const stop = () => {
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const problem = error instanceof CliProblem;
  console.error(`gateway-sim: ${(error as Error).message}${problem ? `\n${usage}` : ''}`);
  process.exit(1);
});
