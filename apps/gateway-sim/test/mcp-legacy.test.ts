import { afterEach, describe, expect, it } from 'vitest';
import { type GatewaySim, startGatewaySim } from '../src/index.js';
import { openPost, openSession, parseSse, post, rpc, streamMessages } from './mcp-wire.js';

let sim: GatewaySim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('2025 era: initialize and sessions', () => {
  it('negotiates a version it speaks and mints a session id', async () => {
    sim = await startGatewaySim();
    for (const [asked, got] of [
      ['2025-06-18', '2025-06-18'],
      ['2025-03-26', '2025-03-26'],
      ['2024-11-05', '2025-11-25'],
    ]) {
      const init = await post(
        sim.mcp.url,
        rpc('initialize', { protocolVersion: asked, capabilities: {}, clientInfo: { name: 't', version: '1' } }),
      );
      expect(init.status).toBe(200);
      expect(init.headers.get('content-type')).toBe('application/json');
      expect(init.headers.get('mcp-session-id')).toMatch(/^[0-9a-f-]{36}$/);
      expect(init.messages[0].result).toMatchObject({
        protocolVersion: got,
        serverInfo: { name: 'gateway-sim' },
        capabilities: { tools: { listChanged: true } },
      });
    }
    expect(sim.mcp.sessionIds).toHaveLength(3);
  });

  it('refuses a request without a session (400) and with an unknown one (404)', async () => {
    sim = await startGatewaySim();
    const without = await post(sim.mcp.url, rpc('tools/list'));
    expect(without.status).toBe(400);
    expect(without.messages[0].error).toEqual({ code: -32000, message: 'Bad Request: No valid session ID provided' });
    const unknown = await post(sim.mcp.url, rpc('tools/list'), {
      'mcp-session-id': 'nope',
      'mcp-protocol-version': '2025-11-25',
    });
    expect(unknown.status).toBe(404);
    expect(unknown.messages[0].error.code).toBe(-32001);
  });

  it('answers an unknown session with 400 like SDK servers when asked to', async () => {
    sim = await startGatewaySim({ mcp: { unknownSessionStatus: 400 } });
    const unknown = await post(sim.mcp.url, rpc('ping'), { 'mcp-session-id': 'nope' });
    expect(unknown.status).toBe(400);
    expect(unknown.messages[0].error.message).toBe('Bad Request: No valid session ID provided');
  });

  it('checks MCP-Protocol-Version against the negotiated version, and allows it absent', async () => {
    sim = await startGatewaySim();
    const session = await openSession(sim.mcp.url, '2025-06-18');
    const wrong = await post(sim.mcp.url, rpc('ping'), { ...session.headers, 'mcp-protocol-version': '2025-11-25' });
    expect(wrong.status).toBe(400);
    const absent = await post(sim.mcp.url, rpc('ping'), { 'mcp-session-id': session.id });
    expect(absent.status).toBe(200);
    expect(absent.messages[0].result).toEqual({});
  });

  it('ends a session on DELETE; later requests get 404', async () => {
    sim = await startGatewaySim();
    const session = await openSession(sim.mcp.url);
    const deleted = await fetch(sim.mcp.url, { method: 'DELETE', headers: session.headers });
    expect(deleted.status).toBe(200);
    expect(sim.mcp.sessionIds).toEqual([]);
    expect((await post(sim.mcp.url, rpc('ping'), session.headers)).status).toBe(404);
  });

  it('refuses a bad Accept (406), a bad content type (415), a batch and a non-JSON body (400)', async () => {
    sim = await startGatewaySim();
    const session = await openSession(sim.mcp.url);
    expect((await post(sim.mcp.url, rpc('ping'), { ...session.headers, accept: 'application/json' })).status).toBe(406);
    expect((await post(sim.mcp.url, rpc('ping'), { ...session.headers, 'content-type': 'text/plain' })).status).toBe(
      415,
    );
    const batch = await post(sim.mcp.url, [rpc('ping'), rpc('ping')], session.headers);
    expect(batch.status).toBe(400);
    expect(batch.messages[0].error.code).toBe(-32600);
    const garbage = await post(sim.mcp.url, '{"jsonrpc":', session.headers);
    expect(garbage.messages[0].error.code).toBe(-32700);
  });
});

