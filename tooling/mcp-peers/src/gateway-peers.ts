import { type ChildProcess, spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { connect } from 'node:net';
import { dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { assertLoopbackOnly } from './loopback-namespace.js';

const require = createRequire(import.meta.url);
const binOf = (name: string, bin: string) => join(dirname(require.resolve(`${name}/package.json`)), bin);
const everythingStdio = [binOf('@modelcontextprotocol/server-everything', 'dist/index.js'), 'stdio'];

/** Third-party MCP gateways put in front of server-everything (stdio), each as its own command line. */
export const gatewayPeers = {
  // `--host 127.0.0.1` always (its default is `::`); never its tunnel option, which publishes the proxy on a public host.
  'mcp-proxy': (port: number) => [
    binOf('mcp-proxy', 'dist/bin/mcp-proxy.mjs'),
    ...['--host', '127.0.0.1', '--port', String(port), '--server', 'stream', '--'],
    process.execPath,
    ...everythingStdio,
  ],
  'mcp-proxy-stateless': (port: number) => [
    binOf('mcp-proxy', 'dist/bin/mcp-proxy.mjs'),
    ...['--host', '127.0.0.1', '--port', String(port), '--server', 'stream', '--stateless', '--'],
    process.execPath,
    ...everythingStdio,
  ],
  // supergateway has no host option and binds every interface: only the namespace keeps it on loopback.
  'supergateway-stateful': (port: number) => [
    binOf('supergateway', 'dist/index.js'),
    ...['--stdio', `${process.execPath} ${everythingStdio.join(' ')}`, '--outputTransport', 'streamableHttp'],
    ...['--stateful', '--port', String(port), '--logLevel', 'none'],
  ],
  // Stateless: one server-everything child per request, a real slow peer.
  'supergateway-stateless': (port: number) => [
    binOf('supergateway', 'dist/index.js'),
    ...['--stdio', `${process.execPath} ${everythingStdio.join(' ')}`, '--outputTransport', 'streamableHttp'],
    ...['--port', String(port), '--logLevel', 'none'],
  ],
} as const satisfies Record<string, (port: number) => string[]>;

export type GatewayPeerName = keyof typeof gatewayPeers;

export interface RunningGatewayPeer {
  /** The gateway's MCP endpoint on 127.0.0.1. */
  readonly url: string;
  /** The gateway's own output (bounded), for a failure message. */
  output(): string;
  stop(): Promise<void>;
}

async function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts a gateway of `gatewayPeers` in this loopback-only namespace and resolves once its port accepts connections
 * (the gateways print different things, and some print before they listen).
 */
export async function startGatewayPeer(
  name: GatewayPeerName,
  port: number,
  readyTimeoutMs = 30_000,
): Promise<RunningGatewayPeer> {
  assertLoopbackOnly();
  const [script, ...args] = gatewayPeers[name](port);
  const child: ChildProcess = spawn(process.execPath, [script!, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    if (output.length < 64 * 1024) output += chunk.toString('utf8');
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const deadline = Date.now() + readyTimeoutMs;
  // Bounded by the deadline: one connect attempt every 100 ms.
  while (!(await accepts(port))) {
    if (child.exitCode !== null) throw new Error(`${name} exited (${child.exitCode}) before listening:\n${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`${name} did not listen on ${port} within ${readyTimeoutMs} ms:\n${output}`);
    }
    await delay(100);
  }
  return {
    url: `http://127.0.0.1:${port}/mcp`,
    output: () => output,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}
