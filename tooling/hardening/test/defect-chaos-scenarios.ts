import diagnostics from 'node:diagnostics_channel';
import type { AddressInfo, Socket } from 'node:net';
import { createServer } from 'node:net';
import { memoryStore } from '@mcpgw/cache';
import {
  AuthorizationDeniedError,
  AuthorizationUnavailableError,
  type GatewayError,
  HttpError,
  InvalidRequestError,
  NotFoundError,
  ResponseFormatError,
  ResponseTooLargeError,
  ServerError,
  TimeoutError,
  UnauthorizedError,
} from '@mcpgw/core';
import { expect } from 'vitest';
import { canary } from '../src/canary.js';
import type { ChaosContext, ChaosScenario } from '../src/chaos-context.js';

// The faults of issue 12 (an adversarial pass over the preset) that a peer or a caller can cause, one row each.
// Items that are not faults (a script exiting during a backoff, configFromEnv) are in the security regression list of
// docs/gateway/hardening-results.md only.

function expectTyped<T extends GatewayError>(error: unknown, type: new (...args: never[]) => T, code: string): T {
  expect(error).toBeInstanceOf(type);
  expect((error as GatewayError).code).toBe(code);
  return error as T;
}

const target = { server: 'postgres-mcp', tool: 'execute_query' } as const;

const serverInfo = (id: string) => ({
  server_id: id,
  server_name: id,
  server_url: `http://tools.internal/${id}`,
  health_status: 'healthy',
  tools_count: 1,
});

/** `[[[…]]]` nested `depth` deep, as text: JSON.parse reads it without recursion, a recursive walk does not. */
const nestedText = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;

function nestedObject(depth: number): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  let node = root;
  for (let i = 0; i < depth; i++) {
    const child: Record<string, unknown> = {};
    node.a = child;
    node = child;
  }
  return root;
}

/**
 * A raw TCP peer on loopback that writes `answer` to every request it reads whole (headers and a Content-Length
 * body): for answers an HTTP server library refuses to send. Counts requests; closed with the row.
 */
async function rawPeer(ctx: ChaosContext, answer: string): Promise<{ url: string; readonly requests: number }> {
  let requests = 0;
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
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
      buffered = buffered.slice(end + 4 + length);
      requests++;
      socket.write(answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  ctx.onCleanup(
    () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  );
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    get requests() {
      return requests;
    },
  };
}

function jsonAnswer(status: string, body: unknown): string {
  const text = JSON.stringify(body);
  return `HTTP/1.1 ${status}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(text)}\r\n\r\n${text}`;
}

/** Runs `fn` on every `mcpgw:retry` event until the row ends (the event is published as the backoff starts). */
function onRetry(ctx: ChaosContext, fn: () => void): void {
  const listener = () => fn();
  diagnostics.subscribe('mcpgw:retry', listener);
  ctx.onCleanup(() => {
    diagnostics.unsubscribe('mcpgw:retry', listener);
  });
}

type Input = { parameters: Record<string, unknown> };

