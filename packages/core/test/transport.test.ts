import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type GatewaySim, startGatewaySim } from '@mcpgw/gateway-sim';
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest';
import {
  AbortError,
  type AttemptEvent,
  buildRequest,
  ClientClosedError,
  ConfigError,
  ConnectError,
  channels,
  createTransport,
  Deadline,
  ForbiddenError,
  type GatewayRequest,
  HttpError,
  InvalidRequestError,
  NotFoundError,
  RateLimitedError,
  ResponseFormatError,
  ResponseTooLargeError,
  ServerError,
  TimeoutError,
  type Transport,
  UnauthorizedError,
} from '../src/index.js';

let sim: GatewaySim;
const transports: Transport[] = [];
function transport(options: Parameters<typeof createTransport>[0] = {}): Transport {
  const t = createTransport(options);
  transports.push(t);
  return t;
}
function req(fields: Partial<GatewayRequest> = {}): GatewayRequest {
  return buildRequest({ origin: sim.url, path: '/api/v1/servers', operation: 'listServers', ...fields });
}
function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
  );
}

beforeAll(async () => {
  sim = await startGatewaySim({ port: 0, servers: 30 });
});
afterEach(async () => {
  sim.reset();
  await Promise.all(transports.splice(0).map((t) => t.destroy()));
});
afterAll(async () => {
  await sim.close();
});

