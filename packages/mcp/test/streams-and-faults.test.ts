import { compose, deadline, ResponseFormatError, ResponseTooLargeError, TimeoutError } from '@mcpgw/core';
import { describe, expect, test } from 'vitest';
import { type McpLogger, SessionLostError, StreamLostError } from '../src/index.js';
import { useSim } from './support.js';

const { state, client, transportFor } = useSim();
const legacy = { protocolVersion: '2025-11-25' } as const;

function recordingLogger() {
  const lines: Array<{ level: string; object: Record<string, unknown>; message?: string }> = [];
  const at = (level: string) => (object: object, message?: string) =>
    lines.push({ level, object: object as Record<string, unknown>, ...(message === undefined ? {} : { message }) });
  const logger: McpLogger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') };
  return { logger, lines };
}

describe('SSE answers and server messages (2025 era)', () => {
  test('progress notifications reach onProgress; notifications/message reaches the logger', async () => {
    const { logger, lines } = recordingLogger();
    const mcp = client({ ...legacy, logger });
    const progress: number[] = [];
    const result = await mcp.invokeTool({
      tool: 'slow',
      parameters: { steps: 3, stepMs: 1 },
      onProgress: (p) => progress.push(p.progress),
    });
    expect(result.isError).not.toBe(true);
    expect(progress).toEqual([1, 2, 3]);
    const call = state.sim.mcp.requests.find((r) => r.rpcMethod === 'tools/call');
    expect(JSON.parse(String(call?.body)).params._meta.progressToken).toBeTypeOf('string');
    expect(lines.some((l) => l.message === 'MCP server log')).toBe(true);
  });

  test('answers: sse makes every answer a stream, read the same way', async () => {
    state.sim.mcp.setAnswers('sse');
    try {
      const mcp = client(legacy);
      const added = await mcp.invokeTool({ tool: 'add', parameters: { a: 1, b: 1 } });
      expect(added.structuredContent).toEqual({ sum: 2 });
    } finally {
      state.sim.mcp.setAnswers('json');
    }
  });

  test('a cut stream with event ids is resumed with GET Last-Event-ID; the tool ran once', async () => {
    const mcp = client(legacy);
    state.sim.mcp.script('tools/call', [{ fault: 'cut-stream', afterEvents: 1 }]);
    const progress: number[] = [];
    const result = await mcp.invokeTool({
      tool: 'slow',
      parameters: { steps: 3, stepMs: 1 },
      onProgress: (p) => progress.push(p.progress),
    });
    expect(result.isError).not.toBe(true);
    const get = state.sim.mcp.requests.find((r) => r.httpMethod === 'GET');
    expect(get?.headers['last-event-id']).toBeTypeOf('string');
    expect(state.sim.mcp.executions('slow')).toBe(1);
    expect(progress.at(-1)).toBe(3);
  });

  test('a cut stream without event ids is a StreamLostError', async () => {
    const mcp = client(legacy);
    state.sim.mcp.script('tools/call', [{ fault: 'cut-stream', afterEvents: 1, eventIds: false }]);
    const error = await mcp.invokeTool({ tool: 'slow', parameters: { steps: 3, stepMs: 1 } }).catch((e) => e);
    expect(error).toBeInstanceOf(StreamLostError);
    expect(error.mayHaveReachedServer).toBe(true);
  });

  test('server requests on the stream are answered with the handlers, by POST in the session', async () => {
    const mcp = client({
      ...legacy,
      handlers: {
        sampling: () => ({ role: 'assistant', content: { type: 'text', text: 'Paris' }, model: 'm' }),
        roots: () => ({ roots: [{ uri: 'file:///tmp/project' }] }),
      },
    });
    const sampled = await mcp.invokeTool({ tool: 'ask_sampling' });
    expect(JSON.stringify(sampled)).toContain('Paris');
    const roots = await mcp.invokeTool({ tool: 'ask_roots' });
    expect(JSON.stringify(roots)).toContain('file:///tmp/project');
    const answers = state.sim.mcp.requests.filter((r) => r.rpcMethod === '(response)');
    expect(answers.length).toBe(2);
    for (const a of answers) expect(a.headers['mcp-session-id']).toBe(state.sim.mcp.sessionIds[0]);
  });

  test('without a handler, the capability is not declared at initialize', async () => {
    const mcp = client(legacy);
    const sampled = await mcp.invokeTool({ tool: 'ask_sampling' });
    expect(sampled.isError).toBe(true);
    const init = state.sim.mcp.requests.find((r) => r.rpcMethod === 'initialize');
    expect(JSON.parse(String(init?.body)).params.capabilities).toEqual({});
  });

  test('garbage on the stream, a duplicate answer, an unknown id and a wrong id are ResponseFormatErrors', async () => {
    const mcp = client(legacy);
    await mcp.ping();
    state.sim.mcp.setAnswers('sse');
    for (const fault of ['garbage-sse', 'unknown-id', 'wrong-id'] as const) {
      state.sim.mcp.script('tools/call', [{ fault }]);
      const error = await mcp.invokeTool({ tool: 'echo', parameters: { message: 'x' } }).catch((e) => e);
      expect(error, fault).toBeInstanceOf(ResponseFormatError);
    }
  });

  test('a duplicate answer: the first completes the call and the stream is closed, so nothing is read twice', async () => {
    const mcp = client(legacy);
    await mcp.ping();
    state.sim.mcp.setAnswers('sse');
    state.sim.mcp.script('tools/call', [{ fault: 'duplicate-answer' }]);
    const result = await mcp.invokeTool({ tool: 'add', parameters: { a: 1, b: 2 } });
    expect(result.structuredContent).toEqual({ sum: 3 });
    await expect(mcp.ping()).resolves.toBeUndefined();
  });

  test("a server's error text never repeats the user token or an argument value", async () => {
    const token = 'eyJhbGciOiJIUzI1NiJ9.canary-user-token.sig';
    const mcp = client(legacy);
    state.sim.mcp.script('tools/call', [
      { rpcError: { code: -32602, message: `bad message hunter2-canary for ${token}` } },
    ]);
    const error = await mcp
      .invokeTool({ tool: 'echo', parameters: { message: 'hunter2-canary' }, user: token })
      .catch((e) => e);
    expect(error.code).toBe('MCPGW_JSONRPC');
    const text = `${error.message} ${JSON.stringify(error)}`;
    expect(text).not.toContain('hunter2-canary');
    expect(text).not.toContain('canary-user-token');
    expect(text).toContain('[REDACTED]');
  });

  test('a huge event is stopped at maxEventBytes', async () => {
    const mcp = client({ ...legacy, eventStreamLimits: { maxEventBytes: 64 * 1024 } });
    state.sim.mcp.script('tools/call', [{ fault: 'huge-event', bytes: 1024 * 1024 }]);
    const error = await mcp.invokeTool({ tool: 'echo', parameters: { message: 'x' } }).catch((e) => e);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error.limit).toBe('eventStream.maxEventBytes');
  });
});

