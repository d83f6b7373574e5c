import { startGatewaySim } from '@mcpgw/gateway-sim';

// The simulator in a process of its own, so its work does not share the bench's event loop. Prints its URL.
const sim = await startGatewaySim({ port: 0, host: '127.0.0.1' });
process.stdout.write(`${sim.url}\n`);
process.on('SIGTERM', () => void sim.close().then(() => process.exit(0)));
