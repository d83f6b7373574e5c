import { afterEach, describe, expect, it } from 'vitest';
import { type GatewaySim, startGatewaySim } from '../src/index.js';
import { headerValue, modern, openPost, post, postModern, streamMessages } from './mcp-wire.js';

let sim: GatewaySim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const regional = (args: Record<string, unknown>) => modern('tools/call', { name: 'regional_query', arguments: args });

describe('2026-07-28: stateless requests', () => {
  it('serves a request with _meta and mirrored headers, no session, resultType complete', async () => {
    sim = await startGatewaySim();
    const answer = await postModern(sim.mcp.url, modern('tools/call', { name: 'add', arguments: { a: 1, b: 2 } }));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('mcp-session-id')).toBeNull();
    expect(answer.messages[0].result).toMatchObject({
      resultType: 'complete',
      structuredContent: { sum: 3 },
      _meta: { 'io.modelcontextprotocol/serverInfo': { name: 'gateway-sim' } },
    });
    const page = await postModern(sim.mcp.url, modern('tools/list'));
    expect(page.messages[0].result.tools).toHaveLength(100);
    expect(page.messages[0].result.resultType).toBe('complete');
    expect(sim.mcp.requests.map((r) => r.era)).toEqual(['stateless', 'stateless']);
    expect(sim.mcp.sessionIds).toEqual([]);
  });

  it('names every supported version in -32022 for a version it does not speak', async () => {
    sim = await startGatewaySim();
    const request = modern('ping', { _meta: { 'io.modelcontextprotocol/protocolVersion': '2099-01-01' } });
    const answer = await postModern(sim.mcp.url, request, { 'mcp-protocol-version': '2099-01-01' });
    expect(answer.status).toBe(400);
    expect(answer.messages[0].error).toMatchObject({
      code: -32022,
      data: { supported: ['2026-07-28', '2025-11-25', '2025-06-18', '2025-03-26'], requested: '2099-01-01' },
    });
  });

  it('rejects headers that do not match the body with 400 -32020', async () => {
    sim = await startGatewaySim();
    const call = modern('tools/call', { name: 'echo', arguments: { message: 'x' } });
    const cases: Record<string, string | undefined>[] = [
      { 'mcp-protocol-version': undefined },
      { 'mcp-protocol-version': '2025-11-25', 'mcp-session-id': 'ignored' },
      { 'mcp-method': undefined },
      { 'mcp-method': 'tools/list' },
      { 'mcp-name': undefined },
      { 'mcp-name': 'add' },
      { 'mcp-name': headerValue('añadir') },
    ];
    for (const change of cases) {
      const headers: Record<string, string> = { ...call.headers };
      for (const [name, value] of Object.entries(change)) {
        if (value === undefined) delete headers[name];
        else headers[name] = value;
      }
      const answer = await post(sim.mcp.url, call.body, headers);
      expect(answer.status, JSON.stringify(change)).toBe(400);
      expect([-32020, -32022], JSON.stringify(change)).toContain(answer.messages[0].error.code);
    }
    expect(sim.mcp.executions('echo')).toBe(0);
  });

  it('decodes a base64 Mcp-Name before comparing', async () => {
    sim = await startGatewaySim();
    const request = modern('resources/read', { uri: 'sim://items/5' });
    const encoded = await postModern(sim.mcp.url, request, {
      'mcp-name': headerValue(' sim://items/5').replace(
        /.*/,
        `=?base64?${Buffer.from('sim://items/5').toString('base64')}?=`,
      ),
    });
    expect(encoded.status).toBe(200);
    expect(encoded.messages[0].result.contents[0].uri).toBe('sim://items/5');
    const unknown = await postModern(sim.mcp.url, modern('resources/read', { uri: 'sim://nothing' }));
    expect(unknown.messages[0].error.code).toBe(-32602);
  });

  it('checks Mcp-Param-* headers of x-mcp-header parameters against the arguments', async () => {
    sim = await startGatewaySim();
    const ok = regional({ region: 'us-west1', limit: 42, dryRun: true, query: 'q' });
    const good = await postModern(sim.mcp.url, ok, {
      'mcp-param-region': 'us-west1',
      'mcp-param-limit': '42.0',
      'mcp-param-dryrun': 'true',
    });
    expect(good.status).toBe(200);
    expect(good.messages[0].result.resultType).toBe('complete');
    const unicode = regional({ region: 'São Paulo', query: 'q' });
    expect((await postModern(sim.mcp.url, unicode, { 'mcp-param-region': headerValue('São Paulo') })).status).toBe(200);
    const missing = await postModern(sim.mcp.url, ok, { 'mcp-param-region': 'us-west1', 'mcp-param-limit': '42' });
    expect(missing.messages[0].error.code).toBe(-32020);
    const wrong = await postModern(sim.mcp.url, ok, {
      'mcp-param-region': 'eu-west1',
      'mcp-param-limit': '42',
      'mcp-param-dryrun': 'true',
    });
    expect(wrong.messages[0].error.code).toBe(-32020);
    const absentValue = regional({ region: 'r', query: 'q' });
    expect((await postModern(sim.mcp.url, absentValue, { 'mcp-param-region': 'r' })).status).toBe(200);
    expect(sim.mcp.executions('regional_query')).toBe(3);
  });

  it('wants clientCapabilities in _meta', async () => {
    sim = await startGatewaySim();
    const request = modern('ping');
    delete (request.body as any).params._meta['io.modelcontextprotocol/clientCapabilities'];
    const answer = await postModern(sim.mcp.url, request);
    expect(answer.status).toBe(400);
    expect(answer.messages[0].error.code).toBe(-32602);
  });

  it('answers an unknown method with 404 -32601 and a client response with 400', async () => {
    sim = await startGatewaySim();
    const unknown = await postModern(sim.mcp.url, modern('tasks/list'));
    expect(unknown.status).toBe(404);
    expect(unknown.messages[0].error.code).toBe(-32601);
    const response = await post(
      sim.mcp.url,
      { jsonrpc: '2.0', id: 1, result: {} },
      { 'mcp-protocol-version': '2026-07-28' },
    );
    expect(response.status).toBe(400);
  });

  it('puts caching hints on listings, reads and discover, not on calls', async () => {
    sim = await startGatewaySim({ mcp: { cacheHints: { ttlMs: 30_000 } } });
    const page = await postModern(sim.mcp.url, modern('tools/list'));
    expect(page.messages[0].result).toMatchObject({ ttlMs: 30_000, cacheScope: 'public' });
    sim.mcp.setCacheHints({ cacheScope: 'private' });
    const read = await postModern(sim.mcp.url, modern('resources/read', { uri: 'sim://docs/readme' }));
    expect(read.messages[0].result).toMatchObject({ ttlMs: 30_000, cacheScope: 'private' });
    const call = await postModern(sim.mcp.url, modern('tools/call', { name: 'echo', arguments: { message: 'x' } }));
    expect(call.messages[0].result.ttlMs).toBeUndefined();
    expect(() => sim!.mcp.setCacheHints({ ttlMs: -1 })).toThrow(RangeError);
  });

  it('answers server/discover with its versions and capabilities', async () => {
    sim = await startGatewaySim({ mcp: { eras: 'stateless' } });
    const answer = await postModern(sim.mcp.url, modern('server/discover'));
    expect(answer.messages[0].result).toMatchObject({
      resultType: 'complete',
      supportedVersions: ['2026-07-28'],
      capabilities: { tools: {} },
    });
  });
});

