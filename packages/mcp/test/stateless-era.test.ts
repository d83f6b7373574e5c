import { describe, expect, test } from 'vitest';
import { eraMemory, JsonRpcError, ProtocolVersionError } from '../src/index.js';
import { useSim } from './support.js';

const { state, client } = useSim();

function bodyOf(request: { body: unknown } | undefined): { params: Record<string, unknown> } {
  return JSON.parse(String(request?.body));
}

describe('2026-07-28 stateless era against gateway-sim', () => {
  test('every POST carries _meta, MCP-Protocol-Version equal to it, Mcp-Method; no session', async () => {
    const mcp = client({ protocolVersion: '2026-07-28', clientInfo: { name: 'test-client', version: '1.2.3' } });
    await mcp.listTools();
    const [request] = state.sim.mcp.requests;
    expect(request?.rpcMethod).toBe('tools/list');
    expect(request?.headers['mcp-protocol-version']).toBe('2026-07-28');
    expect(request?.headers['mcp-method']).toBe('tools/list');
    expect(request?.headers['mcp-session-id']).toBeUndefined();
    const meta = bodyOf(request).params._meta as Record<string, unknown>;
    expect(meta['io.modelcontextprotocol/protocolVersion']).toBe('2026-07-28');
    expect(meta['io.modelcontextprotocol/clientInfo']).toEqual({ name: 'test-client', version: '1.2.3' });
    expect(meta['io.modelcontextprotocol/clientCapabilities']).toEqual({});
    expect(state.sim.mcp.sessionIds).toEqual([]);
  });

  test('Mcp-Name on tools/call, resources/read and prompts/get; base64 form for a name that is not header-safe', async () => {
    const mcp = client({ protocolVersion: '2026-07-28' });
    await mcp.invokeTool({ tool: 'echo', parameters: { message: 'hi' } });
    await mcp.readResource({ uri: 'sim://docs/readme' });
    await mcp.getPrompt({ name: 'greeting', arguments: { name: 'Ada' } });
    const names = state.sim.mcp.requests.map((r) => [r.rpcMethod, r.headers['mcp-name']]);
    expect(names).toEqual([
      ['tools/call', 'echo'],
      ['resources/read', 'sim://docs/readme'],
      ['prompts/get', 'greeting'],
    ]);
    const error = await mcp.invokeTool({ tool: 'héllo' }).catch((e) => e);
    expect(state.sim.mcp.requests.at(-1)?.headers['mcp-name']).toBe(
      `=?base64?${Buffer.from('héllo').toString('base64')}?=`,
    );
    // Not a header mismatch: the server read the encoded name and found no such tool.
    expect(error).toBeInstanceOf(JsonRpcError);
    expect(error.rpcCode).not.toBe(-32020);
  });

  test('tools with an invalid x-mcp-header are dropped; Mcp-Param-* headers sent for the others', async () => {
    const mcp = client({ protocolVersion: '2026-07-28' });
    const names: string[] = [];
    for await (const tool of mcp.tools()) names.push(tool.name);
    expect(names).not.toContain('bad_header_tool');
    expect(names.length).toBe(1009);
    const result = await mcp.invokeTool({
      tool: 'regional_query',
      parameters: { region: 'eu west ', limit: 5, dryRun: true, query: 'select 1' },
    });
    expect(result.isError).not.toBe(true);
    const headers = state.sim.mcp.requests.at(-1)!.headers;
    expect(headers['mcp-param-region']).toBe(`=?base64?${Buffer.from('eu west ').toString('base64')}?=`);
    expect(headers['mcp-param-limit']).toBe('5');
    expect(headers['mcp-param-dryrun']).toBe('true');
  });

  test('a call before the listing: -32020 makes the client learn the schema and send once more', async () => {
    const mcp = client({ protocolVersion: '2026-07-28' });
    const result = await mcp.invokeTool({ tool: 'regional_query', parameters: { region: 'us', query: 'q' } });
    expect(result.isError).not.toBe(true);
    expect(state.sim.mcp.calls.filter((c) => c.tool === 'regional_query').map((c) => c.outcome)).toEqual(['completed']);
  });

  test('input_required: handlers answer, the retry has a new id, inputResponses and the same requestState', async () => {
    const mcp = client({
      protocolVersion: '2026-07-28',
      handlers: {
        elicitation: () => ({ action: 'accept', content: { name: 'octocat' } }),
      },
    });
    const result = await mcp.invokeTool({ tool: 'ask_elicitation' });
    expect(result.structuredContent).toEqual({ answer: { action: 'accept', content: { name: 'octocat' } } });
    const [first, second] = state.sim.mcp.requests;
    expect(first?.rpcId).not.toBe(second?.rpcId);
    const params = bodyOf(second).params;
    expect(params.inputResponses).toEqual({ name: { action: 'accept', content: { name: 'octocat' } } });
    expect(params.requestState).toBeTypeOf('string');
    const meta = params._meta as Record<string, unknown>;
    expect(meta['io.modelcontextprotocol/clientCapabilities']).toEqual({
      elicitation: { form: { applyDefaults: true } },
    });
  });

  test('an abort closes the answer stream, which is the cancellation: nothing else is sent, the tool stops', async () => {
    const mcp = client({ protocolVersion: '2026-07-28' });
    const controller = new AbortController();
    const call = mcp.invokeTool({
      tool: 'slow',
      parameters: { steps: 50, stepMs: 20 },
      signal: controller.signal,
      onProgress: () => controller.abort(),
    });
    await expect(call).rejects.toMatchObject({ name: 'AbortError' });
    for (let i = 0; i < 500 && !state.sim.mcp.calls.some((c) => c.outcome === 'cancelled'); i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(state.sim.mcp.calls.map((c) => c.outcome)).toEqual(['cancelled']);
    expect(state.sim.mcp.requests.map((r) => r.rpcMethod)).toEqual(['tools/call']);
  });

  test('an input request for a capability without a handler is a typed error, not a guess', async () => {
    state.sim.mcp.script('tools/call', [
      {
        status: 200,
        body: {
          jsonrpc: '2.0',
          id: 1,
          result: {
            resultType: 'input_required',
            inputRequests: { s: { method: 'sampling/createMessage', params: { messages: [], maxTokens: 5 } } },
          },
        },
      },
    ]);
    const mcp = client({ protocolVersion: '2026-07-28' });
    const error = await mcp.invokeTool({ tool: 'echo', parameters: { message: 'x' } }).catch((e) => e);
    expect(error.code).toBe('MCPGW_RESPONSE_FORMAT');
    expect(error.message).toContain('sampling/createMessage');
  });

  test('an unknown tool is a JsonRpcError; no data from the server is kept in it', async () => {
    const mcp = client({ protocolVersion: '2026-07-28' });
    const error = await mcp.invokeTool({ tool: 'no_such_tool' }).catch((e) => e);
    expect(error).toBeInstanceOf(JsonRpcError);
    expect(error.code).toBe('MCPGW_JSONRPC');
  });
});

describe('negotiation', () => {
  test('auto asks 2026-07-28 first and remembers it per endpoint', async () => {
    const mcp = client();
    await mcp.ping();
    expect(mcp.protocolVersion).toBe('2026-07-28');
    expect(eraMemory.get(state.sim.mcp.url)).toBe('2026-07-28');
    expect(state.sim.mcp.requests[0]?.headers['mcp-protocol-version']).toBe('2026-07-28');
  });

  test('auto against a 2025-only server falls back to initialize and remembers that', async () => {
    state.sim.mcp.setEras('legacy');
    try {
      const mcp = client();
      const page = await mcp.listTools();
      expect(page.items.length).toBeGreaterThan(0);
      expect(mcp.protocolVersion).toBe('2025-11-25');
      const methods = state.sim.mcp.requests.map((r) => r.rpcMethod);
      expect(methods).toEqual(['tools/list', 'initialize', 'notifications/initialized', 'tools/list']);
      const second = client();
      await second.ping();
      // The second client remembers: no modern probe first.
      expect(state.sim.mcp.requests.slice(4).map((r) => r.rpcMethod)[0]).toBe('initialize');
    } finally {
      state.sim.mcp.setEras('both');
    }
  });

  test('-32022 with data.supported: the client retries with a version from the list', async () => {
    state.sim.mcp.script('tools/list', [
      {
        rpcError: {
          code: -32022,
          message: 'Unsupported protocol version',
          data: { supported: ['2025-06-18'], requested: '2026-07-28' },
        },
        status: 400,
      },
    ]);
    const mcp = client();
    await mcp.listTools();
    expect(mcp.protocolVersion).toBe('2025-06-18');
    expect(state.sim.mcp.requests.map((r) => r.rpcMethod).slice(0, 2)).toEqual(['tools/list', 'initialize']);
  });

  test('-32022 that lists the version asked for: retried once with it (new id), refused again: the typed error', async () => {
    const refuse = {
      rpcError: { code: -32022, message: 'Unsupported protocol version', data: { supported: ['2026-07-28'] } },
      status: 400,
    };
    state.sim.mcp.script('tools/list', [refuse]);
    const mcp = client({ protocolVersion: '2026-07-28' });
    await mcp.listTools();
    const [first, second] = state.sim.mcp.requests;
    expect(second?.headers['mcp-protocol-version']).toBe('2026-07-28');
    expect(second?.rpcId).not.toBe(first?.rpcId);
    state.sim.mcp.script('tools/list', [refuse, refuse, refuse]);
    await expect(mcp.listTools()).rejects.toBeInstanceOf(ProtocolVersionError);
    expect(state.sim.mcp.pendingSteps('tools/list')).toBe(1);
  });

  test('a pinned 2026-07-28 that the server refuses is a ProtocolVersionError', async () => {
    state.sim.mcp.script('ping', [
      {
        rpcError: { code: -32022, message: 'Unsupported protocol version', data: { supported: ['2025-11-25'] } },
        status: 400,
      },
    ]);
    const mcp = client({ protocolVersion: '2026-07-28' });
    const error = await mcp.ping().catch((e) => e);
    expect(error).toBeInstanceOf(ProtocolVersionError);
    expect(error.supported).toEqual(['2025-11-25']);
  });
});

describe('subscriptions/listen (2026-07-28)', () => {
  test('a listChanged listener opens one subscription; list_changed on it is an event; close() ends it', async () => {
    const mcp = client({ protocolVersion: '2026-07-28' });
    const seen: string[] = [];
    await mcp.ping();
    mcp.on('listChanged', (e) => seen.push(e.kind));
    for (let i = 0; i < 500 && !state.sim.mcp.requests.some((r) => r.rpcMethod === 'subscriptions/listen'); i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    const listen = state.sim.mcp.requests.find((r) => r.rpcMethod === 'subscriptions/listen');
    expect(listen?.headers['mcp-method']).toBe('subscriptions/listen');
    expect(bodyOf(listen).params.notifications).toEqual({
      toolsListChanged: true,
      resourcesListChanged: true,
      promptsListChanged: true,
    });
    for (let i = 0; i < 500 && !seen.includes('prompts'); i++) {
      state.sim.mcp.notifyListChanged('prompts');
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(seen).toContain('prompts');
    await mcp.close();
  });
});
