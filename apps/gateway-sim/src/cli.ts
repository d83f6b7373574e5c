#!/usr/bin/env node
import { parseArgs } from 'node:util';
import { startGatewaySim } from './gateway-sim.js';

const usage =
  'usage: gateway-sim [--host H] [--port P] [--servers N] [--tools N] [--seed N] [--api-key K] [--latency-ms N] [--no-user-token]';

async function main(): Promise<void> {
  // `pnpm start -- --port 1` forwards the `--` separator; drop it so the options still parse.
  const args = process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === '--'));
  const { values } = parseArgs({
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
  });
  if (values.help) {
    console.log(usage);
    return;
  }
  const sim = await startGatewaySim({
    host: values.host,
    port: Number(values.port),
    servers: Number(values.servers),
    toolsPerServer: Number(values.tools),
    seed: Number(values.seed),
    latencyMs: Number(values['latency-ms']),
    requireUserToken: !values['no-user-token'],
    ...(values['api-key'] === undefined ? {} : { apiKey: values['api-key'] }),
  });
  console.log(`gateway-sim listening on ${sim.url}`);
  const stop = () => {
    void sim.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`gateway-sim: ${(error as Error).message}\n${usage}`);
  process.exit(1);
});