describe('2025 era: listings and calls', () => {
  it('pages through 1,010 tools by opaque cursor, each once', async () => {
    sim = await startGatewaySim({ mcp: { pageSize: 250 } });
    const session = await openSession(sim.mcp.url);
    const names: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const page = await post(sim.mcp.url, rpc('tools/list', cursor === undefined ? {} : { cursor }), session.headers);
      names.push(...page.messages[0].result.tools.map((t: { name: string }) => t.name));
      cursor = page.messages[0].result.nextCursor;
      pages++;
    } while (cursor !== undefined && pages < 10);
    expect(pages).toBe(5);
    expect(names).toHaveLength(1010);
    expect(new Set(names).size).toBe(1010);
    expect(names.slice(0, 2)).toEqual(['echo', 'add']);
    expect(names.at(-1)).toBe('tool-1000');
    const bad = await post(sim.mcp.url, rpc('tools/list', { cursor: 'not-ours' }), session.headers);
    expect(bad.messages[0].error.code).toBe(-32602);
  });

  it('lists tools with their annotations and x-mcp-header parameters', async () => {
    sim = await startGatewaySim({ mcp: { tools: 0 } });
    const session = await openSession(sim.mcp.url);
    const { tools } = (await post(sim.mcp.url, rpc('tools/list'), session.headers)).messages[0].result;
    const byName = new Map(tools.map((t: { name: string }) => [t.name, t]));
    expect(byName.get('add')).toMatchObject({
      annotations: { readOnlyHint: true, idempotentHint: true, openWorldHint: false },
    });
    expect(byName.get('delete_record')).toMatchObject({
      annotations: { destructiveHint: true, idempotentHint: false },
    });
    expect(byName.get('regional_query')).toMatchObject({
      inputSchema: { properties: { region: { 'x-mcp-header': 'Region' } } },
    });
  });

  it('calls echo and add, tells a tool error (isError) from a protocol error, and counts runs', async () => {
    sim = await startGatewaySim();
    const session = await openSession(sim.mcp.url);
    const call = (name: string, args: unknown) =>
      post(sim!.mcp.url, rpc('tools/call', { name, arguments: args }), session.headers);
    expect((await call('echo', { message: 'hi' })).messages[0].result.content).toEqual([{ type: 'text', text: 'hi' }]);
    expect((await call('add', { a: 2, b: 40 })).messages[0].result.structuredContent).toEqual({ sum: 42 });
    const failed = await call('fail', {});
    expect(failed.status).toBe(200);
    expect(failed.messages[0].result.isError).toBe(true);
    expect((await call('no_such_tool', {})).messages[0].error.code).toBe(-32602);
    expect(sim.mcp.executions('echo')).toBe(1);
    expect(sim.mcp.executions('add')).toBe(1);
    expect(sim.mcp.calls.map((c) => c.outcome)).toEqual(['completed', 'completed', 'completed', 'unknown-tool']);
    expect(sim.mcp.calls[1]).toMatchObject({
      tool: 'add',
      era: 'legacy',
      sessionId: session.id,
      arguments: { a: 2, b: 40 },
    });
  });

  it('serves resources, templates and prompts', async () => {
    sim = await startGatewaySim();
    const session = await openSession(sim.mcp.url, '2025-06-18');
    const send = async (method: string, params?: Record<string, unknown>) =>
      (await post(sim!.mcp.url, rpc(method, params), session.headers)).messages[0];
    const resources = (await send('resources/list')).result;
    expect(resources.resources).toHaveLength(52);
    expect((await send('resources/templates/list')).result.resourceTemplates[0].uriTemplate).toBe('sim://items/{id}');
    expect((await send('resources/read', { uri: 'sim://items/7' })).result.contents[0].text).toBe('{"id":7}');
    expect((await send('resources/read', { uri: 'sim://missing' })).error.code).toBe(-32002);
    expect((await send('prompts/list')).result.prompts).toHaveLength(32);
    const prompt = (await send('prompts/get', { name: 'greeting', arguments: { name: 'Ada' } })).result;
    expect(prompt.messages[0].content.text).toBe('Hello, Ada!');
    expect((await send('prompts/get', { name: 'greeting' })).error.code).toBe(-32602);
  });

  it('streams with a priming event for 2025-11-25 when answers are SSE, and without one for 2025-06-18', async () => {
    sim = await startGatewaySim({ mcp: { answers: 'sse', sseRetryMs: 250 } });
    const modernSession = await openSession(sim.mcp.url, '2025-11-25');
    const primed = await post(sim.mcp.url, rpc('ping', undefined, 9), modernSession.headers);
    expect(primed.headers.get('content-type')).toBe('text/event-stream');
    expect(primed.text.startsWith('id: ')).toBe(true);
    expect(primed.text).toContain('retry: 250\n');
    expect(primed.events[0]).toMatchObject({ data: '' });
    expect(primed.messages).toEqual([{ jsonrpc: '2.0', id: 9, result: {} }]);
    const olderSession = await openSession(sim.mcp.url, '2025-06-18');
    const plain = await post(sim.mcp.url, rpc('ping', undefined, 10), olderSession.headers);
    expect(plain.events.every((e) => e.data !== '')).toBe(true);
    expect(plain.messages).toEqual([{ jsonrpc: '2.0', id: 10, result: {} }]);
  });

  it('spells events with CRLF, multi-line data and comments when asked, all still legal SSE', async () => {
    sim = await startGatewaySim({
      mcp: { answers: 'sse', sseFormat: { crlf: true, multiLineData: true, comments: true } },
    });
    const session = await openSession(sim.mcp.url);
    const answer = await post(
      sim.mcp.url,
      rpc('tools/call', { name: 'add', arguments: { a: 1, b: 2 } }, 'f'),
      session.headers,
    );
    expect(answer.text).toContain(': keep-alive\r\n');
    expect(answer.text).not.toMatch(/[^\r]\n/);
    const events = parseSse(answer.text.replaceAll('\r\n', '\n'));
    const last = events.at(-1)!;
    expect(last.data.split('\n').length).toBeGreaterThan(3);
    expect(JSON.parse(last.data)).toMatchObject({ id: 'f', result: { structuredContent: { sum: 3 } } });
    sim.mcp.setSseFormat({ crlf: false, multiLineData: false, comments: false });
    const plain = await post(sim.mcp.url, rpc('ping', undefined, 'g'), session.headers);
    expect(plain.text).not.toContain('\r');
    expect(() => sim!.mcp.setSseFormat({ crlf: 'yes' as never })).toThrow(TypeError);
  });

  it('sends progress notifications before the result of the slow tool', async () => {
    sim = await startGatewaySim();
    const session = await openSession(sim.mcp.url);
    const answer = await post(
      sim.mcp.url,
      rpc('tools/call', { name: 'slow', arguments: { steps: 3, stepMs: 1 }, _meta: { progressToken: 'p1' } }, 5),
      session.headers,
    );
    expect(answer.headers.get('content-type')).toBe('text/event-stream');
    const progress = answer.messages.filter((m) => m.method === 'notifications/progress').map((m) => m.params);
    expect(progress).toEqual([
      { progressToken: 'p1', progress: 1, total: 3 },
      { progressToken: 'p1', progress: 2, total: 3 },
      { progressToken: 'p1', progress: 3, total: 3 },
    ]);
    expect(answer.messages.at(-1)).toMatchObject({ id: 5, result: { structuredContent: { steps: 3 } } });
  });

  it('stops a call on notifications/cancelled and sends no result for it', async () => {
    sim = await startGatewaySim();
    const session = await openSession(sim.mcp.url);
    const response = await openPost(
      sim.mcp.url,
      rpc('tools/call', { name: 'slow', arguments: { steps: 1000, stepMs: 20 }, _meta: { progressToken: 1 } }, 'c1'),
      session.headers,
    );
    const seen: any[] = [];
    for await (const message of streamMessages(response)) {
      seen.push(message);
      if (message.method === 'notifications/progress') {
        const cancel = await post(
          sim.mcp.url,
          { jsonrpc: '2.0', method: 'notifications/cancelled', params: { requestId: 'c1' } },
          session.headers,
        );
        expect(cancel.status).toBe(202);
        break;
      }
    }
    for await (const message of streamMessages(response)) seen.push(message);
    expect(seen.some((m) => m.id === 'c1')).toBe(false);
    expect(sim.mcp.calls).toMatchObject([{ tool: 'slow', outcome: 'cancelled' }]);
    expect(sim.mcp.executions('slow')).toBe(0);
  });
});

