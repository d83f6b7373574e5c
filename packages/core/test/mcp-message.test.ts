import { describe, expect, it } from 'vitest';
import { buildRequest, HttpError } from '../src/index.js';
import { mcpErrorTypeOf, mcpMessageOf, mcpResultOf, mcpToolErrorOf } from '../src/kit.js';

const at = { origin: 'http://127.0.0.1:1', path: '/mcp', method: 'POST' as const };

describe('mcpMessageOf', () => {
  it('reads the method, id, tool and version of a tools/call, never its arguments', () => {
    const request = buildRequest({
      ...at,
      headers: { 'mcp-protocol-version': '2025-11-25', 'mcp-session-id': 'sess-1' },
      body: { jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'get_weather', arguments: { city: 'x' } } },
    });
    const facts = mcpMessageOf(request);
    expect(facts).toEqual({
      method: 'tools/call',
      id: '7',
      tool: 'get_weather',
      prompt: undefined,
      resourceUri: undefined,
      protocolVersion: '2025-11-25',
      sessionId: 'sess-1',
    });
    expect(JSON.stringify(facts)).not.toContain('city');
  });

  it("takes initialize's version from its params, a prompt's name from prompts/get, no id for a notification", () => {
    const init = buildRequest({
      ...at,
      body: { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18' } },
    });
    expect(mcpMessageOf(init)).toMatchObject({ method: 'initialize', id: '1', protocolVersion: '2025-06-18' });
    const prompt = buildRequest({
      ...at,
      body: { jsonrpc: '2.0', id: 'a', method: 'prompts/get', params: { name: 'p' } },
    });
    expect(mcpMessageOf(prompt)).toMatchObject({ prompt: 'p', tool: undefined, id: 'a' });
    const note = buildRequest({ ...at, body: { jsonrpc: '2.0', method: 'notifications/initialized' } });
    expect(mcpMessageOf(note)).toMatchObject({ method: 'notifications/initialized', id: undefined });
    const read = buildRequest({
      ...at,
      body: { jsonrpc: '2.0', id: 2, method: 'resources/read', params: { uri: 'sim://a' } },
    });
    expect(mcpMessageOf(read)).toMatchObject({ resourceUri: 'sim://a', tool: undefined });
  });

  it('knows the dialect GET by its version header, and is undefined for a REST call', () => {
    const get = buildRequest({ ...at, method: 'GET', headers: { 'mcp-protocol-version': '2025-11-25' } });
    expect(mcpMessageOf(get)).toMatchObject({ method: undefined, protocolVersion: '2025-11-25' });
    const rest = buildRequest({ ...at, body: { server: 's', tool: 't', parameters: {} } });
    expect(mcpMessageOf(rest)).toBeUndefined();
  });

  it('leaves out a method, id or name that is not a short string', () => {
    const long = 'x'.repeat(300);
    const request = buildRequest({
      ...at,
      body: { jsonrpc: '2.0', id: {}, method: 'tools/call', params: { name: long } },
    });
    expect(mcpMessageOf(request)).toMatchObject({ method: 'tools/call', id: undefined, tool: undefined });
  });
});

describe('mcpResultOf and mcpToolErrorOf', () => {
  const response = (body: unknown) => ({ status: 200, headers: {}, body, attempts: 1, cache: undefined });

  it('reads the decoded answer and names isError: true a tool_error', () => {
    const failed = response({ answer: { kind: 'result', id: 1, result: { isError: true, content: [] } } });
    expect(mcpResultOf(failed)).toEqual({ isError: true, content: [] });
    expect(mcpToolErrorOf(failed)).toBe('tool_error');
    expect(mcpToolErrorOf(response({ answer: { result: { content: [] } } }))).toBeUndefined();
    expect(mcpToolErrorOf(response({ items: [] }))).toBeUndefined();
    expect(mcpToolErrorOf(undefined)).toBeUndefined();
  });
});

describe('HttpError.body', () => {
  it('is kept for the dialect but not enumerable, so no serializer copies peer JSON', () => {
    const error = new HttpError(400, { body: { secret: 'peer-json' } });
    expect(error.body).toEqual({ secret: 'peer-json' });
    expect(Object.keys(error)).not.toContain('body');
    expect(JSON.stringify({ ...error })).not.toContain('peer-json');
    expect(JSON.stringify(error)).not.toContain('peer-json');
  });
});

describe('mcpErrorTypeOf', () => {
  it('names the JSON-RPC code, the HTTP status, a tool error, or the stable code', async () => {
    const { GatewayError, TimeoutError } = await import('../src/index.js');
    const rpc = Object.assign(new GatewayError('x', 'MCPGW_JSONRPC', false), { rpcCode: -32602 });
    expect(mcpErrorTypeOf(rpc)).toBe('-32602');
    expect(mcpErrorTypeOf(new HttpError(404))).toBe('404');
    expect(mcpErrorTypeOf(new TimeoutError('attempt', 10))).toBe('MCPGW_TIMEOUT');
    expect(mcpErrorTypeOf(new Error('x'))).toBe('_OTHER');
    const toolError = { status: 200, headers: {}, body: { answer: { result: { isError: true } } }, attempts: 1 };
    expect(mcpErrorTypeOf(undefined, { ...toolError, cache: undefined })).toBe('tool_error');
    expect(mcpErrorTypeOf(undefined)).toBeUndefined();
  });
});
