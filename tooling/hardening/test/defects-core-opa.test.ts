import type { AddressInfo } from 'node:net';
import { createServer, type Server, type Socket } from 'node:net';
import {
  attemptTimeout,
  compose,
  createTransport,
  deadline,
  GatewayClient,
  type GatewayRequest,
  HttpError,
  InvalidRequestError,
  JsonBody,
  ResponseFormatError,
  ResponseTooLargeError,
  ServerError,
  TimeoutError,
  type Transport,
} from '@mcpgw/core';
import { UNWAITABLE_MS } from '@mcpgw/core/kit';
import { type GatewaySim, startGatewaySim } from '@mcpgw/gateway-sim';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';

// Issue 12, core half: one regression test per defect, through the public API over real loopback HTTP. Each
// failed before its fix (see the report of this change for the commit they were run against).

let sim: GatewaySim;
const open: Array<{ close(): Promise<void> | void }> = [];

beforeAll(async () => {
  sim = await startGatewaySim({ port: 0, requireUserToken: false, servers: 50 });
});
afterEach(async () => {
  for (const item of open.splice(0).reverse()) await item.close();
  sim.reset();
});
afterAll(async () => {
  await sim.close();
});

function transport(options: Parameters<typeof createTransport>[0] = {}): Transport {
  const t = createTransport(options);
  open.push({ close: () => t.destroy() });
  return t;
}

function clientOf(baseUrl: string, options: Partial<ConstructorParameters<typeof GatewayClient>[0]> = {}) {
  return new GatewayClient({ baseUrl, handler: transport(), ...options });
}

/**
 * A raw TCP peer on loopback that answers every request with `answer(requestText)` and counts requests. An HTTP
 * library would refuse to send most of these answers.
 */