describe('2025 era: server requests on the stream', () => {
  it('asks the client elicitation/create and uses its answer', async () => {
    sim = await startGatewaySim();
    const session = await openSession(sim.mcp.url, '2025-11-25', { elicitation: {}, sampling: {}, roots: {} });
    const cases: [string, unknown, RegExp][] = [
      ['ask_elicitation', { action: 'accept', content: { name: 'Ada' } }, /^elicitation accept$/],
      ['ask_sampling', { role: 'assistant', content: { type: 'text', text: 'Paris' }, model: 'm' }, /^sampled: Paris$/],
      ['ask_roots', { roots: [{ uri: 'file:///a' }, { uri: 'file:///b' }] }, /^roots: file:\/\/\/a file:\/\/\/b$/],
    ];
    for (const [tool, clientAnswer, expected] of cases) {
      const response = await openPost(
        sim.mcp.url,
        rpc('tools/call', { name: tool, arguments: {} }, tool),
        session.headers,
      );
      let result: any;
      for await (const message of streamMessages(response)) {
        if (message.method !== undefined && message.id !== undefined) {
          const answered = await post(
            sim.mcp.url,
            { jsonrpc: '2.0', id: message.id, result: clientAnswer },
            session.headers,
          );
          expect(answered.status).toBe(202);
        }
        if (message.id === tool) result = message.result;
      }
      expect(result.content[0].text).toMatch(expected);
    }
    expect(sim.mcp.counts['(response)']).toBe(3);
  });

  it('tells the tool when the client refuses, and when it never declared the capability', async () => {
    sim = await startGatewaySim();
    const capable = await openSession(sim.mcp.url, '2025-11-25', { elicitation: {} });
    const response = await openPost(
      sim.mcp.url,
      rpc('tools/call', { name: 'ask_elicitation', arguments: {} }, 'r'),
      capable.headers,
    );
    let result: any;
    for await (const message of streamMessages(response)) {
      if (message.method === 'elicitation/create') {
        await post(
          sim.mcp.url,
          { jsonrpc: '2.0', id: message.id, error: { code: -32601, message: 'Method not found' } },
          capable.headers,
        );
      }
      if (message.id === 'r') result = message.result;
    }
    expect(result).toMatchObject({
      isError: true,
      content: [{ text: 'the client refused elicitation/create: Method not found' }],
    });
    const incapable = await openSession(sim.mcp.url);
    const refused = await post(
      sim.mcp.url,
      rpc('tools/call', { name: 'ask_sampling', arguments: {} }),
      incapable.headers,
    );
    expect(refused.messages[0].result).toMatchObject({ isError: true });
  });
});

