import { startOpaTestServer } from '@mcpgw/opa-test-server';

/** The scripted OPA test server in a process of its own (allows everything), for the authorize() scenarios. */
const server = await startOpaTestServer({ port: 0, mode: 'scripted', decide: () => ({ allow: true }) });
console.log(`opa-test-server listening on ${server.url}`);
const stop = () => {
  void server.close().then(() => process.exit(0));
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
