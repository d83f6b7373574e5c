import {
  AuthorizationUnavailableError,
  CircuitOpenError,
  ClientClosedError,
  ConnectError,
  type GatewayError,
  QueueFullError,
  RateLimitedError,
  ResponseFormatError,
  ResponseTooLargeError,
  ServerError,
  TimeoutError,
} from '@mcpgw/core';
import { freePort } from '@mcpgw/redis-test-server';
import { expect } from 'vitest';
import type { ChaosScenario } from '../src/chaos-context.js';
import { defectChaosScenarios } from './defect-chaos-scenarios.js';
import { mcpChaosScenarios } from './mcp-chaos-scenarios.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it holds, at most `boundMs` (a bound for a slow machine, not a speed assertion). */
async function eventually(check: () => Promise<boolean> | boolean, boundMs = 20_000): Promise<void> {
  const until = performance.now() + boundMs;
  while (!(await check())) {
    if (performance.now() > until) throw new Error(`condition not reached within ${boundMs} ms`);
    await sleep(50);
  }
}

function expectTyped<T extends GatewayError>(error: unknown, type: new (...args: never[]) => T, code: string): T {
  expect(error).toBeInstanceOf(type);
  expect((error as GatewayError).code).toBe(code);
  return error as T;
}

/**
 * The chaos matrix. Each scenario is one test of chaos.test.ts and one row of docs/gateway/chaos-matrix.md (a test
 * checks that both agree). Every call carries a `timeoutMs` and is held to it; `ChaosContext.finish` then checks
 * the row's metric and log line and that no invoke ran twice.
 */