describe('2026-07-28: input_required (MRTR)', () => {
  it('asks for input, then completes the retry that echoes requestState', async () => {
    sim = await startGatewaySim();
    const first = await postModern(
      sim.mcp.url,
      modern('tools/call', { name: 'ask_elicitation', arguments: {} }, { elicitation: {} }, 'a1'),
    );
    const asked = first.messages[0].result;
    expect(asked).toMatchObject({
      resultType: 'input_required',
      inputRequests: { name: { method: 'elicitation/create' } },
    });
    expect(typeof asked.requestState).toBe('string');
    const retry = modern(
      'tools/call',
      {
        name: 'ask_elicitation',
        arguments: {},
        inputResponses: { name: { action: 'accept', content: { name: 'Ada' } } },
        requestState: asked.requestState,
      },
      { elicitation: {} },
      'a2',
    );
    const done = await postModern(sim.mcp.url, retry);
    expect(done.messages[0]).toMatchObject({
      id: 'a2',
      result: { resultType: 'complete', content: [{ text: 'elicitation accept' }] },
    });
    expect(sim.mcp.calls.map((c) => c.outcome)).toEqual(['input-required', 'completed']);
    expect(sim.mcp.executions('ask_elicitation')).toBe(1);
  });

  it('refuses a retry whose requestState belongs to another call', async () => {
    sim = await startGatewaySim();
    const retry = modern(
      'tools/call',
      { name: 'ask_roots', arguments: {}, inputResponses: { roots: { roots: [] } }, requestState: 'forged' },
      { roots: {} },
    );
    const answer = await postModern(sim.mcp.url, retry);
    expect(answer.messages[0].error.code).toBe(-32602);
    expect(sim.mcp.executions('ask_roots')).toBe(0);
  });

  it('answers 400 -32021 when the client lacks the capability the tool needs', async () => {
    sim = await startGatewaySim();
    const answer = await postModern(sim.mcp.url, modern('tools/call', { name: 'ask_sampling', arguments: {} }));
    expect(answer.status).toBe(400);
    expect(answer.messages[0].error).toMatchObject({ code: -32021, data: { requiredCapabilities: { sampling: {} } } });
  });
});

describe('2026-07-28: streams', () => {
  it('treats closing the response stream as the cancellation of the request', async () => {
    sim = await startGatewaySim();
    const controller = new AbortController();
    const request = modern('tools/call', {
      name: 'slow',
      arguments: { steps: 1000, stepMs: 20 },
      _meta: { progressToken: 't' },
    });
    const response = await openPost(sim.mcp.url, request.body, request.headers, controller.signal);
    for await (const message of streamMessages(response)) {
      if (message.method === 'notifications/progress') break;
    }
    controller.abort();
    await expect.poll(() => sim!.mcp.calls.map((c) => c.outcome), { timeout: 10_000 }).toEqual(['cancelled']);
    expect(sim.mcp.executions('slow')).toBe(0);
  });

  it('delivers list_changed on a subscriptions/listen stream, tagged with the subscription id', async () => {
    sim = await startGatewaySim();
    const controller = new AbortController();
    const request = modern(
      'subscriptions/listen',
      { notifications: { toolsListChanged: true, promptsListChanged: true } },
      {},
      'sub-1',
    );
    const response = await openPost(sim.mcp.url, request.body, request.headers, controller.signal);
    const messages = streamMessages(response);
    expect((await messages.next()).value).toMatchObject({
      method: 'notifications/subscriptions/acknowledged',
      params: { notifications: { toolsListChanged: true, promptsListChanged: true } },
    });
    expect(sim.mcp.notifyListChanged('resources')).toBe(0);
    expect(sim.mcp.notifyListChanged('tools')).toBe(1);
    expect((await messages.next()).value).toMatchObject({
      method: 'notifications/tools/list_changed',
      params: { _meta: { 'io.modelcontextprotocol/subscriptionId': 'sub-1' } },
    });
    controller.abort();
    await messages.return(undefined);
  });
});
