import { runCli } from './run-cli.js';

// The client's timers (retry backoff, timeouts) are unref'd by design; without a handle of our own, a command
// waiting on a backoff would let the process exit early with code 0.
const keepAlive = setInterval(() => {}, 60_000);

runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env })
  .then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`mcpgw: MCPGW_UNEXPECTED: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  )
  .finally(() => clearInterval(keepAlive));
