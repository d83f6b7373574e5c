import { runCli } from './run-cli.js';

runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, env: process.env }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`mcpgw: MCPGW_UNEXPECTED: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
