import {
  AbortError,
  ConnectError,
  type GatewayError,
  RateLimitedError,
  ResponseFormatError,
  ResponseTooLargeError,
  ServerError,
  TimeoutError,
  UnauthorizedError,
} from '@mcpgw/core';
import type { GatewaySim, McpScriptStep } from '@mcpgw/gateway-sim';
import type { CreateGatewayClientOptions } from '@mcpgw/preset';
import { expect } from 'vitest';
import { canary } from '../src/canary.js';
import type { ChaosContext, ChaosScenario } from '../src/chaos-context.js';
import { type McpChaosClient, mcpChaosClient } from '../src/mcp-chaos-client.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it holds, at most `boundMs` (a bound for a slow machine, not a speed assertion). */
async function eventually(check: () => boolean, boundMs = 20_000): Promise<void> {
  const until = performance.now() + boundMs;
  while (!check()) {
    if (performance.now() > until) throw new Error(`condition not reached within ${boundMs} ms`);
    await sleep(20);
  }
}

/** A slow tools/call with progress that the caller aborts at its first progress update. */
function abortedAtFirstProgress(client: McpChaosClient) {
  return (timeoutMs: number) => {
    const controller = new AbortController();
    return client.invokeTool({
      tool: 'slow',
      parameters: { steps: 1000, stepMs: 20, tag: canary.parameterValue },
      timeoutMs,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
  };
}

const cancelledCalls = (sim: GatewaySim) => sim.mcp.calls.filter((c) => c.outcome === 'cancelled').length;

function expectTyped<T extends GatewayError>(error: unknown, type: new (...args: never[]) => T, code: string): T {
  expect(error).toBeInstanceOf(type);
  expect((error as GatewayError).code).toBe(code);
  return error as T;
}

/** The error's code, for the MCP errors whose classes live in @mcpgw/mcp (not a dependency of this suite). */
function expectCode(error: unknown, code: string): GatewayError {
  expect((error as GatewayError).code).toBe(code);
  return error as GatewayError;
}

interface McpRow {
  sim: GatewaySim;
  client: McpChaosClient;
}

/** A simulator and a preset MCP client on its `/mcp`, in the era asked for (2025-11-25 unless told). */
async function mcpRow(
  ctx: ChaosContext,
  options: {
    protocolVersion?: '2025-11-25' | '2026-07-28' | 'auto';
    eras?: 'both' | 'legacy' | 'stateless';
    client?: Partial<CreateGatewayClientOptions>;
  } = {},
): Promise<McpRow> {
  const sim = await ctx.start({ mcp: { eras: options.eras ?? 'both' } });
  const client = mcpChaosClient(ctx, sim, options.protocolVersion ?? '2025-11-25', options.client ?? {});
  return { sim, client };
}

/**
 * A destructive, non-idempotent call for the canary user, with the canary as its argument: it must never run twice,
 * and neither the token nor the argument may reach a log line, metric, span or error.
 */
function deleteRecord(client: McpChaosClient, extra: Record<string, unknown> = {}) {
  return (timeoutMs: number) =>
    client.invokeTool({
      tool: 'delete_record',
      parameters: { id: canary.parameterValue },
      user: canary.userToken,
      timeoutMs,
      ...extra,
    });
}

function listPage(client: McpChaosClient) {
  return (timeoutMs: number) => client.listTools({ timeoutMs });
}

/**
 * Opens the session (2025 era) so a fault scripted next hits a request inside it. The warm-up listing is dropped
 * from the cache, so the next listing goes to the server and meets the fault.
 */
async function warmUp(ctx: ChaosContext, client: McpChaosClient): Promise<void> {
  await ctx.success((timeoutMs) => client.listTools({ timeoutMs }));
  await client.invalidate();
}

const script = (sim: GatewaySim, target: string, steps: McpScriptStep[]) => sim.mcp.script(target, steps);

/**
 * The MCP rows of the chaos matrix: the simulator's `/mcp` faults, through the preset's `protocol: 'mcp'` client,
 * with the checks every row has (typed error, metric, log line, no unhandled rejection, no call past its
 * deadline, no tools/call run twice).
 */
export const mcpChaosScenarios: ChaosScenario[] = [
  {
    name: 'MCP session forgotten (404): re-initialized once, the listing succeeds',
    fault: 'the server forgets the session and answers 404 (2025-11-25, tools/list)',
    expected: 'the page, after one new `initialize`',
    metric: 'mcpgw_requests_total{operation="listTools",outcome="success"} >= 2',
    log: '"operation finished" operation=listTools',
    async run(ctx) {
      const { sim, client } = await mcpRow(ctx);
      await warmUp(ctx, client);
      script(sim, 'tools/list', [{ fault: 'session-lost' }]);
      const page = await ctx.success(listPage(client));
      expect(page.items.length).toBeGreaterThan(0);
      expect(sim.mcp.counts.initialize).toBe(2);
    },
  },
  {
    name: 'MCP session forgotten, SDK-style 400: re-initialized once, the listing succeeds',
    fault: 'the server forgets the session and answers 400 "No valid session ID" (2025-11-25, tools/list)',
    expected: 'the page, after one new `initialize`',
    metric: 'mcpgw_requests_total{operation="listTools",outcome="success"} >= 2',
    log: '"operation finished" operation=listTools',
    async run(ctx) {
      const { sim, client } = await mcpRow(ctx);
      await warmUp(ctx, client);
      script(sim, 'tools/list', [{ fault: 'session-lost', status: 400 }]);
      await ctx.success(listPage(client));
      expect(sim.mcp.counts.initialize).toBe(2);
    },
  },
  {
    name: 'MCP session lost on every request: SessionLostError, no initialize loop',
    fault: 'every tools/list answered 404 for the session (2025-11-25)',
    expected: '`SessionLostError` `MCPGW_MCP_SESSION_LOST`; one new `initialize`, not a loop',
    metric: 'mcpgw_requests_total{operation="listTools",outcome="mcpgw_mcp_session_lost"}',
    log: '"operation failed" code=MCPGW_MCP_SESSION_LOST',
    async run(ctx) {
      const { sim, client } = await mcpRow(ctx);
      await warmUp(ctx, client);
      const lost = { fault: 'session-lost' } as const;
      script(sim, 'tools/list', [lost, lost, lost, lost, lost, lost, lost, lost]);
      expectCode(await ctx.failure(listPage(client)), 'MCPGW_MCP_SESSION_LOST');
      expect(sim.mcp.counts.initialize).toBeLessThanOrEqual(3);
      expect(sim.mcp.pendingSteps('tools/list')).toBeGreaterThan(0);
    },
  },
  {
    name: 'MCP session forgotten on a tools/call: sent again in the new session, runs once',
    fault: 'the server forgets the session and answers 404 before running the tool (tools/call delete_record)',
    expected: 'the result, after one new `initialize`; the tool ran once',
    metric: 'mcpgw_requests_total{operation="invokeTool",outcome="success"}',
    log: '"operation finished" operation=invokeTool',
    async run(ctx) {
      const { sim, client } = await mcpRow(ctx);
      await warmUp(ctx, client);
      script(sim, 'tools/call', [{ fault: 'session-lost' }]);
      const result = await ctx.success(deleteRecord(client));
      expect(result.isError).not.toBe(true);
      expect(sim.mcp.executions('delete_record')).toBe(1);
    },
  },
  {
    name: 'MCP 5xx burst on tools/list: retried, the listing succeeds',
    fault: '503 then 502 (tools/list, 2026-07-28)',
    expected: 'the page, on attempt 3',
    metric: 'mcpgw_retries_total{operation="listTools",reason="status_503"}',
    log: '"retrying" code=MCPGW_SERVER_ERROR',
    async run(ctx) {
      const { sim, client } = await mcpRow(ctx, { protocolVersion: '2026-07-28' });
      script(sim, 'tools/list', [{ status: 503 }, { status: 502 }]);
      await ctx.success(listPage(client));
      expect(sim.mcp.counts['tools/list']).toBe(3);
    },
  },
  {
    name: 'MCP 5xx on tools/call: ServerError, not retried',
    fault: '503 (tools/call delete_record, 2025-11-25)',
    expected: '`ServerError` `MCPGW_SERVER_ERROR`, status 503, 1 attempt, the tool never ran',
    metric: 'mcpgw_requests_total{operation="invokeTool",outcome="mcpgw_server_error"}',
    log: '"operation failed" code=MCPGW_SERVER_ERROR',
    async run(ctx) {
      const { sim, client } = await mcpRow(ctx);
      await warmUp(ctx, client);
      script(sim, 'tools/call', [{ status: 503 }]);
      const error = expectTyped(await ctx.failure(deleteRecord(client)), ServerError, 'MCPGW_SERVER_ERROR');
      expect(error.status).toBe(503);
      const sent = sim.mcp.requests.find((r) => r.rpcMethod === 'tools/call');
      expect(sent?.headers.authorization).toBe(`Bearer ${canary.userToken}`);
      expect(sim.mcp.counts['tools/call']).toBe(1);
      expect(sim.mcp.executions('delete_record')).toBe(0);
    },
  },
  {
    name: 'MCP 429 with Retry-After on tools/list: waits as told and succeeds',
    fault: '429 with `Retry-After: 1` (tools/list, 2026-07-28)',
    expected: 'the page, on attempt 2, after a backoff of at least 1 s',
    metric: 'mcpgw_retries_total{operation="listTools",reason="status_429"}',
    log: '"retrying" code=MCPGW_RATE_LIMITED',
    async run(ctx) {
      const { sim, client } = await mcpRow(ctx, {
        protocolVersion: '2026-07-28',
        client: { retry: { baseDelayMs: 10, maxDelayMs: 2_000 } },
      });
      script(sim, 'tools/list', [{ status: 429, headers: { 'Retry-After': '1' } }]);
      await ctx.success(listPage(client));
      expect(sim.mcp.counts['tools/list']).toBe(2);
      const retry = ctx.capture.records().find((r) => r.msg === 'retrying' && r.code === 'MCPGW_RATE_LIMITED');
      expect(retry?.delayMs).toBeGreaterThanOrEqual(1_000);
    },
  },
  {
    name: 'MCP 429 on tools/call: RateLimitedError carrying retryAfterMs, not retried',
    fault: '429 with `Retry-After: 2` (tools/call delete_record, 2026-07-28)',
    expected: '`RateLimitedError` `MCPGW_RATE_LIMITED`, `retryAfterMs: 2000`, 1 attempt',
    metric: 'mcpgw_requests_total{operation="invokeTool",outcome="mcpgw_rate_limited"}',
    log: '"operation failed" code=MCPGW_RATE_LIMITED',
    async run(ctx) {
      const { sim, client } = await mcpRow(ctx, { protocolVersion: '2026-07-28' });
      script(sim, 'tools/call', [{ status: 429, headers: { 'Retry-After': '2' } }]);
      const error = expectTyped(await ctx.failure(deleteRecord(client)), RateLimitedError, 'MCPGW_RATE_LIMITED');
      expect(error.retryAfterMs).toBe(2_000);
      expect(sim.mcp.counts['tools/call']).toBe(1);
    },
  },
  {
    name: 'MCP hang on tools/call: TimeoutError at the deadline, the tool never ran',
    fault: 'the tools/call request is accepted and never answered (2025-11-25)',
    expected: "`TimeoutError` `MCPGW_TIMEOUT`, phase `deadline`, at the call's `timeoutMs`",
    metric: 'mcpgw_requests_total{operation="invokeTool",outcome="mcpgw_timeout"}',
    log: '"operation failed" code=MCPGW_TIMEOUT',
    async run(ctx) {
      const { sim, client } = await mcpRow(ctx, {
        client: { timeouts: { attemptMs: 60_000, totalMs: 60_000, connectMs: 1_000 } },
      });
      await warmUp(ctx, client);
      script(sim, 'tools/call', [{ fault: 'hang' }]);
      const error = expectTyped(await ctx.failure(deleteRecord(client), 800), TimeoutError, 'MCPGW_TIMEOUT');
      expect(error.phase).toBe('deadline');
      expect(sim.mcp.executions('delete_record')).toBe(0);
    },
  },
  {
    name: 'MCP reset on tools/call: ConnectError that may have reached the server, not retried',
    fault: 'TCP reset before any response byte (tools/call delete_record, 2025-11-25)',
    expected: '`ConnectError` `MCPGW_CONNECT`, `mayHaveReachedServer: true`, 1 attempt',
    metric: 'mcpgw_requests_total{operation="invokeTool",outcome="mcpgw_connect"}',
    log: '"operation failed" code=MCPGW_CONNECT',
    async run(ctx) {
      const { sim, client } = await mcpRow(ctx);
      await warmUp(ctx, client);
      script(sim, 'tools/call', [{ fault: 'reset' }]);
      const error = expectTyped(await ctx.failure(deleteRecord(client)), ConnectError, 'MCPGW_CONNECT');
      expect(error.mayHaveReachedServer).toBe(true);
      expect(sim.mcp.counts['tools/call']).toBe(1);
    },
  },
  {
    name: 'MCP stream ended by the server after an event id: resumed with Last-Event-ID, the tool ran once',
    fault: 'the tools/call stream (slow, with progress) ends cleanly after one event (2025-11-25)',
    expected: 'the result through `GET` with `Last-Event-ID`; every progress update; the tool ran once',
    metric: 'mcpgw_requests_total{operation="invokeTool",outcome="success"}',
    log: '"operation finished" operation=invokeTool',
    async run(ctx) {
      const { sim, client } = await mcpRow(ctx);
      await warmUp(ctx, client);
      script(sim, 'tools/call', [{ fault: 'cut-stream', afterEvents: 1, ending: 'end' }]);
      const progress: unknown[] = [];
      const result = await ctx.success((timeoutMs) =>
        client.invokeTool({
          tool: 'slow',
          parameters: { steps: 3, stepMs: 5, tag: canary.parameterValue },
          timeoutMs,
          onProgress: (update: unknown) => progress.push(update),
        }),
      );
      expect(result.structuredContent).toEqual({ steps: 3 });
      expect(progress).toHaveLength(3);
      expect(sim.mcp.counts.GET).toBeGreaterThanOrEqual(1);
      expect(sim.mcp.counts['tools/call']).toBe(1);
      expect(sim.mcp.executions('slow')).toBe(1);
    },
  },
  {
    name: 'MCP stream cut (socket destroyed) after an event id: resumed with Last-Event-ID, the tool ran once',
    fault: 'the tools/call stream loses its connection mid-body after the priming event (2025-11-25)',
    expected: 'the result through `GET` with `Last-Event-ID`; the tool ran once',
    metric: 'mcpgw_requests_total{operation="invokeTool",outcome="success"}',
    log: '"operation finished" operation=invokeTool',
    async run(ctx) {
      const { sim, client } = await mcpRow(ctx);
      await warmUp(ctx, client);
      script(sim, 'tools/call', [{ fault: 'cut-stream', afterEvents: 0 }]);
      await ctx.success(deleteRecord(client));
      expect(sim.mcp.counts['tools/call']).toBe(1);
      expect(sim.mcp.executions('delete_record')).toBe(1);
    },
  },
  {
    name: 'MCP stream ended without event ids: StreamLostError saying it may have run, not sent again',
    fault: 'the tools/call stream ends with no answer and no event id to resume from (2025-11-25)',
    expected: '`StreamLostError` `MCPGW_MCP_STREAM_LOST`; one tools/call sent; the tool ran once',
    metric: 'mcpgw_requests_total{operation="invokeTool",outcome="mcpgw_mcp_stream_lost"}',
    log: '"operation failed" code=MCPGW_MCP_STREAM_LOST',
    async run(ctx) {
      const { sim, client } = await mcpRow(ctx);
      await warmUp(ctx, client);
      script(sim, 'tools/call', [{ fault: 'cut-stream', afterEvents: 0, eventIds: false, ending: 'end' }]);
      expectCode(await ctx.failure(deleteRecord(client)), 'MCPGW_MCP_STREAM_LOST');
      expect(sim.mcp.counts['tools/call']).toBe(1);
      expect(sim.mcp.executions('delete_record')).toBe(1);
    },
  },
  {
    name: 'MCP 2026-07-28 stream broken before the answer: StreamLostError, not sent again',
    fault: 'the tools/call stream ends with no answer (2026-07-28: streams are not resumable)',
    expected: '`StreamLostError` `MCPGW_MCP_STREAM_LOST`; one tools/call sent',
    metric: 'mcpgw_requests_total{operation="invokeTool",outcome="mcpgw_mcp_stream_lost"}',
    log: '"operation failed" code=MCPGW_MCP_STREAM_LOST',
    async run(ctx) {
      const { sim, client } = await mcpRow(ctx, { protocolVersion: '2026-07-28' });
      script(sim, 'tools/call', [{ fault: 'cut-stream', afterEvents: 0, ending: 'end' }]);
      expectCode(await ctx.failure(deleteRecord(client)), 'MCPGW_MCP_STREAM_LOST');
      expect(sim.mcp.counts['tools/call']).toBe(1);
    },
  },
  {
    name: 'MCP garbage on the event stream: ResponseFormatError',
    fault: '200 `text/event-stream` with broken events and non-JSON data (tools/list, 2025-11-25)',
    expected: '`ResponseFormatError` `MCPGW_RESPONSE_FORMAT`',
    metric: 'mcpgw_requests_total{operation="listTools",outcome="mcpgw_response_format"}',
    log: '"operation failed" code=MCPGW_RESPONSE_FORMAT',
    async run(ctx) {
      const { sim, client } = await mcpRow(ctx);
      await warmUp(ctx, client);
      const garbage = { fault: 'garbage-sse' } as const;
      script(sim, 'tools/list', [garbage, garbage, garbage]);
      expectTyped(await ctx.failure(listPage(client)), ResponseFormatError, 'MCPGW_RESPONSE_FORMAT');
    },
  },
  {
    name: 'MCP malformed JSON answer on tools/call: ResponseFormatError, not retried',
    fault: '200 `application/json` with truncated JSON (tools/call delete_record, 2026-07-28)',
    expected: '`ResponseFormatError` `MCPGW_RESPONSE_FORMAT`, 1 attempt',
    metric: 'mcpgw_requests_total{operation="invokeTool",outcome="mcpgw_response_format"}',
    log: '"operation failed" code=MCPGW_RESPONSE_FORMAT',
    async run(ctx) {
      const { sim, client } = await mcpRow(ctx, { protocolVersion: '2026-07-28' });
      script(sim, 'tools/call', [{ fault: 'malformed-json' }]);
      expectTyped(await ctx.failure(deleteRecord(client)), ResponseFormatError, 'MCPGW_RESPONSE_FORMAT');
      expect(sim.mcp.counts['tools/call']).toBe(1);
    },
  },
  {
    name: 'MCP answer with the wrong id: ResponseFormatError, the tool ran once, not sent again',
    fault: 'a JSON answer carrying another id (tools/call delete_record, 2025-11-25)',
    expected: '`ResponseFormatError` `MCPGW_RESPONSE_FORMAT`; one tools/call sent',
    metric: 'mcpgw_requests_total{operation="invokeTool",outcome="mcpgw_response_format"}',
    log: '"operation failed" code=MCPGW_RESPONSE_FORMAT',
    async run(ctx) {
      const { sim, client } = await mcpRow(ctx);
      await warmUp(ctx, client);
      script(sim, 'tools/call', [{ fault: 'wrong-id' }]);
      expectTyped(await ctx.failure(deleteRecord(client)), ResponseFormatError, 'MCPGW_RESPONSE_FORMAT');
      expect(sim.mcp.counts['tools/call']).toBe(1);
      expect(sim.mcp.executions('delete_record')).toBe(1);
    },
  },
  {
    name: 'MCP answer under an unknown id on the stream: ResponseFormatError, not sent again',
    fault: 'the stream carries an answer to an id never sent, then ends (tools/call delete_record, 2026-07-28)',
    expected: '`ResponseFormatError` `MCPGW_RESPONSE_FORMAT`; one tools/call sent',
    metric: 'mcpgw_requests_total{operation="invokeTool",outcome="mcpgw_response_format"}',
    log: '"operation failed" code=MCPGW_RESPONSE_FORMAT',
    async run(ctx) {
      const { sim, client } = await mcpRow(ctx, { protocolVersion: '2026-07-28' });
      script(sim, 'tools/call', [{ fault: 'unknown-id' }]);
      expectTyped(await ctx.failure(deleteRecord(client)), ResponseFormatError, 'MCPGW_RESPONSE_FORMAT');
      expect(sim.mcp.counts['tools/call']).toBe(1);
    },
  },
  {
    name: 'MCP a huge event: ResponseTooLargeError, nothing held unbounded',
    fault: 'one 20 MB `notifications/message` event before the answer (tools/list, 2025-11-25)',
    expected: '`ResponseTooLargeError` `MCPGW_RESPONSE_TOO_LARGE`',
    metric: 'mcpgw_requests_total{operation="listTools",outcome="mcpgw_response_too_large"}',
    log: '"operation failed" code=MCPGW_RESPONSE_TOO_LARGE',
    async run(ctx) {
      const { sim, client } = await mcpRow(ctx);
      await warmUp(ctx, client);
      const huge = { fault: 'huge-event', bytes: 20_000_000 } as const;
      script(sim, 'tools/list', [huge, huge, huge]);
      expectTyped(await ctx.failure(listPage(client)), ResponseTooLargeError, 'MCPGW_RESPONSE_TOO_LARGE');
    },
  },
  {
    name: 'MCP slow events within the timeout: the answer and every progress update arrive',
    fault: '20 ms before every event of the tools/call stream (slow, 5 steps, 2026-07-28)',
    expected: 'the result and 5 progress updates, on attempt 1',
    metric: 'mcpgw_requests_total{operation="invokeTool",outcome="success"}',
    log: '"operation finished" operation=invokeTool',
    async run(ctx) {
      const { sim, client } = await mcpRow(ctx, { protocolVersion: '2026-07-28' });
      script(sim, 'tools/call', [{ fault: 'slow-sse', eventDelayMs: 20 }]);
      const progress: unknown[] = [];
      const result = await ctx.success((timeoutMs) =>
        client.invokeTool({
          tool: 'slow',
          parameters: { steps: 5, stepMs: 1, tag: canary.parameterValue },
          timeoutMs,
          onProgress: (update: unknown) => progress.push(update),
        }),
      );
      expect(result.structuredContent).toEqual({ steps: 5 });
      expect(progress).toHaveLength(5);
      expect(sim.mcp.counts['tools/call']).toBe(1);
    },
  },
  {
    name: 'MCP slow events past the attempt timeout: a listing is retried and succeeds',
    fault: '3 s before the answer event, attempt timeout 300 ms (tools/list, 2026-07-28)',
    expected: 'the page, on attempt 2',
    metric: 'mcpgw_retries_total{operation="listTools",reason="mcpgw_timeout"}',
    log: '"retrying" code=MCPGW_TIMEOUT',
    async run(ctx) {
      const { sim, client } = await mcpRow(ctx, {
        protocolVersion: '2026-07-28',
        client: { timeouts: { attemptMs: 300, totalMs: 10_000, connectMs: 1_000 } },
      });
      script(sim, 'tools/list', [{ fault: 'slow-sse', eventDelayMs: 3_000 }]);
      await ctx.success(listPage(client));
      expect(sim.mcp.counts['tools/list']).toBe(2);
    },
  },
  {
    name: 'MCP JSON-RPC error on tools/call: JsonRpcError with its code, not retried',
    fault: 'a JSON-RPC error -32603 for the tools/call (2025-11-25)',
    expected: '`JsonRpcError` `MCPGW_JSONRPC` carrying -32603; one tools/call sent',
    metric: 'mcpgw_requests_total{operation="invokeTool",outcome="mcpgw_jsonrpc"}',
    log: '"operation failed" code=MCPGW_JSONRPC',
    async run(ctx) {
      const { sim, client } = await mcpRow(ctx);
      await warmUp(ctx, client);
      script(sim, 'tools/call', [{ rpcError: { code: -32603, message: 'internal failure' } }]);
      const error = expectCode(await ctx.failure(deleteRecord(client)), 'MCPGW_JSONRPC');
      expect((error as GatewayError & { rpcCode?: number }).rpcCode).toBe(-32603);
      expect(sim.mcp.counts['tools/call']).toBe(1);
    },
  },
  {
    name: 'MCP a tool error (isError: true) is an answer, not a failure',
    fault: 'the tool answers `isError: true` (tools/call fail, 2026-07-28)',
    expected: 'the result with `isError: true`; no retry, counted as a success',
    metric: 'mcpgw_requests_total{operation="invokeTool",outcome="success"}',
    log: '"operation finished" operation=invokeTool',
    async run(ctx) {
      const { sim, client } = await mcpRow(ctx, { protocolVersion: '2026-07-28' });
      const result = await ctx.success((timeoutMs) =>
        client.invokeTool({ tool: 'fail', parameters: { reason: canary.parameterValue }, timeoutMs }),
      );
      expect(result.isError).toBe(true);
      expect(sim.mcp.counts['tools/call']).toBe(1);
    },
  },
  {
    name: 'MCP a server that speaks only the 2025 era: auto falls back to initialize once and remembers it',
    fault: 'the endpoint serves the session era only; the client asks for `auto`',
    expected: 'both calls answered; one 2026-07-28 probe, one `initialize`',
    metric: 'mcpgw_requests_total{operation="listTools",outcome="success"} >= 2',
    log: '"operation finished" operation=listTools',
    async run(ctx) {
      const { sim, client } = await mcpRow(ctx, { eras: 'legacy', protocolVersion: 'auto' });
      await ctx.success(listPage(client));
      await ctx.success(listPage(client));
      expect(sim.mcp.counts.initialize).toBe(1);
      expect(sim.mcp.requests.filter((r) => r.headers['mcp-protocol-version'] === '2026-07-28')).toHaveLength(1);
    },
  },
  {
    name: 'MCP caller aborts a slow tools/call (2025-11-25): AbortError, notifications/cancelled sent, the tool stops',
    fault: 'the caller aborts a long tools/call (slow, with progress) at its first progress update',
    expected: '`AbortError` `MCPGW_ABORTED`; one `notifications/cancelled` for the call; the tool stopped',
    metric: 'mcpgw_requests_total{operation="invokeTool",outcome="mcpgw_aborted"}',
    log: '"operation failed" code=MCPGW_ABORTED',
    async run(ctx) {
      const { sim, client } = await mcpRow(ctx);
      await warmUp(ctx, client);
      expectTyped(await ctx.failure(abortedAtFirstProgress(client)), AbortError, 'MCPGW_ABORTED');
      await eventually(() => cancelledCalls(sim) === 1);
      expect(sim.mcp.counts['notifications/cancelled']).toBe(1);
      expect(sim.mcp.executions('slow')).toBe(0);
    },
  },
  {
    name: 'MCP caller aborts a slow tools/call (2026-07-28): AbortError, the stream closes, the tool stops',
    fault: 'the caller aborts a long tools/call (slow, with progress) at its first progress update',
    expected:
      '`AbortError` `MCPGW_ABORTED`; the request stream closed (no cancel message in this era); the tool stopped',
    metric: 'mcpgw_requests_total{operation="invokeTool",outcome="mcpgw_aborted"}',
    log: '"operation failed" code=MCPGW_ABORTED',
    async run(ctx) {
      const { sim, client } = await mcpRow(ctx, { protocolVersion: '2026-07-28' });
      expectTyped(await ctx.failure(abortedAtFirstProgress(client)), AbortError, 'MCPGW_ABORTED');
      await eventually(() => cancelledCalls(sim) === 1);
      expect(sim.mcp.counts['notifications/cancelled']).toBeUndefined();
      expect(sim.mcp.executions('slow')).toBe(0);
    },
  },
  {
    name: 'MCP progress extends the attempt timeout, never the total deadline',
    fault:
      'a tools/call (slow: a progress update every 50 ms, for 50 s) with attempt timeout 300 ms and `timeoutMs` 1500',
    expected:
      "`TimeoutError` `MCPGW_TIMEOUT`, phase `deadline`, at the call's `timeoutMs`, after more progress updates than 300 ms allow; the tool stopped",
    metric: 'mcpgw_requests_total{operation="invokeTool",outcome="mcpgw_timeout"}',
    log: '"operation failed" code=MCPGW_TIMEOUT',
    async run(ctx) {
      const { sim, client } = await mcpRow(ctx, {
        client: { timeouts: { attemptMs: 300, totalMs: 10_000, connectMs: 1_000 } },
      });
      await warmUp(ctx, client);
      const progress: unknown[] = [];
      const error = expectTyped(
        await ctx.failure(
          (timeoutMs) =>
            client.invokeTool({
              tool: 'slow',
              parameters: { steps: 1000, stepMs: 50, tag: canary.parameterValue },
              timeoutMs,
              onProgress: (update) => progress.push(update),
            }),
          1_500,
        ),
        TimeoutError,
        'MCPGW_TIMEOUT',
      );
      expect(error.phase).toBe('deadline');
      // Progress every 50 ms: more than 6 updates means the 300 ms attempt clock was restarted by them.
      expect(progress.length).toBeGreaterThan(6);
      await eventually(() => cancelledCalls(sim) === 1);
      expect(sim.mcp.executions('slow')).toBe(0);
    },
  },
  {
    name: 'MCP a listing that loops on its cursor: ResponseFormatError, no endless paging',
    fault: 'tools/list answers every page with the cursor it was asked for (2026-07-28, `tools()`)',
    expected: '`ResponseFormatError` `MCPGW_RESPONSE_FORMAT` once a cursor comes back; 2 pages asked for',
    metric: 'mcpgw_requests_total{operation="listTools",outcome="success"} >= 2',
    log: '"operation finished" operation=listTools',
    async run(ctx) {
      const { sim, client } = await mcpRow(ctx, { protocolVersion: '2026-07-28' });
      const loop = { fault: 'repeat-cursor' } as const;
      script(sim, 'tools/list', [loop, loop, loop, loop, loop]);
      const error = await ctx.failure(async (timeoutMs) => {
        let seen = 0;
        for await (const _ of client.tools({ timeoutMs })) seen++;
        return seen;
      });
      expectTyped(error, ResponseFormatError, 'MCPGW_RESPONSE_FORMAT');
      expect(sim.mcp.counts['tools/list']).toBe(2);
    },
  },
  {
    name: 'MCP a server request whose handler throws: the client answers an error, the tool reports isError',
    fault: 'the tool asks elicitation/create on its stream and the handler throws (2025-11-25)',
    expected: 'the result with `isError: true` ("the client refused ..."); one answer POSTed; the call succeeds',
    metric: 'mcpgw_requests_total{operation="invokeTool",outcome="success"}',
    log: '"operation finished" operation=invokeTool',
    async run(ctx) {
      const { sim, client } = await mcpRow(ctx, {
        client: {
          mcp: {
            protocolVersion: '2025-11-25',
            handlers: {
              elicitation: async () => {
                throw new Error('the user closed the dialog');
              },
            },
          },
        },
      });
      const result = await ctx.success((timeoutMs) =>
        client.invokeTool({ tool: 'ask_elicitation', parameters: { message: canary.parameterValue }, timeoutMs }),
      );
      expect(result.isError).toBe(true);
      expect(sim.mcp.counts['(response)']).toBe(1);
    },
  },
  {
    name: 'MCP events spelled with CRLF, multi-line data and comments: every answer parsed whole',
    fault:
      'every stream uses CRLF, spreads each JSON message over several `data:` lines and sends a comment before each event (2025-11-25, SSE answers)',
    expected: 'the listing and the result with every progress update, as with plain events',
    metric: 'mcpgw_requests_total{operation="invokeTool",outcome="success"}',
    log: '"operation finished" operation=invokeTool',
    async run(ctx) {
      const sim = await ctx.start({
        mcp: { answers: 'sse', sseFormat: { crlf: true, multiLineData: true, comments: true } },
      });
      const client = mcpChaosClient(ctx, sim, '2025-11-25', {});
      const page = await ctx.success(listPage(client));
      expect(page.items).toHaveLength(100);
      const progress: unknown[] = [];
      const result = await ctx.success((timeoutMs) =>
        client.invokeTool({
          tool: 'slow',
          parameters: { steps: 3, stepMs: 1, tag: canary.parameterValue },
          timeoutMs,
          onProgress: (update) => progress.push(update),
        }),
      );
      expect(result.structuredContent).toEqual({ steps: 3 });
      expect(progress).toHaveLength(3);
    },
  },
  {
    name: 'MCP the same answer twice on one stream: the first is taken, the tool ran once',
    fault: 'the tools/call stream carries its answer twice (2026-07-28)',
    expected:
      'the result (the client closes the stream at the first answer, as docs/gateway/MCP_TRANSPORT.md says); one tools/call sent; the tool ran once',
    metric: 'mcpgw_requests_total{operation="invokeTool",outcome="success"}',
    log: '"operation finished" operation=invokeTool',
    async run(ctx) {
      const { sim, client } = await mcpRow(ctx, { protocolVersion: '2026-07-28' });
      script(sim, 'tools/call', [{ fault: 'duplicate-answer' }]);
      const result = await ctx.success(deleteRecord(client));
      expect(result.structuredContent).toEqual({ deleted: true });
      expect(sim.mcp.counts['tools/call']).toBe(1);
      expect(sim.mcp.executions('delete_record')).toBe(1);
    },
  },
  {
    name: 'MCP the standalone stream is cut: the client reconnects and list_changed still arrives',
    fault: "the session's GET stream loses its connection after the priming event (2025-11-25)",
    expected: 'a second `GET` (with `Last-Event-ID`); a later `notifications/tools/list_changed` reaches `listChanged`',
    metric: 'mcpgw_requests_total{operation="listTools",outcome="success"}',
    log: '"operation finished" operation=listTools',
    async run(ctx) {
      const { sim, client } = await mcpRow(ctx);
      const events: unknown[] = [];
      client.on('listChanged', (event) => events.push(event));
      script(sim, 'GET', [{ fault: 'cut-stream', afterEvents: 0 }]);
      await warmUp(ctx, client);
      await eventually(() => (sim.mcp.counts.GET ?? 0) >= 2 && sim.mcp.notifyListChanged('tools') === 1);
      await eventually(() => events.length === 1);
      expect(events[0]).toMatchObject({ kind: 'tools' });
      const resumed = sim.mcp.requests.filter((r) => r.httpMethod === 'GET').at(-1);
      expect(resumed?.headers['last-event-id']).toMatch(/^s\d+:0$/);
    },
  },
  {
    name: 'MCP initialize answered 503 once: the handshake is retried and the listing succeeds',
    fault: '503 on the first `initialize` (2025-11-25)',
    expected: 'the page; `initialize` sent twice, one session',
    metric: 'mcpgw_retries_total{operation="initialize",reason="status_503"}',
    log: '"retrying" code=MCPGW_SERVER_ERROR',
    async run(ctx) {
      const { sim, client } = await mcpRow(ctx);
      script(sim, 'initialize', [{ status: 503 }]);
      await ctx.success(listPage(client));
      expect(sim.mcp.counts.initialize).toBe(2);
      expect(sim.mcp.sessionIds).toHaveLength(1);
    },
  },
  {
    name: 'MCP initialize never answered: TimeoutError at the deadline, no listing sent',
    fault: 'every `initialize` is accepted and never answered (2025-11-25)',
    expected:
      "`TimeoutError` `MCPGW_TIMEOUT` at the call's `timeoutMs`, counted on the handshake's own operation; no tools/list reached the server",
    metric: 'mcpgw_requests_total{operation="initialize",outcome="mcpgw_timeout"}',
    log: '"operation failed" code=MCPGW_TIMEOUT',
    async run(ctx) {
      const { sim, client } = await mcpRow(ctx, {
        client: { timeouts: { attemptMs: 60_000, totalMs: 60_000, connectMs: 1_000 } },
      });
      const hang = { fault: 'hang' } as const;
      script(sim, 'initialize', [hang, hang, hang]);
      expectTyped(await ctx.failure(listPage(client), 800), TimeoutError, 'MCPGW_TIMEOUT');
      expect(sim.mcp.counts['tools/list']).toBeUndefined();
    },
  },
  {
    name: 'MCP the gateway refuses the API key: UnauthorizedError, not retried, the key in no log or error',
    fault: 'every MCP request answered 401 (the endpoint wants another `X-API-Key`; 2026-07-28, tools/list)',
    expected: '`UnauthorizedError` `MCPGW_UNAUTHORIZED`, 1 attempt',
    metric: 'mcpgw_requests_total{operation="listTools",outcome="mcpgw_unauthorized"}',
    log: '"operation failed" code=MCPGW_UNAUTHORIZED',
    async run(ctx) {
      const sim = await ctx.start({ apiKey: 'the-other-key', mcp: { requireApiKey: true } });
      const client = mcpChaosClient(ctx, sim, '2026-07-28', {});
      const error = expectTyped(await ctx.failure(listPage(client)), UnauthorizedError, 'MCPGW_UNAUTHORIZED');
      expect(JSON.stringify(error)).not.toContain(canary.apiKey);
      expect(sim.mcp.counts['tools/list']).toBe(1);
      expect(sim.mcp.requests[0]?.headers['x-api-key']).toBe(canary.apiKey);
    },
  },
  {
    name: 'MCP the 2026-07-28 listen stream is cut: the client listens again and list_changed still arrives',
    fault: 'the `subscriptions/listen` stream loses its connection after the acknowledgement (2026-07-28)',
    expected: 'a second `subscriptions/listen`; a later `notifications/tools/list_changed` reaches `listChanged`',
    metric: 'mcpgw_requests_total{operation="listTools",outcome="success"}',
    log: '"operation finished" operation=listTools',
    async run(ctx) {
      const { sim, client } = await mcpRow(ctx, { protocolVersion: '2026-07-28' });
      const events: unknown[] = [];
      client.on('listChanged', (event) => events.push(event));
      script(sim, 'subscriptions/listen', [{ fault: 'cut-stream', afterEvents: 1 }]);
      await ctx.success(listPage(client));
      await eventually(
        () => (sim.mcp.counts['subscriptions/listen'] ?? 0) >= 2 && sim.mcp.notifyListChanged('tools') === 1,
      );
      await eventually(() => events.length === 1);
      expect(events[0]).toMatchObject({ kind: 'tools' });
    },
  },
];