export const defectChaosScenarios: ChaosScenario[] = [
  {
    name: 'a first page promising total 1e12: ResponseTooLargeError after one page, no huge allocation',
    fault: 'a listing page of 100 servers with `total: 1e12` (listAllServers, default pagination)',
    expected: '`ResponseTooLargeError` `MCPGW_RESPONSE_TOO_LARGE`, limit `maxItems`, 1 request (once a fatal crash)',
    metric: 'mcpgw_requests_total{operation="listServers",outcome="mcpgw_response_too_large"}',
    log: '"operation failed" code=MCPGW_RESPONSE_TOO_LARGE',
    async run(ctx) {
      const sim = await ctx.start();
      const client = ctx.client();
      const page = { servers: Array.from({ length: 100 }, (_, i) => serverInfo(`s-${i}`)), total: 1e12 };
      sim.script('listServers', [{ status: 200, body: page }]);
      const error = expectTyped(
        await ctx.failure((timeoutMs) => client.listAllServers({ timeoutMs })),
        ResponseTooLargeError,
        'MCPGW_RESPONSE_TOO_LARGE',
      );
      expect(error.limit).toBe('maxItems');
      expect(sim.counts.listServers).toBe(1);
    },
  },
  {
    name: 'a URL parameter and the OPA decision cache: an allow for one URL never answers for another',
    fault:
      'OPA allows only `https://ok.example/…`; the decision cache on; invokes with `new URL(ok)` then `new URL(evil)`',
    expected: 'the result, then `AuthorizationDeniedError` `MCPGW_AUTHZ_DENIED` (OPA asked twice); the gateway saw ok',
    metric: 'mcpgw_authz_decisions_total{decision="deny"}',
    log: '"operation failed" code=MCPGW_AUTHZ_DENIED',
    async run(ctx) {
      const sim = await ctx.start();
      const opa = await ctx.opa({
        decide: (input) => {
          const url = (input as Input).parameters.url;
          return { allow: typeof url === 'string' && url.startsWith('https://ok.example/') };
        },
      });
      const client = ctx.client({ opa: ctx.opaOptions(opa.url, { decisionCache: { ttlMs: 60_000 } }) });
      const call = (url: string) => (timeoutMs: number) =>
        client.invokeTool({ ...target, user: canary.userToken, parameters: { url: new URL(url) }, timeoutMs });
      await ctx.success(call('https://ok.example/a'));
      const denied = await ctx.failure(call('https://evil.example/steal'));
      expectTyped(denied, AuthorizationDeniedError, 'MCPGW_AUTHZ_DENIED');
      expect(opa.calls).toBe(2);
      expect(sim.invocations.map((i) => i.parameters.url)).toEqual(['https://ok.example/a']);
    },
  },
  {
    name: 'parameters changed by the caller during the OPA round trip: what OPA decided is what is sent',
    fault: "the caller's parameters object changes from `/ok` to `/etc/shadow` while OPA decides",
    expected: 'the result; OPA and the gateway both saw `/ok`',
    metric: 'mcpgw_authz_decisions_total{decision="allow"}',
    log: '"operation finished" operation=invokeTool',
    async run(ctx) {
      const sim = await ctx.start();
      const parameters: Record<string, unknown> = { path: '/ok' };
      const opa = await ctx.opa({
        decide: (input) => {
          const decided = (input as Input).parameters.path;
          parameters.path = '/etc/shadow';
          return { allow: decided === '/ok' };
        },
      });
      const client = ctx.client({ opa: ctx.opaOptions(opa.url) });
      await ctx.success((timeoutMs) => client.invokeTool({ ...target, user: canary.userToken, parameters, timeoutMs }));
      expect(parameters.path).toBe('/etc/shadow');
      expect(sim.invocations.map((i) => i.parameters.path)).toEqual(['/ok']);
    },
  },
  {
    name: "parameters changed by the caller during a keyed retry's backoff: every attempt sends the same body",
    fault: "503 then success (invoke with Idempotency-Key); the caller's parameters change during the backoff",
    expected: 'the result on attempt 2; both attempts carried the same bytes, with `/ok`; the tool ran once',
    metric: 'mcpgw_retries_total{operation="invokeTool",reason="status_503"}',
    log: '"retrying" code=MCPGW_SERVER_ERROR',
    async run(ctx) {
      const sim = await ctx.start();
      const client = ctx.client();
      const parameters: Record<string, unknown> = { path: '/ok' };
      onRetry(ctx, () => {
        parameters.path = '/etc/shadow';
      });
      sim.script('invoke', [{ status: 503 }]);
      await ctx.success((timeoutMs) =>
        client.invokeTool({ ...target, user: canary.userToken, parameters, idempotencyKey: 'toctou-1', timeoutMs }),
      );
      expect(parameters.path).toBe('/etc/shadow');
      expect(sim.invocations.map((i) => [i.parameters.path, i.executed])).toEqual([
        ['/ok', false],
        ['/ok', true],
      ]);
      const bodies = sim.requests.filter((r) => r.route === 'invoke').map((r) => r.body);
      expect(bodies).toHaveLength(2);
      expect(bodies[1]).toBe(bodies[0]);
    },
  },
  {
    name: 'a 401 echoing the API key: UnauthorizedError with the key scrubbed everywhere',
    fault: '401 with body `invalid API key <the API key>` (listServers)',
    expected: '`UnauthorizedError` `MCPGW_UNAUTHORIZED`, message with `[REDACTED]`; the canary scan finds no key',
    metric: 'mcpgw_requests_total{operation="listServers",outcome="mcpgw_unauthorized"}',
    log: '"operation failed" code=MCPGW_UNAUTHORIZED',
    async run(ctx) {
      const sim = await ctx.start();
      const client = ctx.client();
      sim.script('listServers', [{ status: 401, body: { error: { message: `invalid API key ${canary.apiKey}` } } }]);
      const error = expectTyped(
        await ctx.failure((timeoutMs) => client.listServers({ timeoutMs })),
        UnauthorizedError,
        'MCPGW_UNAUTHORIZED',
      );
      expect(error.message).toContain('[REDACTED]');
      expect(`${error.message}${JSON.stringify(error)}`).not.toContain(canary.apiKey);
    },
  },
  {
    name: 'a 422 quoting a parameter value: HttpError with the value scrubbed, logged as a caller error',
    fault: "422 with body `query: '<the parameter value>' is not valid SQL` (invoke)",
    expected: '`HttpError` `MCPGW_HTTP`, status 422, message with `[REDACTED]`, 1 attempt; logged at info',
    metric: 'mcpgw_requests_total{operation="invokeTool",outcome="mcpgw_http"}',
    log: '"operation failed" code=MCPGW_HTTP callerError=true',
    async run(ctx) {
      const sim = await ctx.start();
      const client = ctx.client();
      sim.script('invoke', [
        { status: 422, body: { detail: [{ msg: `query: '${canary.parameterValue}' is not valid SQL` }] } },
      ]);
      const error = expectTyped(await ctx.failure(ctx.invoke(client)), HttpError, 'MCPGW_HTTP');
      expect(error.status).toBe(422);
      expect(error.message).toContain('[REDACTED]');
      expect(`${error.message}${JSON.stringify(error)}`).not.toContain(canary.parameterValue);
      expect(sim.counts.invoke).toBe(1);
    },
  },
  {
    name: 'OPA quoting a parameter value back: the authorization errors carry it scrubbed',
    fault: 'OPA answers 400 quoting the parameter value, then a deny whose reason quotes it',
    expected:
      '`AuthorizationUnavailableError` `MCPGW_AUTHZ_UNAVAILABLE`, then `AuthorizationDeniedError` with reason `… [REDACTED] …`; no invoke',
    metric: 'mcpgw_authz_decisions_total{decision="deny"}',
    log: '"operation failed" code=MCPGW_AUTHZ_DENIED',
    async run(ctx) {
      const sim = await ctx.start();
      const opa = await ctx.opa({
        decide: (input) => ({ allow: false, deny: [`query "${(input as Input).parameters.query}" is not allowed`] }),
      });
      opa.script([
        { status: 400, body: { code: 'invalid_parameter', message: `cannot use "${canary.parameterValue}"` } },
      ]);
      const client = ctx.client({ opa: ctx.opaOptions(opa.url) });
      const unavailable = await ctx.failure(ctx.invoke(client));
      expectTyped(unavailable, AuthorizationUnavailableError, 'MCPGW_AUTHZ_UNAVAILABLE');
      const denied = expectTyped(await ctx.failure(ctx.invoke(client)), AuthorizationDeniedError, 'MCPGW_AUTHZ_DENIED');
      expect(denied.reason).toBe('query "[REDACTED]" is not allowed');
      for (const error of [unavailable, denied]) {
        expect(`${(error as Error).message}${JSON.stringify(error)}`).not.toContain(canary.parameterValue);
      }
      expect(sim.counts.invoke).toBe(0);
    },
  },
  {
    name: 'an answer nested 20,000 deep: ResponseFormatError, not cached, never a RangeError',
    fault: 'a 200 server record with a field nested 20,000 arrays deep (40 KB) (getServer)',
    expected: '`ResponseFormatError` `MCPGW_RESPONSE_FORMAT`, 1 attempt; the next call asks the gateway again',
    metric: 'mcpgw_requests_total{operation="getServer",outcome="mcpgw_response_format"}',
    log: '"operation failed" code=MCPGW_RESPONSE_FORMAT',
    async run(ctx) {
      const sim = await ctx.start();
      const client = ctx.client();
      const record = JSON.stringify(serverInfo('postgres-mcp'));
      const body = `${record.slice(0, -1)},"extra":${nestedText(20_000)}}`;
      sim.script('getServer', [{ status: 200, body }]);
      expectTyped(
        await ctx.failure((timeoutMs) => client.getServer('postgres-mcp', { timeoutMs })),
        ResponseFormatError,
        'MCPGW_RESPONSE_FORMAT',
      );
      expect(sim.counts.getServer).toBe(1);
      const server = await ctx.success((timeoutMs) => client.getServer('postgres-mcp', { timeoutMs }));
      expect(server.server_name).toBe('postgres-mcp');
      expect(sim.counts.getServer).toBe(2);
    },
  },
  {
    name: 'parameters nested 3,000 deep: InvalidRequestError before OPA or the gateway is asked',
    fault: 'an invoke whose parameters are objects nested 3,000 deep (OPA on), then a good invoke',
    expected:
      "`InvalidRequestError` `MCPGW_INVALID_REQUEST`, field `parameters`; OPA and the gateway saw only the good one (refused before the onion, so the metric and line are the good call's)",
    metric: 'mcpgw_requests_total{operation="invokeTool",outcome="success"}',
    log: '"operation finished" operation=invokeTool',
    async run(ctx) {
      const sim = await ctx.start();
      const opa = await ctx.opa();
      const client = ctx.client({ opa: ctx.opaOptions(opa.url) });
      const error = expectTyped(
        await ctx.failure(ctx.invoke(client, { parameters: nestedObject(3_000) })),
        InvalidRequestError,
        'MCPGW_INVALID_REQUEST',
      );
      expect(error.field).toBe('parameters');
      expect(opa.calls).toBe(0);
      expect(sim.counts.total).toBe(0);
      await ctx.success(ctx.invoke(client));
      expect(opa.calls).toBe(1);
      expect(sim.counts.invoke).toBe(1);
    },
  },
  {
    name: 'a 50 MB parameter: InvalidRequestError naming maxRequestBytes, nothing sent',
    fault: 'an invoke with a 50 MB string parameter (default `limits.maxRequestBytes`, 1 MiB)',
    expected:
      "`InvalidRequestError` `MCPGW_INVALID_REQUEST` naming `maxRequestBytes=1048576`; the gateway saw nothing (refused before the onion, so the metric and line are the next call's)",
    metric: 'mcpgw_requests_total{operation="listServers",outcome="success"}',
    log: '"operation finished" operation=listServers',
    async run(ctx) {
      const sim = await ctx.start();
      const client = ctx.client();
      const error = expectTyped(
        await ctx.failure(ctx.invoke(client, { parameters: { blob: 'x'.repeat(50_000_000) } })),
        InvalidRequestError,
        'MCPGW_INVALID_REQUEST',
      );
      expect(error.message).toContain('maxRequestBytes=1048576');
      expect(sim.counts.total).toBe(0);
      // The client is unharmed: the next call goes out as usual.
      await ctx.success((timeoutMs) => client.listServers({ limit: 1, timeoutMs }));
    },
  },
  {
    name: 'a coalesced waiter with a longer deadline outlives the first caller',
    fault: 'a 1 s gateway; caller A (`timeoutMs` 300) starts a cache miss, caller B (`timeoutMs` 5000) joins it',
    expected: 'A: `TimeoutError` `MCPGW_TIMEOUT`; B: the page; the gateway asked once',
    metric: 'mcpgw_cache_lookups_total{operation="listServers",result="coalesced"}',
    log: '"operation failed" code=MCPGW_TIMEOUT',
    async run(ctx) {
      const sim = await ctx.start();
      const client = ctx.client();
      sim.setLatency(1_000);
      const [a, b] = await Promise.all([
        ctx.call((timeoutMs) => client.listServers({ timeoutMs }), 300),
        ctx.call((timeoutMs) => client.listServers({ timeoutMs }), 5_000),
      ]);
      expectTyped(a.ok ? undefined : a.error, TimeoutError, 'MCPGW_TIMEOUT');
      expect(b.ok ? b.value.items.length : 0).toBeGreaterThan(0);
      expect(sim.counts.listServers).toBe(1);
    },
  },
  {
    name: 'listAllServers with timeoutMs over slow pages: the whole listing ends at its deadline',
    fault: '10 pages of 5 servers, 200 ms each, no `total`; `listAllServers({ timeoutMs: 500 })`',
    expected: '`TimeoutError` `MCPGW_TIMEOUT`, phase `deadline`, `timeoutMs: 500`, before the tenth page',
    metric: 'mcpgw_requests_total{operation="listServers",outcome="mcpgw_timeout"}',
    log: '"operation failed" code=MCPGW_TIMEOUT',
    async run(ctx) {
      const sim = await ctx.start({ servers: 50, latencyMs: 200, pagination: { total: false, nextOffset: true } });
      const client = ctx.client({ cache: false, pagination: { pageSize: 5 } });
      const error = expectTyped(
        await ctx.failure((timeoutMs) => client.listAllServers({ timeoutMs }), 500),
        TimeoutError,
        'MCPGW_TIMEOUT',
      );
      expect(error.phase).toBe('deadline');
      expect(error.timeoutMs).toBe(500);
      expect(sim.counts.listServers).toBeLessThan(10);
    },
  },
  {
    name: 'a hang at the deadline: the TimeoutError always names its timeoutMs',
    fault: 'the connection is accepted and never answered (getServer), `timeoutMs` 400',
    expected: '`TimeoutError` `MCPGW_TIMEOUT`, phase `deadline`, `timeoutMs: 400` in the error and its `toJSON()`',
    metric: 'mcpgw_requests_total{operation="getServer",outcome="mcpgw_timeout"}',
    log: '"operation failed" code=MCPGW_TIMEOUT',
    async run(ctx) {
      const sim = await ctx.start();
      const client = ctx.client({ timeouts: { attemptMs: 60_000, totalMs: 60_000, connectMs: 1_000 } });
      sim.script('getServer', [{ fault: 'hang' }, { fault: 'hang' }, { fault: 'hang' }]);
      const error = expectTyped(
        await ctx.failure((timeoutMs) => client.getServer('postgres-mcp', { timeoutMs }), 400),
        TimeoutError,
        'MCPGW_TIMEOUT',
      );
      expect(error.phase).toBe('deadline');
      expect(error.timeoutMs).toBe(400);
      expect(error.toJSON()).toMatchObject({ timeoutMs: 400 });
    },
  },
  {
    name: 'a Retry-After no RFC 9110 reader accepts is ignored; one too large to wait fails at once',
    fault: '503 with `Retry-After: -1`, then `1.5` (listServers); then 503 with a Retry-After of 400 digits',
    expected:
      "the page on attempt 3 after the client's own backoff; then `ServerError` `MCPGW_SERVER_ERROR` after 1 attempt",
    metric: 'mcpgw_requests_total{operation="listServers",outcome="mcpgw_server_error"}',
    log: '"operation failed" code=MCPGW_SERVER_ERROR',
    async run(ctx) {
      const sim = await ctx.start();
      const client = ctx.client({ cache: false });
      sim.script('listServers', [
        { status: 503, headers: { 'retry-after': '-1' } },
        { status: 503, headers: { 'retry-after': '1.5' } },
      ]);
      await ctx.success((timeoutMs) => client.listServers({ limit: 1, timeoutMs }));
      expect(sim.counts.listServers).toBe(3);
      sim.script('listServers', [{ status: 503, headers: { 'retry-after': '9'.repeat(400) } }]);
      const error = expectTyped(
        await ctx.failure((timeoutMs) => client.listServers({ limit: 1, timeoutMs })),
        ServerError,
        'MCPGW_SERVER_ERROR',
      );
      expect(error.attempts).toBe(1);
      expect(sim.counts.listServers).toBe(4);
    },
  },
  {
    name: "a caller's cookie header with a shared store: two users never get each other's answers",
    fault: 'two clients on one memory store, differing only in a `cookie` header; the gateway answers each its own',
    expected: 'each client gets its own page, also on the second read (a hit of its own); the gateway asked twice',
    metric: 'mcpgw_cache_lookups_total{operation="listServers",result="hit"}',
    log: '"operation finished" operation=listServers',
    async run(ctx) {
      const sim = await ctx.start();
      const store = memoryStore();
      const alice = ctx.client({ headers: { cookie: 'session=alice-Fq20' }, cache: { store } });
      const bob = ctx.client({ headers: { cookie: 'session=bob-Wn73' }, cache: { store } });
      const page = (id: string) => ({ servers: [serverInfo(id)], total: 1, next_offset: null });
      sim.script('listServers', [
        { status: 200, body: page('alice-only') },
        { status: 200, body: page('bob-only') },
      ]);
      const ids = async (client: typeof alice) =>
        (await ctx.success((timeoutMs) => client.listServers({ timeoutMs }))).items.map((s) => s.server_id);
      expect(await ids(alice)).toEqual(['alice-only']);
      expect(await ids(bob)).toEqual(['bob-only']);
      expect(await ids(alice)).toEqual(['alice-only']);
      expect(await ids(bob)).toEqual(['bob-only']);
      expect(sim.counts.listServers).toBe(2);
    },
  },
  {
    name: 'a 404 the caller handles: NotFoundError, logged at info as a caller error',
    fault: '`getServer` of a server the gateway does not know (404)',
    expected: '`NotFoundError` `MCPGW_NOT_FOUND`, 1 attempt; the line at level 30 with `callerError: true`',
    metric: 'mcpgw_requests_total{operation="getServer",outcome="mcpgw_not_found"}',
    log: '"operation failed" code=MCPGW_NOT_FOUND level=30 callerError=true',
    async run(ctx) {
      await ctx.start();
      const client = ctx.client();
      const error = expectTyped(
        await ctx.failure((timeoutMs) => client.getServer('no-such-server', { timeoutMs })),
        NotFoundError,
        'MCPGW_NOT_FOUND',
      );
      expect(error.attempts).toBe(1);
    },
  },
  {
    name: 'an HTTP parser error from a broken peer: ResponseFormatError that says the call may have run',
    fault: 'a raw TCP peer answers an SSH banner instead of HTTP (invoke)',
    expected:
      '`ResponseFormatError` `MCPGW_RESPONSE_FORMAT`, `mayHaveReachedServer: true`, message "may have run", 1 attempt',
    metric: 'mcpgw_requests_total{operation="invokeTool",outcome="mcpgw_response_format"}',
    log: '"operation failed" code=MCPGW_RESPONSE_FORMAT',
    async run(ctx) {
      const peer = await rawPeer(ctx, 'SSH-2.0-OpenSSH_9.6 secret-banner-bytes\r\n');
      const client = ctx.client({ baseUrl: peer.url });
      const error = expectTyped(await ctx.failure(ctx.invoke(client)), ResponseFormatError, 'MCPGW_RESPONSE_FORMAT');
      expect(error.mayHaveReachedServer).toBe(true);
      expect(error.message).toContain('may have run');
      expect(JSON.stringify(error)).not.toContain('secret-banner-bytes');
      expect(peer.requests).toBe(1);
    },
  },
  {
    name: 'an unsolicited 100 Continue before the answer: ResponseFormatError that says the call may have run',
    fault: 'a raw TCP peer sends `100 Continue` and then a 200 to an invoke that sent no `Expect`',
    expected:
      '`ResponseFormatError` `MCPGW_RESPONSE_FORMAT` naming `100 Continue`, `mayHaveReachedServer: true`, not retried',
    metric: 'mcpgw_requests_total{operation="invokeTool",outcome="mcpgw_response_format"}',
    log: '"operation failed" code=MCPGW_RESPONSE_FORMAT',
    async run(ctx) {
      const peer = await rawPeer(ctx, `HTTP/1.1 100 Continue\r\n\r\n${jsonAnswer('200 OK', { result: { ok: true } })}`);
      const client = ctx.client({ baseUrl: peer.url });
      const error = expectTyped(
        await ctx.failure(ctx.invoke(client, { idempotencyKey: 'continue-1' })),
        ResponseFormatError,
        'MCPGW_RESPONSE_FORMAT',
      );
      expect(error.mayHaveReachedServer).toBe(true);
      expect(error.retryable).toBe(false);
      expect(error.message).toContain('100 Continue');
      expect(peer.requests).toBe(1);
    },
  },
];
