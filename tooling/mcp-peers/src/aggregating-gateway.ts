import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { assertLoopbackOnly } from './loopback-namespace.js';

const require = createRequire(import.meta.url);
const binOf = (name: string, bin: string) => join(dirname(require.resolve(`${name}/package.json`)), bin);
const everythingStdio = [binOf('@modelcontextprotocol/server-everything', 'dist/index.js'), 'stdio'];

/**
 * The servers behind the hub: two server-everything instances over stdio. mcp-hub names each tool
 * `<server>__<tool>`, so the same tool of each shows twice, once per prefix.
 */
export const hubServers = ['alpha', 'beta'] as const;

export interface RunningAggregatingGateway {
  /** The Streamable HTTP endpoint in front of the hub, on 127.0.0.1. */
  readonly url: string;
  /** What the hub said of its servers once it was ready (GET /api/health). */
  readonly hubHealth: { state: string; servers: Array<{ name: string; status: string; tools: number }> };
  /** The hub's and the front gateway's own output (bounded), for a failure message. */
  output(): string;
  stop(): Promise<void>;
}

interface Started {
  child: ChildProcess;
  output: () => string;
}

// Each in a process group of its own, so that stop() ends what it spawned too (the hub's servers, the bridge).
function startDetached(args: string[], env: NodeJS.ProcessEnv): Started {
  const child = spawn(process.execPath, args, { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = (chunk: Buffer) => {
    if (output.length < 64 * 1024) output += chunk.toString('utf8');
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return { child, output: () => output };
}

// The whole group, even when its leader is gone: the hub's servers and the bridge outlive a killed parent.
async function killGroup(child: ChildProcess): Promise<void> {
  const exited =
    child.exitCode !== null || child.signalCode !== null
      ? Promise.resolve()
      : new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
  } catch {
    // ESRCH: nothing of the group is left.
  }
  await exited;
}

async function hubHealth(port: number): Promise<RunningAggregatingGateway['hubHealth'] | undefined> {
  try {
    const answer = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(2_000) });
    const body = (await answer.json()) as {
      state?: string;
      servers?: Array<{ name: string; status: string; capabilities?: { tools?: unknown[] } }>;
    };
    return {
      state: String(body.state),
      servers: (body.servers ?? []).map((s) => ({
        name: s.name,
        status: s.status,
        tools: s.capabilities?.tools?.length ?? 0,
      })),
    };
  } catch {
    return undefined;
  }
}

async function accepts(url: string): Promise<boolean> {
  try {
    // Any HTTP answer will do (a GET without a session is refused): the port is open.
    await fetch(url, { signal: AbortSignal.timeout(2_000) }).then((r) => r.body?.cancel());
    return true;
  } catch {
    return false;
  }
}

/**
 * Starts `mcp-hub` (which aggregates the `hubServers`) in this loopback-only namespace, and `supergateway` in front
 * of it: mcp-hub 4.2.1 serves MCP only on the deprecated HTTP+SSE transport (GET /mcp, POST /messages), so a
 * stateful supergateway serves Streamable HTTP on `port` and spawns a second supergateway that bridges stdio to the
 * hub's SSE endpoint. The hub binds every interface and fetches its marketplace registry from the internet at start
 * (here it fails at once, no route, and goes on with an empty catalog); its state and logs go to a temporary HOME.
 * Ready once the hub reports every server connected: its port opens before its servers are up, and a listing then
 * would be partial.
 */
export async function startAggregatingGateway(
  port: number,
  hubPort: number,
  readyTimeoutMs = 30_000,
): Promise<RunningAggregatingGateway> {
  assertLoopbackOnly();
  const home = await mkdtemp(join(tmpdir(), 'mcp-hub-'));
  const config = join(home, 'servers.json');
  const mcpServers = Object.fromEntries(
    hubServers.map((name) => [name, { command: process.execPath, args: everythingStdio }]),
  );
  await writeFile(config, JSON.stringify({ mcpServers }));
  const env = { ...process.env, HOME: home, XDG_STATE_HOME: join(home, 'state'), XDG_DATA_HOME: join(home, 'data') };
  const hub = startDetached([binOf('mcp-hub', 'dist/cli.js'), '--port', String(hubPort), '--config', config], env);
  const started: Started[] = [hub];
  const output = () => started.map((s) => s.output()).join('\n');
  const stop = async () => {
    await Promise.all(started.map((s) => killGroup(s.child)));
    await rm(home, { recursive: true, force: true });
  };
  const deadline = Date.now() + readyTimeoutMs;
  try {
    // Bounded by the deadline: one look every 200 ms.
    let health = await hubHealth(hubPort);
    while (
      health?.state !== 'ready' ||
      health.servers.length !== hubServers.length ||
      health.servers.some((s) => s.status !== 'connected')
    ) {
      if (hub.child.exitCode !== null) throw new Error(`mcp-hub exited (${hub.child.exitCode}) before it was ready`);
      if (Date.now() > deadline) throw new Error(`mcp-hub was not ready within ${readyTimeoutMs} ms`);
      await delay(200);
      health = await hubHealth(hubPort);
    }
    const bridge = `${process.execPath} ${binOf('supergateway', 'dist/index.js')} --sse http://127.0.0.1:${hubPort}/mcp --logLevel none`;
    const front = startDetached(
      [
        binOf('supergateway', 'dist/index.js'),
        ...['--stdio', bridge, '--outputTransport', 'streamableHttp', '--stateful'],
        ...['--port', String(port), '--logLevel', 'none'],
      ],
      env,
    );
    started.push(front);
    const url = `http://127.0.0.1:${port}/mcp`;
    while (!(await accepts(url))) {
      if (front.child.exitCode !== null) throw new Error(`supergateway exited (${front.child.exitCode})`);
      if (Date.now() > deadline) throw new Error(`supergateway did not listen on ${port} within ${readyTimeoutMs} ms`);
      await delay(100);
    }
    return { url, hubHealth: health, output, stop };
  } catch (error) {
    const message = `${(error as Error).message}:\n${output()}`;
    await stop();
    throw new Error(message);
  }
}