describe('sessions', () => {
  for (const status of [404, 400] as const) {
    test(`a forgotten session (${status}) is re-initialized once and the request sent again`, async () => {
      const mcp = client(legacy);
      await mcp.ping();
      state.sim.mcp.script('tools/call', [{ fault: 'session-lost', status }]);
      const result = await mcp.invokeTool({ tool: 'echo', parameters: { message: 'again' } });
      expect(result.isError).not.toBe(true);
      expect(state.sim.mcp.requests.filter((r) => r.rpcMethod === 'initialize').length).toBe(2);
      expect(state.sim.mcp.executions('echo')).toBe(1);
    });
  }

  test('a server that forgets the session again after re-initializing: SessionLostError, no loop', async () => {
    const mcp = client(legacy);
    await mcp.ping();
    state.sim.mcp.script('tools/call', [
      { fault: 'session-lost' },
      { fault: 'session-lost' },
      { fault: 'session-lost' },
    ]);
    const error = await mcp.invokeTool({ tool: 'echo', parameters: { message: 'x' } }).catch((e) => e);
    expect(error).toBeInstanceOf(SessionLostError);
    expect(state.sim.mcp.requests.filter((r) => r.rpcMethod === 'initialize').length).toBe(2);
    expect(state.sim.mcp.pendingSteps('tools/call')).toBe(1);
  });

  test('close() lets a call in flight finish, refuses new ones, then ends the session', async () => {
    const mcp = client(legacy);
    await mcp.ping();
    const call = mcp.invokeTool({ tool: 'slow', parameters: { steps: 5, stepMs: 20 }, onProgress: () => {} });
    await waitFor(() => state.sim.mcp.calls.some((c) => c.tool === 'slow'));
    const closing = mcp.close();
    await expect(mcp.ping()).rejects.toMatchObject({ code: 'MCPGW_CLIENT_CLOSED' });
    await expect(call).resolves.toMatchObject({ content: expect.any(Array) });
    await closing;
    expect(state.sim.mcp.executions('slow')).toBe(1);
    expect(state.sim.mcp.requests.at(-1)?.httpMethod).toBe('DELETE');
  });

  test('an abort sends notifications/cancelled for the request id; the tool does not complete', async () => {
    const mcp = client(legacy);
    await mcp.ping();
    const controller = new AbortController();
    const call = mcp.invokeTool({
      tool: 'slow',
      parameters: { steps: 50, stepMs: 20 },
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expect(call).rejects.toThrow();
    await waitFor(() => state.sim.mcp.requests.some((r) => r.rpcMethod === 'notifications/cancelled'));
    const callRequest = state.sim.mcp.requests.find((r) => r.rpcMethod === 'tools/call');
    const cancel = state.sim.mcp.requests.find((r) => r.rpcMethod === 'notifications/cancelled');
    expect(JSON.parse(String(cancel?.body)).params.requestId).toBe(callRequest?.rpcId);
    await waitFor(() => state.sim.mcp.calls.some((c) => c.tool === 'slow' && c.outcome === 'cancelled'));
    expect(state.sim.mcp.executions('slow')).toBe(0);
  });

  test('timeoutMs (through the deadline layer) ends a call the server never answers, and cancels it', async () => {
    const mcp = client({ ...legacy, handler: compose(deadline())(transportFor()) });
    state.sim.mcp.script('tools/call', [{ fault: 'hang' }]);
    const error = await mcp.invokeTool({ tool: 'echo', parameters: { message: 'x' }, timeoutMs: 300 }).catch((e) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    await waitFor(() => state.sim.mcp.requests.some((r) => r.rpcMethod === 'notifications/cancelled'));
  });
});

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!condition()) throw new Error('condition not met within 5 s');
}

describe('the standalone GET stream (2025 era)', () => {
  test('opened after initialize when handlers are given; list_changed on it is a listChanged event', async () => {
    const mcp = client({ ...legacy, handlers: { roots: () => ({ roots: [] }) } });
    const seen: string[] = [];
    mcp.on('listChanged', (e) => seen.push(e.kind));
    await mcp.ping();
    await waitFor(() => state.sim.mcp.requests.some((r) => r.httpMethod === 'GET'));
    const get = state.sim.mcp.requests.find((r) => r.httpMethod === 'GET');
    expect(get?.headers.accept).toBe('text/event-stream');
    expect(get?.headers['mcp-session-id']).toBe(state.sim.mcp.sessionIds[0]);
    await waitFor(() => state.sim.mcp.notifyListChanged('tools') > 0);
    await waitFor(() => seen.includes('tools'));
    await mcp.close();
    expect(state.sim.mcp.requests.at(-1)?.httpMethod).toBe('DELETE');
  });

  test('not opened without handlers or listeners', async () => {
    const mcp = client(legacy);
    await mcp.ping();
    await mcp.ping();
    expect(state.sim.mcp.requests.some((r) => r.httpMethod === 'GET')).toBe(false);
  });
});