async function rawPeer(answer: (request: string, count: number) => string | Buffer): Promise<{
  url: string;
  readonly requests: number;
}> {
  let requests = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    let buffered = '';
    socket.on('data', (chunk) => {
      buffered += chunk.toString('latin1');
      const end = buffered.indexOf('\r\n\r\n');
      if (end < 0) return;
      const length = Number(/content-length: *(\d+)/i.exec(buffered.slice(0, end))?.[1] ?? 0);
      if (buffered.length < end + 4 + length) return;
      const request = buffered.slice(0, end + 4 + length);
      buffered = buffered.slice(end + 4 + length);
      requests++;
      socket.write(answer(request, requests));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  open.push({
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  });
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get requests() {
      return requests;
    },
  };
}

function json(status: string, body: unknown, headers = ''): string {
  const text = JSON.stringify(body);
  return `HTTP/1.1 ${status}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(text)}\r\n${headers}\r\n${text}`;
}

function serverInfo(i: number) {
  return {
    server_id: `s-${i}`,
    server_name: `server-${i}`,
    server_url: 'http://127.0.0.1/x',
    health_status: 'healthy',
    tools_count: 0,
  };
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

function nested(depth: number): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  let node = root;
  for (let i = 0; i < depth; i++) {
    const child: Record<string, unknown> = {};
    node.a = child;
    node = child;
  }
  return root;
}

describe('issue 12 #1: nothing a gateway sends sizes an allocation before the bounds are checked', () => {
  test.each([
    ['total: 1e12 (once a fatal "invalid size" crash)', 1e12, {}, 'maxItems'],
    ['total: 5e7 (once 630 MiB and a 1.4 s stall)', 5e7, {}, 'maxItems'],
    ['total: 1e12 with maxItems raised past it', 1e12, { maxItems: 1e13 }, 'maxPages'],
  ])('%s fails at once with ResponseTooLargeError after one page', async (_name, total, pagination, limit) => {
    const peer = await rawPeer(() =>
      json('200 OK', { servers: Array.from({ length: 100 }, (_, i) => serverInfo(i)), total }),
    );
    const client = clientOf(peer.url, { pagination });
    const error = await rejection(client.listAllServers());
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect((error as ResponseTooLargeError).limit).toBe(limit);
    expect(peer.requests).toBe(1);
  });

  test('a first page promising more items than maxItems fails at once, also without prefetch', async () => {
    const peer = await rawPeer(() => json('200 OK', { servers: [serverInfo(1)], total: 10_000, next_offset: 7 }));
    const client = clientOf(peer.url, { pagination: { maxItems: 1_000 } });
    const error = await rejection(client.listAllServers());
    expect((error as ResponseTooLargeError).limit).toBe('maxItems');
    expect(peer.requests).toBe(1);
  });
});

describe('issue 12 #3: the body is serialised once; every attempt sends what was built', () => {
  test('a caller changing its parameters between attempts does not change what the gateway gets', async () => {
    const parameters: Record<string, unknown> = { query: 'SELECT 1', path: '/ok' };
    let attempts = 0;
    // A layer that sends the request twice (as a keyed retry after a 503 does), with the caller's object
    // changed in the backoff between the two attempts.
    const twice = (next: (r: GatewayRequest) => Promise<never>) => async (request: GatewayRequest) => {
      attempts++;
      await next(request).catch(() => undefined);
      parameters.path = '/etc/shadow';
      return next({ ...request, attempt: 2 });
    };
    const client = new GatewayClient({ baseUrl: sim.url, handler: compose(twice as never)(transport()) });
    sim.script('invoke', [{ status: 503 }]);
    await client.invokeTool({ server: 'postgres-mcp', tool: 'execute_query', parameters, idempotencyKey: 'k-1' });
    expect(attempts).toBe(1);
    expect(sim.invocations.map((i) => [i.parameters.path, i.executed])).toEqual([
      ['/ok', false],
      ['/ok', true],
    ]);
    const bodies = sim.requests.filter((r) => r.rawUrl === '/api/v1/invoke').map((r) => r.body);
    expect(bodies).toHaveLength(2);
    expect(bodies[1]).toBe(bodies[0]);
  });

  test('toJSON values (URL objects) are sent and seen exactly as JSON.stringify makes them', async () => {
    let seen: unknown;
    const peek = (next: (r: GatewayRequest) => Promise<unknown>) => async (request: GatewayRequest) => {
      seen = request.body?.value;
      return next(request);
    };
    const client = new GatewayClient({ baseUrl: sim.url, handler: compose(peek as never)(transport()) });
    await client.invokeTool({
      server: 'postgres-mcp',
      tool: 'execute_query',
      parameters: { url: new URL('https://evil.example/steal') },
    });
    expect(seen).toEqual({
      server: 'postgres-mcp',
      tool: 'execute_query',
      parameters: { url: 'https://evil.example/steal' },
    });
    expect(Object.isFrozen((seen as { parameters: object }).parameters)).toBe(true);
    expect(sim.invocations[0]?.parameters).toEqual({ url: 'https://evil.example/steal' });
  });
});

describe('issue 12 #5 (core half): parameters nested 3,000 deep', () => {
  test('are an InvalidRequestError before anything is sent, never a RangeError', async () => {
    const client = clientOf(sim.url);
    for (const depth of [3_000, 200_000]) {
      const error = await rejection(
        client.invokeTool({ server: 'postgres-mcp', tool: 'execute_query', parameters: nested(depth) }),
      );
      expect(error).toBeInstanceOf(InvalidRequestError);
      expect((error as InvalidRequestError).field).toBe('parameters');
    }
    expect(sim.counts.total).toBe(0);
  });
});

describe('issue 12 #4: secrets echoed by the gateway never reach an error', () => {
  const apiKey = 'sk-live-4f1c9e7a2b';
  const userToken = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1In0.c2lnbmF0dXJl';
  const password = 'hunter2-correct-horse';

  test.each([
    ['a 401 quoting the API key', 401, { error: { message: `invalid API key ${apiKey}` } }],
    ['a 401 quoting the user token, JSON-escaped', 401, { detail: `bad token "${userToken}"` }],
    ['a 422 quoting a parameter value', 422, { detail: [{ msg: `password ${password} is too weak` }] }],
    ['a 500 quoting a percent-encoded key', 500, { message: `GET /x?key=${encodeURIComponent(apiKey)} failed` }],
  ])('%s', async (_name, status, body) => {
    const client = clientOf(sim.url, { apiKey });
    sim.script('invoke', [{ status, body }]);
    const error = await rejection(
      client.invokeTool({ server: 'postgres-mcp', tool: 'execute_query', parameters: { password }, user: userToken }),
    );
    expect(error).toBeInstanceOf(HttpError);
    const visible = `${(error as Error).message} ${JSON.stringify(error)} ${String((error as HttpError).serverMessage)}`;
    for (const secret of [apiKey, userToken, password, encodeURIComponent(apiKey)]) {
      expect(visible).not.toContain(secret);
    }
    expect(visible).toContain('[REDACTED]');
    expect((error as HttpError).message).toMatch(new RegExp(`^gateway answered ${status}`));
  });

  test('the raw error body never reaches the message, only the gateway short message', async () => {
    const client = clientOf(sim.url);
    sim.script('health', [{ status: 500, body: { error: { message: 'boom' }, debug: { env: 'SECRET_ENV=1' } } }]);
    const error = (await rejection(client.health())) as HttpError;
    expect(error.message).toContain('boom');
    expect(`${error.message}${JSON.stringify(error)}`).not.toContain('SECRET_ENV');
  });
});

describe('issue 12 #8: timeoutMs bounds the whole listing', () => {
  // 50 servers, 5 a page, no `total`: ten sequential pages of 200 ms each.
  async function slowListing(): Promise<GatewayClient> {
    const gateway = await startGatewaySim({
      port: 0,
      servers: 50,
      latencyMs: 200,
      pagination: { total: false, nextOffset: true },
    });
    open.push(gateway);
    return clientOf(gateway.url, { pagination: { pageSize: 5 } });
  }

  test('listAllServers({ timeoutMs }) ends with a deadline TimeoutError before the tenth page', async () => {
    const client = await slowListing();
    const error = await rejection(client.listAllServers({ timeoutMs: 500 }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).phase).toBe('deadline');
    expect((error as TimeoutError).timeoutMs).toBe(500);
    expect((error as TimeoutError).operation).toBe('listServers');
  });

  test('for await (… of servers({ timeoutMs })) ends the same way, having seen only some pages', async () => {
    const client = await slowListing();
    const seen: string[] = [];
    const error = await rejection(
      (async () => {
        for await (const server of client.servers({ timeoutMs: 500 })) seen.push(server.server_id);
      })(),
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).timeoutMs).toBe(500);
    expect(seen.length).toBeLessThan(50);
  });

  test('tools({ timeoutMs }) too', async () => {
    const client = await slowListing();
    const error = await rejection(client.listAllTools({ timeoutMs: 500 }));
    expect(error).toBeInstanceOf(TimeoutError);
    expect((error as TimeoutError).phase).toBe('deadline');
  });
});