export const chaosScenarios: ChaosScenario[] = [
  {
    name: 'connection refused: ConnectError that never reached the gateway, retried',
    fault: 'nothing listens on the port',
    expected: '`ConnectError` `MCPGW_CONNECT`, reason `ECONNREFUSED`, `mayHaveReachedServer: false`, 3 attempts',
    metric: 'mcpgw_requests_total{operation="listServers",outcome="mcpgw_connect"}',
    log: '"operation failed" code=MCPGW_CONNECT',
    async run(ctx) {
      const client = ctx.client({ baseUrl: `http://127.0.0.1:${await freePort()}` });
      const error = expectTyped(
        await ctx.failure((timeoutMs) => client.listServers({ timeoutMs })),
        ConnectError,
        'MCPGW_CONNECT',
      );
      expect(error.reason).toBe('ECONNREFUSED');
      expect(error.mayHaveReachedServer).toBe(false);
      expect(error.attempts).toBe(3);
      // Never sent: even a non-idempotent invoke may be retried, and the error says it never reached the gateway.
      const invokeError = await ctx.failure(ctx.invoke(client));
      expect(expectTyped(invokeError, ConnectError, 'MCPGW_CONNECT').mayHaveReachedServer).toBe(false);
    },
  },
  {
    name: 'reset before the response: a read is retried and succeeds',
    fault: 'TCP reset before any response byte (listServers)',
    expected: 'the page, on attempt 2',
    metric: 'mcpgw_retries_total{operation="listServers",reason="mcpgw_connect"}',
    log: '"retrying" code=MCPGW_CONNECT',
    async run(ctx) {
      const sim = await ctx.start();
      const client = ctx.client();
      sim.script('listServers', [{ fault: 'reset' }]);
      const page = await ctx.success((timeoutMs) => client.listServers({ limit: 5, timeoutMs }));
      expect(page.items).toHaveLength(5);
      expect(sim.counts.listServers).toBe(2);
    },
  },
  {
    name: 'reset before the response: a non-idempotent invoke is not retried',
    fault: 'TCP reset before any response byte (invoke without Idempotency-Key)',
    expected: '`ConnectError` `MCPGW_CONNECT`, `mayHaveReachedServer: true`, 1 attempt, tool not run twice',
    metric: 'mcpgw_requests_total{operation="invokeTool",outcome="mcpgw_connect"}',
    log: '"operation failed" code=MCPGW_CONNECT',
    async run(ctx) {
      const sim = await ctx.start();
      const client = ctx.client();
      sim.script('invoke', [{ fault: 'reset' }]);
      const error = expectTyped(await ctx.failure(ctx.invoke(client)), ConnectError, 'MCPGW_CONNECT');
      expect(error.mayHaveReachedServer).toBe(true);
      expect(sim.counts.invoke).toBe(1);
    },
  },
  {
    name: 'reset before the response: an invoke with an Idempotency-Key is retried and runs once',
    fault: 'TCP reset before any response byte (invoke with Idempotency-Key)',
    expected: 'the result on attempt 2; the tool ran once',
    metric: 'mcpgw_retries_total{operation="invokeTool",reason="mcpgw_connect"}',
    log: '"retrying" code=MCPGW_CONNECT',
    async run(ctx) {
      const sim = await ctx.start();
      const client = ctx.client();
      sim.script('invoke', [{ fault: 'reset' }]);
      const result = await ctx.success(ctx.invoke(client, { idempotencyKey: 'chaos-reset-1' }));
      expect(result.status).toBe('success');
      expect(sim.counts.invoke).toBe(2);
      expect(sim.executions('postgres-mcp', 'execute_query')).toBe(1);
    },
  },
  {
    name: 'reset mid-body: a read is retried and succeeds',
    fault: '200 headers and half the body, then the socket is destroyed (getServer)',
    expected: 'the server, on attempt 2',
    metric: 'mcpgw_retries_total{operation="getServer",reason="mcpgw_connect"}',
    log: '"retrying" code=MCPGW_CONNECT',
    async run(ctx) {
      const sim = await ctx.start();
      const client = ctx.client();
      sim.script('getServer', [{ fault: 'reset-mid-body' }]);
      const server = await ctx.success((timeoutMs) => client.getServer('postgres-mcp', { timeoutMs }));
      expect(server.server_name).toBe('postgres-mcp');
      expect(sim.counts.getServer).toBe(2);
    },
  },
  {
    name: 'reset mid-body: a non-idempotent invoke fails typed and is not retried',
    fault: '200 headers and half the body, then the socket is destroyed (invoke)',
    expected: '`ConnectError` `MCPGW_CONNECT`, `mayHaveReachedServer: true`, 1 attempt',
    metric: 'mcpgw_requests_total{operation="invokeTool",outcome="mcpgw_connect"}',
    log: '"operation failed" code=MCPGW_CONNECT',
    async run(ctx) {
      const sim = await ctx.start();
      const client = ctx.client();
      sim.script('invoke', [{ fault: 'reset-mid-body' }]);
      const error = expectTyped(await ctx.failure(ctx.invoke(client)), ConnectError, 'MCPGW_CONNECT');
      expect(error.mayHaveReachedServer).toBe(true);
      expect(sim.counts.invoke).toBe(1);
    },
  },
  {
    name: 'slow headers past the attempt timeout: a read is retried and succeeds',
    fault: 'headers 3 s late, attempt timeout 300 ms (listServers)',
    expected: 'the page, on attempt 2',
    metric: 'mcpgw_retries_total{operation="listServers",reason="mcpgw_timeout"}',
    log: '"retrying" code=MCPGW_TIMEOUT',
    async run(ctx) {
      const sim = await ctx.start();
      const client = ctx.client({ timeouts: { attemptMs: 300, totalMs: 10_000, connectMs: 1_000 } });
      sim.script('listServers', [{ fault: 'slow-headers', delayMs: 3_000 }]);
      const page = await ctx.success((timeoutMs) => client.listServers({ limit: 2, timeoutMs }));
      expect(page.items).toHaveLength(2);
      expect(sim.counts.listServers).toBe(2);
    },
  },
  {
    name: 'slow headers on a non-idempotent invoke: TimeoutError, not retried',
    fault: 'headers 1.5 s late, attempt timeout 300 ms (invoke)',
    expected: '`TimeoutError` `MCPGW_TIMEOUT`, phase `attempt`, 1 attempt, the tool ran at most once',
    metric: 'mcpgw_requests_total{operation="invokeTool",outcome="mcpgw_timeout"}',
    log: '"operation failed" code=MCPGW_TIMEOUT',
    async run(ctx) {
      const sim = await ctx.start();
      const client = ctx.client({ timeouts: { attemptMs: 300, totalMs: 10_000, connectMs: 1_000 } });
      sim.script('invoke', [{ fault: 'slow-headers', delayMs: 1_500 }]);
      const error = expectTyped(await ctx.failure(ctx.invoke(client)), TimeoutError, 'MCPGW_TIMEOUT');
      expect(error.phase).toBe('attempt');
      expect(error.mayHaveReachedServer).toBe(true);
      expect(sim.counts.invoke).toBe(1);
    },
  },
  {
    name: 'slow body (trickle) past the attempt timeout: TimeoutError after every attempt',
    fault: 'the body trickled 16 bytes every 200 ms, attempt timeout 500 ms, on every attempt (listServers)',
    expected: '`TimeoutError` `MCPGW_TIMEOUT`, phase `attempt`, 3 attempts',
    metric: 'mcpgw_requests_total{operation="listServers",outcome="mcpgw_timeout"}',
    log: '"operation failed" code=MCPGW_TIMEOUT',
    async run(ctx) {
      const sim = await ctx.start();
      const client = ctx.client({ timeouts: { attemptMs: 500, totalMs: 10_000, connectMs: 1_000 } });
      const trickle = { fault: 'slow-body', chunkDelayMs: 200, chunkBytes: 16 } as const;
      sim.script('listServers', [trickle, trickle, trickle]);
      const error = expectTyped(
        await ctx.failure((timeoutMs) => client.listServers({ timeoutMs })),
        TimeoutError,
        'MCPGW_TIMEOUT',
      );
      expect(error.phase).toBe('attempt');
      expect(error.attempts).toBe(3);
    },
  },
  {
    name: 'slow body (trickle) within the timeout: the answer arrives whole',
    fault: 'the body trickled 256 bytes every 5 ms (listTools)',
    expected: 'the page, on attempt 1',
    metric: 'mcpgw_requests_total{operation="listTools",outcome="success"}',
    log: '"operation finished" operation=listTools',
    async run(ctx) {
      const sim = await ctx.start();
      const client = ctx.client();
      sim.script('listTools', [{ fault: 'slow-body', chunkDelayMs: 5, chunkBytes: 256 }]);
      const page = await ctx.success((timeoutMs) => client.listTools({ server: 'postgres-mcp', timeoutMs }));
      expect(page.items.map((t) => t.tool_name)).toContain('execute_query');
      expect(sim.counts.listTools).toBe(1);
    },
  },
  {
    name: 'a hang with no bytes: the call ends at its deadline',
    fault: 'the connection is accepted and never answered, on every attempt (listServers)',
    expected: "`TimeoutError` `MCPGW_TIMEOUT`, phase `deadline`, at the call's `timeoutMs`",
    metric: 'mcpgw_requests_total{operation="listServers",outcome="mcpgw_timeout"}',
    log: '"operation failed" code=MCPGW_TIMEOUT',
    async run(ctx) {
      const sim = await ctx.start();
      const client = ctx.client({ timeouts: { attemptMs: 60_000, totalMs: 60_000, connectMs: 1_000 } });
      sim.script('listServers', [{ fault: 'hang' }, { fault: 'hang' }, { fault: 'hang' }]);
      const error = expectTyped(
        await ctx.failure((timeoutMs) => client.listServers({ timeoutMs }), 800),
        TimeoutError,
        'MCPGW_TIMEOUT',
      );
      expect(error.phase).toBe('deadline');
      expect(client.stats().inFlight).toBe(0);
    },
  },
  {
    name: '5xx burst shorter than the retries: a read succeeds',
    fault: '503 then 502 (listServers)',
    expected: 'the page, on attempt 3',
    metric: 'mcpgw_retries_total{operation="listServers",reason="status_503"}',
    log: '"retrying" code=MCPGW_SERVER_ERROR',
    async run(ctx) {
      const sim = await ctx.start();
      const client = ctx.client();
      sim.script('listServers', [{ status: 503 }, { status: 502 }]);
      const page = await ctx.success((timeoutMs) => client.listServers({ limit: 1, timeoutMs }));
      expect(page.items).toHaveLength(1);
      expect(sim.counts.listServers).toBe(3);
    },
  },
  {
    name: '5xx burst longer than the retries: ServerError',
    fault: '500 on every attempt (getServer)',
    expected: '`ServerError` `MCPGW_SERVER_ERROR`, status 500, 3 attempts',
    metric: 'mcpgw_requests_total{operation="getServer",outcome="mcpgw_server_error"}',
    log: '"operation failed" code=MCPGW_SERVER_ERROR',
    async run(ctx) {
      const sim = await ctx.start();
      const client = ctx.client();
      sim.script('getServer', [{ status: 500 }, { status: 500 }, { status: 500 }, { status: 500 }]);
      const error = expectTyped(
        await ctx.failure((timeoutMs) => client.getServer('github-mcp', { timeoutMs })),
        ServerError,
        'MCPGW_SERVER_ERROR',
      );
      expect(error.status).toBe(500);
      expect(error.attempts).toBe(3);
      expect(sim.counts.getServer).toBe(3);
    },
  },
  {
    name: '5xx on a non-idempotent invoke: ServerError, not retried',
    fault: '503 (invoke without Idempotency-Key)',
    expected: '`ServerError` `MCPGW_SERVER_ERROR`, status 503, 1 attempt',
    metric: 'mcpgw_requests_total{operation="invokeTool",outcome="mcpgw_server_error"}',
    log: '"operation failed" code=MCPGW_SERVER_ERROR',
    async run(ctx) {
      const sim = await ctx.start();
      const client = ctx.client();
      sim.script('invoke', [{ status: 503 }]);
      const error = expectTyped(await ctx.failure(ctx.invoke(client)), ServerError, 'MCPGW_SERVER_ERROR');
      expect(error.status).toBe(503);
      expect(sim.counts.invoke).toBe(1);
    },
  },
  {
    name: '429 with Retry-After on a read: waits as told and succeeds',
    fault: '429 with `Retry-After: 1` (listServers)',
    expected: 'the page, on attempt 2, after a backoff of at least 1 s',
    metric: 'mcpgw_retries_total{operation="listServers",reason="status_429"}',
    log: '"retrying" code=MCPGW_RATE_LIMITED',
    async run(ctx) {
      const sim = await ctx.start();
      // maxDelayMs is also the longest Retry-After honoured; past it the call fails at once (retry README).
      const client = ctx.client({ retry: { baseDelayMs: 10, maxDelayMs: 2_000 } });
      sim.script('listServers', [{ status: 429, headers: { 'retry-after': '1' } }]);
      await ctx.success((timeoutMs) => client.listServers({ limit: 1, timeoutMs }));
      expect(sim.counts.listServers).toBe(2);
      const retry = ctx.capture.records().find((r) => r.msg === 'retrying' && r.code === 'MCPGW_RATE_LIMITED');
      expect(retry?.delayMs).toBeGreaterThanOrEqual(1_000);
    },
  },
  {
    name: '429 with Retry-After on an invoke: RateLimitedError carrying retryAfterMs',
    fault: '429 with `Retry-After: 2` (invoke without Idempotency-Key)',
    expected: '`RateLimitedError` `MCPGW_RATE_LIMITED`, `retryAfterMs: 2000`, 1 attempt',
    metric: 'mcpgw_requests_total{operation="invokeTool",outcome="mcpgw_rate_limited"}',
    log: '"operation failed" code=MCPGW_RATE_LIMITED',
    async run(ctx) {
      const sim = await ctx.start();
      const client = ctx.client();
      sim.script('invoke', [{ status: 429, headers: { 'retry-after': '2' } }]);
      const error = expectTyped(await ctx.failure(ctx.invoke(client)), RateLimitedError, 'MCPGW_RATE_LIMITED');
      expect(error.retryAfterMs).toBe(2_000);
      expect(sim.counts.invoke).toBe(1);
    },
  },
  {
    name: 'malformed JSON: ResponseFormatError, not retried',
    fault: '200 `application/json` with broken JSON (getServer)',
    expected: '`ResponseFormatError` `MCPGW_RESPONSE_FORMAT`, 1 attempt',
    metric: 'mcpgw_requests_total{operation="getServer",outcome="mcpgw_response_format"}',
    log: '"operation failed" code=MCPGW_RESPONSE_FORMAT',
    async run(ctx) {
      const sim = await ctx.start();
      const client = ctx.client();
      sim.script('getServer', [{ fault: 'malformed-json' }]);
      expectTyped(
        await ctx.failure((timeoutMs) => client.getServer('postgres-mcp', { timeoutMs })),
        ResponseFormatError,
        'MCPGW_RESPONSE_FORMAT',
      );
      expect(sim.counts.getServer).toBe(1);
    },
  },
  {
    name: 'valid JSON of the wrong shape: ResponseFormatError naming the field, not cached',
    fault: '200 with valid JSON of the wrong shape (listServers)',
    expected:
      '`ResponseFormatError` `MCPGW_RESPONSE_FORMAT` with `field` set, 1 attempt; the next call asks the gateway again',
    metric: 'mcpgw_requests_total{operation="listServers",outcome="mcpgw_response_format"}',
    log: '"operation failed" code=MCPGW_RESPONSE_FORMAT',
    async run(ctx) {
      const sim = await ctx.start();
      const client = ctx.client();
      sim.script('listServers', [{ fault: 'wrong-schema' }]);
      const error = expectTyped(
        await ctx.failure((timeoutMs) => client.listServers({ timeoutMs })),
        ResponseFormatError,
        'MCPGW_RESPONSE_FORMAT',
      );
      expect(error.field).toEqual(expect.any(String));
      expect(sim.counts.listServers).toBe(1);
      // The malformed answer must not be kept: the next call asks the gateway again and succeeds.
      const page = await ctx.success((timeoutMs) => client.listServers({ timeoutMs }));
      expect(page.items.length).toBeGreaterThan(0);
      expect(sim.counts.listServers).toBe(2);
    },
  },
  {
    name: 'a huge body: ResponseTooLargeError, with or without Content-Length',
    fault: '2 MiB bodies, `maxResponseBytes` 64 KiB (with Content-Length, then chunked)',
    expected: '`ResponseTooLargeError` `MCPGW_RESPONSE_TOO_LARGE` both times',
    metric: 'mcpgw_requests_total{operation="listServers",outcome="mcpgw_response_too_large"} >= 2',
    log: '"operation failed" code=MCPGW_RESPONSE_TOO_LARGE',
    async run(ctx) {
      const sim = await ctx.start();
      const client = ctx.client({ limits: { maxResponseBytes: 64 * 1024 } });
      const huge = { fault: 'huge-body', bytes: 2 * 1024 * 1024 } as const;
      sim.script('listServers', [huge, huge, huge]);
      const withLength = await ctx.failure((timeoutMs) => client.listServers({ limit: 1, timeoutMs }));
      expectTyped(withLength, ResponseTooLargeError, 'MCPGW_RESPONSE_TOO_LARGE');
      sim.script('listServers', [
        { ...huge, chunked: true },
        { ...huge, chunked: true },
        { ...huge, chunked: true },
      ]);
      const chunked = await ctx.failure((timeoutMs) => client.listServers({ limit: 2, timeoutMs }));
      expectTyped(chunked, ResponseTooLargeError, 'MCPGW_RESPONSE_TOO_LARGE');
    },
  },
  {
    name: 'a truncated body: a read is retried and succeeds',
    fault: 'Content-Length 100 bytes larger than sent, then the socket ends (getServer)',
    expected: 'the server, on attempt 2',
    metric: 'mcpgw_retries_total{operation="getServer",reason="mcpgw_connect"}',
    log: '"retrying" code=MCPGW_CONNECT',
    async run(ctx) {
      const sim = await ctx.start();
      const client = ctx.client();
      sim.script('getServer', [{ fault: 'truncated' }]);
      const server = await ctx.success((timeoutMs) => client.getServer('github-mcp', { timeoutMs }));
      expect(server.server_name).toBe('github-mcp');
      expect(sim.counts.getServer).toBe(2);
    },
  },
  {
    name: 'a truncated body on every attempt: ConnectError',
    fault: 'Content-Length 100 bytes larger than sent, on every attempt (listServers)',
    expected: '`ConnectError` `MCPGW_CONNECT`, `mayHaveReachedServer: true`, 3 attempts',
    metric: 'mcpgw_requests_total{operation="listServers",outcome="mcpgw_connect"}',
    log: '"operation failed" code=MCPGW_CONNECT',
    async run(ctx) {
      const sim = await ctx.start();
      const client = ctx.client();
      sim.script('listServers', [{ fault: 'truncated' }, { fault: 'truncated' }, { fault: 'truncated' }]);
      const error = expectTyped(
        await ctx.failure((timeoutMs) => client.listServers({ timeoutMs })),
        ConnectError,
        'MCPGW_CONNECT',
      );
      expect(error.attempts).toBe(3);
    },
  },
  {
    name: 'DNS failure: ConnectError that never reached the gateway',
    fault: "the base URL's host is `gateway.invalid` (RFC 6761: never resolves)",
    expected: '`ConnectError` `MCPGW_CONNECT`, reason `ENOTFOUND` (or `EAI_AGAIN`), `mayHaveReachedServer: false`',
    metric: 'mcpgw_requests_total{operation="getServer",outcome="mcpgw_connect"}',
    log: '"operation failed" code=MCPGW_CONNECT',
    async run(ctx) {
      const client = ctx.client({ baseUrl: 'http://gateway.invalid:8080/mcp' });
      const error = expectTyped(
        await ctx.failure((timeoutMs) => client.getServer('postgres-mcp', { timeoutMs })),
        ConnectError,
        'MCPGW_CONNECT',
      );
      expect(['ENOTFOUND', 'EAI_AGAIN', 'EAI_NONAME', 'EAI_FAIL']).toContain(error.reason);
      expect(error.mayHaveReachedServer).toBe(false);
    },
  },
  {
    name: 'the gateway restarts mid-run: calls fail typed while it is down and succeed after',
    fault: 'the simulator is closed (sockets destroyed) and a new one starts on the same port',
    expected:
      'before: results; down: `ConnectError` (never reached); after: results on the same client, keyed invokes ran once',
    metric: 'mcpgw_requests_total{operation="invokeTool",outcome="success"} >= 6',
    log: '"operation failed" code=MCPGW_CONNECT',
    async run(ctx) {
      const first = await ctx.start();
      const client = ctx.client({ cache: false });
      const keyed = (key: string) => ctx.invoke(client, { idempotencyKey: key });
      for (let i = 0; i < 3; i++) await ctx.success(keyed(`restart-before-${i}`));
      await first.close();
      const down = await ctx.failure(keyed('restart-down'));
      expect(expectTyped(down, ConnectError, 'MCPGW_CONNECT').mayHaveReachedServer).toBe(false);
      const second = await ctx.start({ port: first.port });
      expect(second.port).toBe(first.port);
      for (let i = 0; i < 3; i++) await ctx.success(keyed(`restart-after-${i}`));
      await ctx.success((timeoutMs) => client.listServers({ limit: 1, timeoutMs }));
      expect(second.executions('postgres-mcp', 'execute_query')).toBe(3);
    },
  },
  {
    name: 'OPA down: AuthorizationUnavailableError, nothing sent to the gateway',
    fault: 'nothing listens at the OPA URL',
    expected:
      '`AuthorizationUnavailableError` `MCPGW_AUTHZ_UNAVAILABLE`, reason `unreachable`; the gateway saw no invoke',
    metric: 'mcpgw_authz_decisions_total{decision="unavailable"}',
    log: '"operation failed" code=MCPGW_AUTHZ_UNAVAILABLE',
    async run(ctx) {
      const sim = await ctx.start();
      const client = ctx.client({ opa: ctx.opaOptions(`http://127.0.0.1:${await freePort()}`) });
      const error = expectTyped(
        await ctx.failure(ctx.invoke(client)),
        AuthorizationUnavailableError,
        'MCPGW_AUTHZ_UNAVAILABLE',
      );
      expect(error.reason).toBe('unreachable');
      expect(sim.counts.invoke).toBe(0);
    },
  },
  {
    name: 'OPA slow: refused at the OPA timeout, nothing sent to the gateway',
    fault: 'OPA answers after 3 s; `opa.timeoutMs` 300',
    expected: '`AuthorizationUnavailableError` `MCPGW_AUTHZ_UNAVAILABLE`, reason `timeout`; the gateway saw no invoke',
    metric: 'mcpgw_authz_decisions_total{decision="unavailable"}',
    log: '"operation failed" code=MCPGW_AUTHZ_UNAVAILABLE',
    async run(ctx) {
      const sim = await ctx.start();
      const opa = await ctx.opa({ latencyMs: 3_000 });
      const client = ctx.client({ opa: ctx.opaOptions(opa.url, { timeoutMs: 300 }) });
      const error = expectTyped(
        await ctx.failure(ctx.invoke(client)),
        AuthorizationUnavailableError,
        'MCPGW_AUTHZ_UNAVAILABLE',
      );
      expect(error.reason).toBe('timeout');
      expect(sim.counts.invoke).toBe(0);
    },
  },
  {
    name: 'OPA undefined: refused as an undefined policy, then allowed once the policy answers',
    fault: 'OPA answers `{}` (no `result`), then `{"result":{"allow":true}}`',
    expected: '`AuthorizationUnavailableError` reason `undefined-policy` and no invoke; then the result',
    metric: 'mcpgw_authz_decisions_total{decision="allow"}',
    log: '"operation failed" code=MCPGW_AUTHZ_UNAVAILABLE',
    async run(ctx) {
      const sim = await ctx.start();
      const opa = await ctx.opa();
      opa.script([{ undefined: true }]);
      const client = ctx.client({ opa: ctx.opaOptions(opa.url) });
      const error = expectTyped(
        await ctx.failure(ctx.invoke(client)),
        AuthorizationUnavailableError,
        'MCPGW_AUTHZ_UNAVAILABLE',
      );
      expect(error.reason).toBe('undefined-policy');
      expect(sim.counts.invoke).toBe(0);
      await ctx.success(ctx.invoke(client));
      expect(sim.counts.invoke).toBe(1);
      // OPA saw who the user is, never the token itself.
      expect(JSON.stringify(opa.inputs)).toContain('canary-user');
    },
  },
  {
    name: 'Redis down and back: reads go to the gateway, then the shared cache serves again',
    fault: 'redis-server killed mid-run, then started again on the same port',
    expected:
      'every read succeeds (from the gateway while Redis is down); `health()` cache check degraded, then healthy',
    metric: 'mcpgw_cache_store_available{store="redis"} = 0',
    log: '"cache store unavailable" store=redis',
    async run(ctx) {
      const sim = await ctx.start();
      const redis = await ctx.redis();
      const client = ctx.client({ cache: { redis: { url: redis.url, namespace: `chaos${Date.now()}` } } });
      // The store connects and writes asynchronously: wait until the shared cache answers a read.
      await eventually(async () => {
        const sent = sim.counts.listServers;
        await ctx.success((timeoutMs) => client.listServers({ limit: 3, timeoutMs }));
        return sim.counts.listServers === sent;
      });
      await redis.kill();
      for (const limit of [4, 5, 6]) await ctx.success((timeoutMs) => client.listServers({ limit, timeoutMs }));
      await eventually(async () => (await client.health()).checks.cache?.status !== 'healthy');
      await ctx.snapshotMetrics();
      await ctx.redis(redis.port);
      await eventually(async () => (await client.health()).checks.cache?.status === 'healthy');
      await eventually(async () => {
        const sent = sim.counts.listServers;
        await ctx.success((timeoutMs) => client.listServers({ limit: 7, timeoutMs }));
        return sim.counts.listServers === sent;
      });
    },
  },
  {
    name: 'a flapping upstream opens and closes the breaker repeatedly',
    fault: 'three cycles of 503 bursts then recovery; breaker volume 4, reset 300 ms',
    expected:
      '`ServerError` while failing, `CircuitOpenError` `MCPGW_CIRCUIT_OPEN` (nothing sent) while open, results after each recovery',
    metric: 'mcpgw_breaker_transitions_total{to="open"} >= 3',
    log: '"circuit opened"',
    async run(ctx) {
      const sim = await ctx.start();
      const client = ctx.client({
        cache: false,
        retry: false,
        breaker: { volumeThreshold: 4, errorThresholdPercentage: 50, resetTimeoutMs: 300 },
      });
      for (let cycle = 0; cycle < 3; cycle++) {
        sim.script(
          'listServers',
          Array.from({ length: 50 }, () => ({ status: 503 })),
        );
        let open: unknown;
        await eventually(async () => {
          const outcome = await ctx.call((timeoutMs) => client.listServers({ limit: 1, timeoutMs }));
          if (outcome.ok) return false;
          if (outcome.error instanceof CircuitOpenError) open = outcome.error;
          else expectTyped(outcome.error, ServerError, 'MCPGW_SERVER_ERROR');
          return open !== undefined;
        });
        const sent = sim.counts.listServers;
        expectTyped(
          await ctx.failure((timeoutMs) => client.listServers({ limit: 1, timeoutMs })),
          CircuitOpenError,
          'MCPGW_CIRCUIT_OPEN',
        );
        expect(sim.counts.listServers).toBe(sent);
        sim.script('listServers', []);
        await eventually(async () => (await ctx.call((timeoutMs) => client.listServers({ limit: 1, timeoutMs }))).ok);
      }
    },
  },
  {
    name: 'the client closed under load: in-flight calls finish or fail typed, none runs twice',
    fault: '`close()` while 40 calls (reads, invokes with and without Idempotency-Key) are in flight at 300 ms latency',
    expected:
      'each call succeeds or fails with `ClientClosedError` `MCPGW_CLIENT_CLOSED`; calls after close fail at once',
    metric: 'mcpgw_requests_in_flight{operation="invokeTool"} >= 1',
    log: '"operation failed" code=MCPGW_CLIENT_CLOSED',
    async run(ctx) {
      const sim = await ctx.start({ latencyMs: 300 });
      const client = ctx.client({ cache: false });
      const calls = Array.from({ length: 40 }, (_, i) => {
        if (i % 3 === 0) return ctx.call((timeoutMs) => client.listServers({ limit: 2, timeoutMs }));
        if (i % 3 === 1) return ctx.call(ctx.invoke(client, { idempotencyKey: `close-${i}` }));
        return ctx.call(ctx.invoke(client));
      });
      await eventually(() => client.stats().inFlight >= 40);
      await ctx.snapshotMetrics();
      const closing = client.close({ drainTimeoutMs: 100 });
      const refused = await ctx.failure((timeoutMs) => client.listServers({ timeoutMs }));
      expectTyped(refused, ClientClosedError, 'MCPGW_CLIENT_CLOSED');
      const outcomes = await Promise.all(calls);
      await closing;
      for (const outcome of outcomes) {
        if (!outcome.ok) expectTyped(outcome.error, ClientClosedError, 'MCPGW_CLIENT_CLOSED');
      }
      expectTyped(await ctx.failure(ctx.invoke(client)), ClientClosedError, 'MCPGW_CLIENT_CLOSED');
      expect(client.liveness().state).toBe('closed');
      // Nothing was sent twice: one request per call at most (the invoke log check covers the tool runs).
      expect(sim.counts.total).toBeLessThanOrEqual(40);
    },
  },
  {
    name: 'the bulkhead is full: QueueFullError, nothing sent',
    fault: 'one call hangs with `maxConcurrent` 1 and `maxQueue` 0',
    expected: '`QueueFullError` `MCPGW_QUEUE_FULL`; the gateway saw only the hanging call',
    metric: 'mcpgw_queue_rejections_total{operation="getServer",reason="full"}',
    log: '"operation failed" code=MCPGW_QUEUE_FULL',
    async run(ctx) {
      const sim = await ctx.start();
      const client = ctx.client({ cache: false, limits: { maxConcurrent: 1, maxQueue: 0 } });
      sim.script('listServers', [{ fault: 'hang' }]);
      const blocker = ctx.call((timeoutMs) => client.listServers({ timeoutMs }), 1_500);
      await eventually(() => client.stats().queue.inFlight >= 1);
      expectTyped(
        await ctx.failure((timeoutMs) => client.getServer('postgres-mcp', { timeoutMs })),
        QueueFullError,
        'MCPGW_QUEUE_FULL',
      );
      expect(sim.counts.getServer).toBe(0);
      await blocker;
    },
  },
  // The MCP rows (issue 14): the simulator's /mcp faults through the preset's protocol: 'mcp' client.
  ...mcpChaosScenarios,
  // The faults of issue 12 that a peer or a caller can cause (the adversarial pass over the preset).
  ...defectChaosScenarios,
];