describe('transport against gateway-sim', () => {
  test('sends the standard headers and parses JSON', async () => {
    const t = transport();
    const response = await t(req({ query: { limit: 5 }, requestId: 'req-123' }));
    expect(response.status).toBe(200);
    expect((response.body as { servers: unknown[] }).servers).toHaveLength(5);
    expect(response.attempts).toBe(1);
    const seen = sim.requests.at(-1)!;
    expect(seen.rawUrl).toBe('/api/v1/servers?limit=5');
    expect(seen.headers['x-request-id']).toBe('req-123');
    expect(seen.headers['user-agent']).toMatch(/^mcpgw\//);
    expect(seen.headers.accept).toBe('application/json');
  });

  test('serialises a body as JSON with its content type', async () => {
    const t = transport();
    await t(
      req({
        operation: 'invokeTool',
        method: 'POST',
        path: '/api/v1/invoke',
        headers: { authorization: 'Bearer t' },
        body: { server: 'postgres-mcp', tool: 'list_tables', parameters: { a: 1 } },
      }),
    );
    const seen = sim.requests.at(-1)!;
    expect(seen.headers['content-type']).toBe('application/json');
    expect(JSON.parse(seen.body!)).toEqual({ server: 'postgres-mcp', tool: 'list_tables', parameters: { a: 1 } });
  });

  test('a body that cannot be serialised fails before sending: when the request is built, or in the transport', async () => {
    const t = transport();
    const body: Record<string, unknown> = {};
    body.self = body;
    // The body is serialised once, when the request is built: that is where a cycle is found.
    expect(() => req({ method: 'POST', path: '/api/v1/invoke', body })).toThrow(InvalidRequestError);
    // A request assembled by hand with a plain body (plain JavaScript) is serialised by the transport instead.
    const handMade = { ...req({ method: 'POST', path: '/api/v1/invoke' }), body } as unknown as GatewayRequest;
    await expect(t(handMade)).rejects.toBeInstanceOf(InvalidRequestError);
    expect(sim.counts.total).toBe(0);
  });

  test.each([
    [{ status: 404, body: { error: { code: 'not_found', message: 'no such server' } } }, NotFoundError],
    [{ status: 503 }, ServerError],
    [{ status: 429, headers: { 'retry-after': '2' }, body: { error: 'slow down', retry_after: 2 } }, RateLimitedError],
  ])('maps %j to its error class', async (step, errorClass) => {
    sim.script('listServers', [step]);
    const error = await transport()(req()).catch((e) => e);
    expect(error).toBeInstanceOf(errorClass);
    if (error instanceof RateLimitedError) {
      expect(error.retryAfterMs).toBe(2000);
      expect(error.serverMessage).toBe('slow down');
    }
  });

  test('malformed JSON and an empty 2xx body are ResponseFormatError', async () => {
    sim.script('listServers', [{ fault: 'malformed-json' }, { status: 200, body: '' }]);
    const t = transport();
    await expect(t(req())).rejects.toBeInstanceOf(ResponseFormatError);
    const empty = await t(req()).catch((e) => e);
    expect(empty).toBeInstanceOf(ResponseFormatError);
    expect(empty.message).toContain('empty body');
  });

  test('a reset before the response is a ConnectError that may have reached the server', async () => {
    sim.script('listServers', [{ fault: 'reset' }]);
    const error = await transport()(req()).catch((e) => e);
    expect(error).toBeInstanceOf(ConnectError);
    expect(error.mayHaveReachedServer).toBe(true);
  });

  test('a reset mid-body and a truncated body are ConnectErrors', async () => {
    sim.script('listServers', [{ fault: 'reset-mid-body' }, { fault: 'truncated' }]);
    const t = transport();
    await expect(t(req())).rejects.toBeInstanceOf(ConnectError);
    await expect(t(req())).rejects.toBeInstanceOf(ConnectError);
  });

  test('slow headers past headersTimeout is a TimeoutError of phase headers', async () => {
    sim.script('listServers', [{ fault: 'hang' }]);
    const error = await transport({ headersTimeoutMs: 200 })(req()).catch((e) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.phase).toBe('headers');
  });

  test('attemptTimeoutMs ends a hanging attempt with TimeoutError(attempt), or (deadline) when that comes first', async () => {
    sim.script('listServers', [{ fault: 'hang' }, { fault: 'hang' }]);
    const t = transport({ attemptTimeoutMs: 100 });
    const attempt = await t(req({ attempt: 2 })).catch((e) => e);
    expect(attempt).toBeInstanceOf(TimeoutError);
    expect(attempt.phase).toBe('attempt');
    expect(attempt.timeoutMs).toBe(100);
    expect(attempt.attempts).toBe(2);
    const deadline = await transport({ attemptTimeoutMs: 60_000 })(req({ deadline: Deadline.after(50) })).catch(
      (e) => e,
    );
    expect(deadline).toBeInstanceOf(TimeoutError);
    expect(deadline.phase).toBe('deadline');
    expect(() => createTransport({ attemptTimeoutMs: 0 })).toThrow(ConfigError);
  });

  test('a trickling body past bodyTimeout is a TimeoutError of phase body', async () => {
    sim.script('listServers', [{ fault: 'slow-body', chunkDelayMs: 1000 }]);
    const error = await transport({ bodyTimeoutMs: 200 })(req()).catch((e) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.phase).toBe('body');
  });

  test('a body over the limit by content-length fails before reading', async () => {
    sim.script('listServers', [{ fault: 'huge-body', bytes: 5_000_000 }]);
    const error = await transport({ maxResponseBytes: 1024 })(req()).catch((e) => e);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error.limit).toBe('maxResponseBytes');
  });

  test('the caller aborting while waiting is an AbortError', async () => {
    sim.script('listServers', [{ fault: 'hang' }]);
    const controller = new AbortController();
    const pending = transport()(req({ signal: controller.signal }));
    setTimeout(() => controller.abort(), 50);
    await expect(pending).rejects.toBeInstanceOf(AbortError);
  });

  test('an already aborted signal sends nothing; a TimeoutError reason is passed through', async () => {
    const t = transport();
    await expect(t(req({ signal: AbortSignal.abort() }))).rejects.toBeInstanceOf(AbortError);
    const deadline = new TimeoutError('deadline', 10);
    await expect(t(req({ signal: AbortSignal.abort(deadline) }))).rejects.toBe(deadline);
    expect(sim.counts.total).toBe(0);
  });

  test('publishes attempt events whose headers a subscriber can extend', async () => {
    const events: AttemptEvent[] = [];
    const onStart = (message: unknown) => {
      const event = message as AttemptEvent;
      event.headers.traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
      events.push(event);
    };
    const onEnd = vi.fn();
    channels.attemptStart.subscribe(onStart);
    channels.attemptEnd.subscribe(onEnd);
    try {
      sim.script('listServers', [{ status: 503 }]);
      const t = transport();
      await t(req()).catch(() => {});
      await t(req({ attempt: 2 }));
    } finally {
      channels.attemptStart.unsubscribe(onStart);
      channels.attemptEnd.unsubscribe(onEnd);
    }
    expect(events).toHaveLength(2);
    expect(onEnd).toHaveBeenCalledTimes(2);
    expect(events[0]!.status).toBe(503);
    expect(events[0]!.error).toBeInstanceOf(ServerError);
    expect(events[1]!.attempt).toBe(2);
    expect(events[1]!.durationMs).toBeGreaterThanOrEqual(0);
    expect(sim.requests.at(-1)!.headers.traceparent).toMatch(/^00-0af7/);
  });

  test('reports pool stats per origin and refuses calls after close', async () => {
    const t = transport({ connections: 4 });
    await t(req());
    const [stats] = t.stats();
    expect(stats).toMatchObject({ origin: sim.url, size: 0 });
    expect(stats!.connected).toBeGreaterThanOrEqual(1);
    await t.close();
    await expect(t(req())).rejects.toBeInstanceOf(ClientClosedError);
  });
});