describe('issue 12: Retry-After is read exactly as RFC 9110 has it', () => {
  const now = Date.now();
  const inSeconds = (s: number) => new Date(Math.ceil(now / 1000) * 1000 + s * 1000);
  const imf = (d: Date) => d.toUTCString();
  const rfc850 = (d: Date) => {
    const day = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'][d.getUTCDay()];
    const [, dd, mon, yyyy, time] = imf(d).split(' ');
    return `${day}, ${dd}-${mon}-${yyyy!.slice(2)} ${time} GMT`;
  };
  const asctime = (d: Date) => {
    const [wk, dd, mon, yyyy, time] = imf(d).replace(',', '').split(' ');
    return `${wk} ${mon} ${String(Number(dd)).padStart(2, ' ')} ${time} ${yyyy}`;
  };

  test.each([
    ['-1', undefined],
    ['1.5', undefined],
    ['+5', undefined],
    ['1, 2', undefined],
    ['5 seconds', undefined],
    ['Tomorrow', undefined],
    ['2001-01-01', undefined],
    ['7', 7_000],
    ['0', 0],
    ['9'.repeat(400), UNWAITABLE_MS],
  ])('Retry-After %j → retryAfterMs %j', async (value, expected) => {
    const client = clientOf(sim.url);
    sim.script('health', [{ status: 503, headers: { 'retry-after': value } }]);
    const error = (await rejection(client.health())) as ServerError;
    expect(error).toBeInstanceOf(ServerError);
    expect(error.retryAfterMs).toBe(expected);
  });

  test.each([
    ['IMF-fixdate', imf],
    ['obsolete RFC 850 date', rfc850],
    ['obsolete asctime date', asctime],
  ])('an %s is a delay until that time', async (_name, format) => {
    const client = clientOf(sim.url);
    const value = format(inSeconds(120));
    sim.script('health', [{ status: 503, headers: { 'retry-after': value } }]);
    const error = (await rejection(client.health())) as ServerError;
    expect(error.retryAfterMs).toBeGreaterThan(100_000);
    expect(error.retryAfterMs).toBeLessThanOrEqual(122_000);
  });

  test('a date that does not exist (31 Feb) is ignored', async () => {
    const client = clientOf(sim.url);
    sim.script('health', [{ status: 503, headers: { 'retry-after': 'Tue, 31 Feb 2099 10:00:00 GMT' } }]);
    expect(((await rejection(client.health())) as ServerError).retryAfterMs).toBeUndefined();
  });
});