describe('2025 era: the GET stream', () => {
  it('carries list_changed notifications on demand, one stream per session', async () => {
    sim = await startGatewaySim();
    const session = await openSession(sim.mcp.url);
    const controller = new AbortController();
    const stream = await fetch(sim.mcp.url, {
      headers: { ...session.headers, accept: 'text/event-stream' },
      signal: controller.signal,
    });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toBe('text/event-stream');
    const second = await fetch(sim.mcp.url, { headers: { ...session.headers, accept: 'text/event-stream' } });
    expect(second.status).toBe(409);
    const messages = streamMessages(stream);
    expect((await messages.next()).value).toMatchObject({ priming: expect.any(String) });
    expect(sim.mcp.notifyListChanged('tools')).toBe(1);
    expect((await messages.next()).value).toMatchObject({ jsonrpc: '2.0', method: 'notifications/tools/list_changed' });
    controller.abort();
    await messages.return(undefined);
  });

  it('needs text/event-stream in Accept', async () => {
    sim = await startGatewaySim();
    const session = await openSession(sim.mcp.url);
    expect((await fetch(sim.mcp.url, { headers: { ...session.headers, accept: 'application/json' } })).status).toBe(
      406,
    );
  });
});

describe('request log', () => {
  it('logs each request with its era, method, id and session', async () => {
    sim = await startGatewaySim();
    const session = await openSession(sim.mcp.url);
    await post(sim.mcp.url, rpc('ping', undefined, 77), session.headers);
    const last = sim.mcp.requests.at(-1)!;
    expect(last).toMatchObject({
      httpMethod: 'POST',
      rpcMethod: 'ping',
      rpcId: 77,
      era: 'legacy',
      sessionId: session.id,
      status: 200,
    });
    expect(sim.mcp.counts).toEqual({ total: 3, initialize: 1, 'notifications/initialized': 1, ping: 1 });
    expect(sim.counts.total).toBe(0);
    sim.reset();
    expect(sim.mcp.requests).toEqual([]);
    expect(sim.mcp.sessionIds).toEqual([]);
  });
});
