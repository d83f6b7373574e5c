import { createServer, request as httpRequest, type Server } from 'node:http';
import { type AddressInfo, connect } from 'node:net';
import { type GatewaySim, startGatewaySim } from '@mcpgw/gateway-sim';
import { Agent, EnvHttpProxyAgent, MockAgent, ProxyAgent } from 'undici';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  buildRequest,
  ConnectError,
  createTransport,
  type GatewayRequest,
  ResponseTooLargeError,
  type Transport,
} from '../src/index.js';

/** A tiny forward proxy on loopback: CONNECT tunnels and absolute-form requests, each one counted. */
interface LoopbackProxy {
  readonly url: string;
  readonly seen: string[];
  close(): Promise<void>;
}

async function startLoopbackProxy(): Promise<LoopbackProxy> {
  const seen: string[] = [];
  const server: Server = createServer((incoming, outgoing) => {
    seen.push(`${incoming.method} ${incoming.url}`);
    const target = new URL(incoming.url ?? '');
    const forwarded = httpRequest(
      { host: target.hostname, port: target.port, method: incoming.method, path: target.pathname + target.search },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(outgoing);
      },
    );
    forwarded.on('error', () => outgoing.destroy());
    incoming.pipe(forwarded);
  });
  server.on('connect', (incoming, socket, head) => {
    seen.push(`CONNECT ${incoming.url}`);
    const [host, port] = (incoming.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', () => socket.destroy());
    socket.on('error', () => upstream.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let sim: GatewaySim;
let proxy: LoopbackProxy;
const transports: Transport[] = [];
const owned: Array<{ close(): Promise<void> }> = [];
function transport(options: Parameters<typeof createTransport>[0]): Transport {
  const t = createTransport(options);
  transports.push(t);
  return t;
}
function listServers(fields: Partial<GatewayRequest> = {}): GatewayRequest {
  return buildRequest({ origin: sim.url, path: '/api/v1/servers', operation: 'listServers', ...fields });
}
/** EnvHttpProxyAgent reads the variables again on each request, so they are set for the whole call. */
async function withEnv<T>(env: Record<string, string>, run: () => Promise<T>): Promise<T> {
  const names = ['HTTP_PROXY', 'HTTPS_PROXY', 'NO_PROXY', 'http_proxy', 'https_proxy', 'no_proxy'];
  const saved = Object.fromEntries(names.map((name) => [name, process.env[name]]));
  for (const name of names) delete process.env[name];
  Object.assign(process.env, env);
  try {
    return await run();
  } finally {
    for (const name of names) {
      if (saved[name] === undefined) delete process.env[name];
      else process.env[name] = saved[name];
    }
  }
}

beforeAll(async () => {
  sim = await startGatewaySim({ port: 0, servers: 30 });
  proxy = await startLoopbackProxy();
});
afterEach(async () => {
  sim.reset();
  proxy.seen.length = 0;
  await Promise.all(transports.splice(0).map((t) => t.close()));
  await Promise.all(owned.splice(0).map((d) => d.close()));
});
afterAll(async () => {
  await proxy.close();
  await sim.close();
});

describe('transport with a dispatcher of the user', () => {
  test('goes through a ProxyAgent to the gateway, and close() leaves the dispatcher open', async () => {
    const agent = new ProxyAgent(proxy.url);
    owned.push(agent);
    const t = transport({ dispatcher: agent });
    const response = await t(listServers({ query: { limit: 3 } }));
    expect(response.status).toBe(200);
    expect((response.body as { servers: unknown[] }).servers).toHaveLength(3);
    expect(proxy.seen).toHaveLength(1);
    expect(proxy.seen[0]).toContain(new URL(sim.url).host);
    expect(t.stats()).toEqual([]);
    await t.close();
    expect(agent.closed).toBe(false);
    expect((await createTransport({ dispatcher: agent })(listServers())).status).toBe(200);
  });

  test('EnvHttpProxyAgent honours HTTP_PROXY, and NO_PROXY sends loopback directly', async () => {
    const proxied = await withEnv({ HTTP_PROXY: proxy.url }, async () => {
      const agent = new EnvHttpProxyAgent();
      owned.push(agent);
      return transport({ dispatcher: agent })(listServers());
    });
    expect(proxied.status).toBe(200);
    expect(proxy.seen).toHaveLength(1);

    const direct = await withEnv({ HTTP_PROXY: proxy.url, NO_PROXY: '127.0.0.1' }, async () => {
      const agent = new EnvHttpProxyAgent();
      owned.push(agent);
      return transport({ dispatcher: agent })(listServers());
    });
    expect(direct.status).toBe(200);
    expect(proxy.seen).toHaveLength(1);
    expect(sim.requests.filter((r) => r.route === 'listServers')).toHaveLength(2);
  });

  test('the response size bound and the attempt timeout still hold through the dispatcher', async () => {
    const agent = new Agent();
    owned.push(agent);
    const small = transport({ dispatcher: agent, maxResponseBytes: 100 });
    await expect(small(listServers({ query: { limit: 20 } }))).rejects.toBeInstanceOf(ResponseTooLargeError);

    sim.script('listServers', [{ fault: 'hang' }]);
    const bounded = transport({ dispatcher: agent, attemptTimeoutMs: 50 });
    await expect(bounded(listServers())).rejects.toMatchObject({ code: 'MCPGW_TIMEOUT', phase: 'attempt' });
    // The dispatcher is still usable after the timed-out attempt (without the 50 ms bound: a loaded machine can be slower).
    await expect(transport({ dispatcher: agent })(listServers())).resolves.toMatchObject({ status: 200 });
  });

  test('a MockAgent answers without any network', async () => {
    const mock = new MockAgent();
    mock.disableNetConnect();
    owned.push(mock);
    mock
      .get('http://gateway.test')
      .intercept({ path: '/api/v1/servers', method: 'GET' })
      .reply(
        200,
        { servers: [{ server_name: 'mocked' }], total: 1 },
        { headers: { 'content-type': 'application/json' } },
      );
    const t = transport({ dispatcher: mock });
    const response = await t(buildRequest({ origin: 'http://gateway.test', path: '/api/v1/servers' }));
    expect(response.body).toEqual({ servers: [{ server_name: 'mocked' }], total: 1 });
    // Not intercepted, and the network is off: a connect failure, never a request that went out.
    await expect(t(buildRequest({ origin: 'http://gateway.test', path: '/health' }))).rejects.toBeInstanceOf(
      ConnectError,
    );
  });
});