describe('issue 12: TimeoutError always has its timeoutMs', () => {
  test('the transport ending an attempt at the deadline says which timeout ran out', async () => {
    const handler = compose(deadline())(transport({ attemptTimeoutMs: 60_000 }));
    const client = new GatewayClient({ baseUrl: sim.url, handler });
    sim.script('health', [{ fault: 'hang' }]);
    const error = (await rejection(client.health({ timeoutMs: 150 }))) as TimeoutError;
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.phase).toBe('deadline');
    expect(error.timeoutMs).toBe(150);
    expect(error.toJSON()).toMatchObject({ timeoutMs: 150, operation: 'health' });
    expect(error.requestId).toEqual(expect.any(String));
  });

  test('the attemptTimeout layer ending an attempt at the deadline too', async () => {
    const handler = compose(deadline({ totalMs: 150 }), attemptTimeout({ timeoutMs: 60_000 }))(transport());
    const client = new GatewayClient({ baseUrl: sim.url, handler });
    sim.script('health', [{ fault: 'hang' }]);
    const error = (await rejection(client.health())) as TimeoutError;
    expect(error.phase).toBe('deadline');
    expect(error.timeoutMs).toBe(150);
  });
});

describe('issue 12: limits.maxRequestBytes', () => {
  test('a body past maxRequestBytes is an InvalidRequestError; nothing is sent', async () => {
    const client = clientOf(sim.url, { maxRequestBytes: 1_000 });
    const error = await rejection(
      client.invokeTool({ server: 'postgres-mcp', tool: 'execute_query', parameters: { blob: 'x'.repeat(2_000) } }),
    );
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect((error as Error).message).toContain('maxRequestBytes=1000');
    expect(sim.counts.total).toBe(0);
  });

  test('the default is 1 MiB, counted in UTF-8 bytes', async () => {
    const client = clientOf(sim.url);
    // 400,000 three-byte characters: 1.2 MB on the wire although the string is shorter than 1 Mi units.
    const error = await rejection(
      client.invokeTool({ server: 'postgres-mcp', tool: 'execute_query', parameters: { text: '€'.repeat(400_000) } }),
    );
    expect(error).toBeInstanceOf(InvalidRequestError);
    expect(sim.counts.total).toBe(0);
    expect(JsonBody.from({ text: '€' }).bytes).toBe(14);
  });
});

describe('issue 12: a broken peer answers with something that is not HTTP', () => {
  test.each([
    ['an SSH banner', 'SSH-2.0-OpenSSH_9.6 secret-banner-bytes\r\n'],
    ['a status line with letters', 'HTTP/1.1 2OO OK\r\ncontent-length: 2\r\n\r\n{}'],
    ['a header with a NUL', 'HTTP/1.1 200 OK\r\nx-a: b\u0000c\r\ncontent-length: 2\r\n\r\n{}'],
  ])('%s is a ResponseFormatError that says the call may have run', async (_name, answer) => {
    const peer = await rawPeer(() => answer);
    const error = await rejection(
      clientOf(peer.url).invokeTool({ server: 'postgres-mcp', tool: 'execute_query', parameters: {} }),
    );
    expect(error).toBeInstanceOf(ResponseFormatError);
    expect((error as ResponseFormatError).mayHaveReachedServer).toBe(true);
    expect((error as Error).message).toContain('may have run');
    // The parser's error keeps the peer's bytes; none of them travel with ours.
    expect(JSON.stringify(error)).not.toContain('secret-banner-bytes');
    expect(((error as Error).cause as { data?: unknown }).data).toBeUndefined();
  });

  test('an unsolicited 100 Continue: undici drops the socket, and the error says the call may have run', async () => {
    const peer = await rawPeer(() => `HTTP/1.1 100 Continue\r\n\r\n${json('200 OK', { result: { ok: true } })}`);
    const error = await rejection(
      clientOf(peer.url).invokeTool({ server: 'postgres-mcp', tool: 'execute_query', parameters: {} }),
    );
    expect(error).toBeInstanceOf(ResponseFormatError);
    expect((error as ResponseFormatError).mayHaveReachedServer).toBe(true);
    expect((error as ResponseFormatError).retryable).toBe(false);
    expect((error as Error).message).toContain('100 Continue');
    expect(peer.requests).toBe(1);
  });

  test('an interim 103 Early Hints before the answer is skipped', async () => {
    const peer = await rawPeer(
      () => `HTTP/1.1 103 Early Hints\r\nlink: </style.css>\r\n\r\n${json('200 OK', { status: 'healthy' })}`,
    );
    expect(await clientOf(peer.url).health()).toEqual({ status: 'healthy' });
  });
});
