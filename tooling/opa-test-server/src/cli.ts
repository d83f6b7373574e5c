// Usage: node --conditions=@mcpgw/source --import tsx src/cli.ts --port 8181 --mode rego --policy file.rego
//        [--data config.json] [--latency-ms 5]
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startOpaTestServer } from './opa-test-server.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8181' },
    mode: { type: 'string', default: 'rego' },
    policy: { type: 'string' },
    data: { type: 'string' },
    'latency-ms': { type: 'string', default: '0' },
  },
});
const mode = values.mode === 'scripted' ? 'scripted' : 'rego';
const server = await startOpaTestServer({
  port: Number(values.port),
  mode,
  policy: values.policy === undefined ? undefined : readFileSync(values.policy, 'utf8'),
  data:
    values.data === undefined ? undefined : (JSON.parse(readFileSync(values.data, 'utf8')) as Record<string, unknown>),
  latencyMs: Number(values['latency-ms']),
});
process.stdout.write(`opa-test-server (${mode}) listening on ${server.url}\n`);
const stop = () => void server.close().then(() => process.exit(0));
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