describe('transport without a gateway', () => {
  test('connection refused is a ConnectError that never reached the server', async () => {
    const server = createHttpServer();
    const url = await listen(server);
    await new Promise((resolve) => server.close(resolve));
    const error = await transport()(buildRequest({ origin: url, path: '/health' })).catch((e) => e);
    expect(error).toBeInstanceOf(ConnectError);
    expect(error.reason).toBe('ECONNREFUSED');
    expect(error.mayHaveReachedServer).toBe(false);
  });

  test('a DNS failure is a ConnectError that never reached the server', async () => {
    const error = await transport({ connectTimeoutMs: 3000 })(
      buildRequest({ origin: 'http://mcpgw-does-not-exist.invalid', path: '/health' }),
    ).catch((e) => e);
    expect(error).toBeInstanceOf(ConnectError);
    expect(error.mayHaveReachedServer).toBe(false);
  });

  test("a 401's and a 403's WWW-Authenticate header is kept on the error, cut to 4096 characters, never in its JSON", async () => {
    const challenges: Record<string, string> = {
      '/401': 'Bearer resource_metadata="http://127.0.0.1/.well-known/oauth-protected-resource", scope="read"',
      '/403': `Bearer error="insufficient_scope", scope="${'w'.repeat(5_000)}"`,
      '/404': 'Bearer realm="not an auth answer"',
    };
    const server = createHttpServer((request, res) => {
      const status = Number(request.url?.slice(1));
      res.writeHead(status, {
        'www-authenticate': challenges[request.url ?? ''] ?? '',
        'content-type': 'application/json',
      });
      res.end('{}');
    });
    const url = await listen(server);
    try {
      const send = transport();
      const [unauthorized, forbidden, missing] = await Promise.all(
        ['/401', '/403', '/404'].map((path) => send(buildRequest({ origin: url, path })).catch((e) => e)),
      );
      expect(unauthorized).toBeInstanceOf(UnauthorizedError);
      expect(unauthorized.challenge).toBe(challenges['/401']);
      expect(forbidden).toBeInstanceOf(ForbiddenError);
      expect(forbidden.challenge).toHaveLength(4_096);
      expect(challenges['/403']?.startsWith(forbidden.challenge)).toBe(true);
      expect(missing.challenge).toBeUndefined();
      expect(JSON.stringify(unauthorized.toJSON())).not.toContain('resource_metadata');
      expect(unauthorized.message).not.toContain('resource_metadata');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  test('a redirect to another origin is not followed, so no credential leaves its origin', async () => {
    const seenElsewhere: string[] = [];
    const elsewhere = createHttpServer((request, res) => {
      seenElsewhere.push(String(request.headers['x-api-key']));
      res.end('{}');
    });
    const target = await listen(elsewhere);
    const redirecting = createHttpServer((_req, res) => {
      res.writeHead(302, { location: `${target}/api/v1/servers`, 'content-type': 'application/json' });
      res.end('{}');
    });
    const url = await listen(redirecting);
    try {
      const error = await transport()(
        buildRequest({ origin: url, path: '/api/v1/servers', headers: { 'x-api-key': 'secret-key' } }),
      ).catch((e) => e);
      expect(error).toBeInstanceOf(HttpError);
      expect(error.status).toBe(302);
      expect(JSON.stringify(error.toJSON())).not.toContain('secret-key');
      expect(seenElsewhere).toEqual([]);
    } finally {
      await new Promise((resolve) => redirecting.close(resolve));
      await new Promise((resolve) => elsewhere.close(resolve));
    }
  });

  test('stops reading a streamed body at the limit, without buffering the rest', async () => {
    const total = 200 * 1024 * 1024;
    let written = 0;
    let closed!: () => void;
    const socketClosed = new Promise<void>((resolve) => {
      closed = resolve;
    });
    const chunk = Buffer.alloc(64 * 1024, 'a');
    const server = createHttpServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.on('close', () => closed());
      const pump = () => {
        while (written < total) {
          written += chunk.length;
          if (!res.write(chunk)) {
            res.once('drain', pump);
            return;
          }
        }
        res.end();
      };
      pump();
    });
    const url = await listen(server);
    try {
      const error = await transport({ maxResponseBytes: 1024 * 1024 })(
        buildRequest({ origin: url, path: '/big' }),
      ).catch((e) => e);
      expect(error).toBeInstanceOf(ResponseTooLargeError);
      await socketClosed;
      // The server could only push what fits in socket buffers past the limit, nowhere near the whole body.
      expect(written).toBeLessThan(total / 4);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('TLS', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mcpgw-tls-'));
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=localhost',
        '-addext',
        'subjectAltName=DNS:localhost,IP:127.0.0.1',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
  });

  async function httpsServer(): Promise<{ url: string; close: () => Promise<void> }> {
    const server = createHttpsServer(
      { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) },
      (_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"status":"healthy"}');
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as AddressInfo).port;
    return {
      url: `https://127.0.0.1:${port}`,
      close: () =>
        new Promise((r) => {
          server.closeAllConnections();
          server.close(() => r());
        }),
    };
  }

  test('an untrusted certificate is a ConnectError that never reached the server', async () => {
    const server = await httpsServer();
    try {
      const error = await transport()(buildRequest({ origin: server.url, path: '/health' })).catch((e) => e);
      expect(error).toBeInstanceOf(ConnectError);
      expect(error.mayHaveReachedServer).toBe(false);
    } finally {
      await server.close();
    }
  });

  test('a custom CA bundle makes it trusted', async () => {
    const server = await httpsServer();
    try {
      const t = transport({ tls: { ca: readFileSync(join(dir, 'cert.pem')), minVersion: 'TLSv1.2' } });
      const response = await t(buildRequest({ origin: server.url, path: '/health' }));
      expect(response.body).toEqual({ status: 'healthy' });
    } finally {
      await server.close();
    }
  });

  test('turning verification off works only by name and emits a warning', async () => {
    const warnings: Error[] = [];
    const onWarning = (w: Error) => warnings.push(w);
    process.on('warning', onWarning);
    const server = await httpsServer();
    try {
      const t = transport({ tls: { insecureSkipVerify: true } });
      await t(buildRequest({ origin: server.url, path: '/health' }));
      await new Promise((r) => setImmediate(r));
      expect(warnings.some((w) => (w as { code?: string }).code === 'MCPGW_INSECURE_TLS')).toBe(true);
    } finally {
      process.off('warning', onWarning);
      await server.close();
    }
  });
});
