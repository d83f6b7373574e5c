import { buildRequest, JsonBody } from '@mcpgw/core';
import { mcpMessageOf } from '@mcpgw/core/kit';
import { describe, expect, it } from 'vitest';
import { mcpSpanName, resourceUriForSpan, withTraceMeta } from '../src/mcp-span.js';
import { sessionHash } from '../src/session-hash.js';

const at = { origin: 'http://127.0.0.1:1', path: '/mcp', method: 'POST' as const };
const carrier = { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01', tracestate: 'a=1' };

describe('withTraceMeta', () => {
  it('adds the trace context to _meta, keeping what was there, in a body serialised once more', () => {
    const meta = { 'io.modelcontextprotocol/protocolVersion': '2026-07-28', progressToken: 'p1' };
    const request = buildRequest({
      ...at,
      body: { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 't', arguments: { a: 1 }, _meta: meta } },
    });
    const sent = withTraceMeta(request, carrier);
    expect(sent.body).toBeInstanceOf(JsonBody);
    expect(sent.body?.value).toEqual({
      jsonrpc: '2.0',
      id: 3,
      method: 'tools/call',
      params: { name: 't', arguments: { a: 1 }, _meta: { ...meta, ...carrier } },
    });
    expect(JSON.parse(sent.body?.json as string)).toEqual(sent.body?.value);
    expect(Object.isFrozen((sent.body as JsonBody).value)).toBe(true);
    expect(Object.isFrozen(((sent.body as JsonBody).value as { params: object }).params)).toBe(true);
    expect(request.body?.json).not.toContain('traceparent');
  });

  it('gives a notification without params its _meta, and leaves answers, REST bodies and an empty carrier alone', () => {
    const note = buildRequest({ ...at, body: { jsonrpc: '2.0', method: 'notifications/initialized' } });
    expect(((withTraceMeta(note, carrier).body as JsonBody).value as { params: unknown }).params).toEqual({
      _meta: carrier,
    });
    const answer = buildRequest({ ...at, body: { jsonrpc: '2.0', id: 9, result: {} } });
    expect(withTraceMeta(answer, carrier)).toBe(answer);
    const rest = buildRequest({ ...at, body: { server: 's', tool: 't', parameters: {} } });
    expect(withTraceMeta(rest, carrier)).toBe(rest);
    expect(withTraceMeta(note, {})).toBe(note);
  });
});

describe('MCP span naming and attributes', () => {
  it('names a span by method and tool or prompt, never by a resource URI', () => {
    const facts = (body: unknown) =>
      mcpMessageOf(buildRequest({ ...at, body })) as NonNullable<ReturnType<typeof mcpMessageOf>>;
    expect(mcpSpanName(facts({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'get_weather' } }))).toBe(
      'tools/call get_weather',
    );
    expect(mcpSpanName(facts({ jsonrpc: '2.0', id: 1, method: 'prompts/get', params: { name: 'p' } }))).toBe(
      'prompts/get p',
    );
    expect(mcpSpanName(facts({ jsonrpc: '2.0', id: 1, method: 'resources/read', params: { uri: 'file:///x' } }))).toBe(
      'resources/read',
    );
  });

  it('drops user info, query and fragment from a resource URI', () => {
    expect(resourceUriForSpan('https://user:pw@host/a/b?sig=secret#frag')).toBe('https://host/a/b');
    expect(resourceUriForSpan('postgres://database/customers/schema')).toBe('postgres://database/customers/schema');
    expect(resourceUriForSpan('sim://docs/readme?token=t')).toBe('sim://docs/readme');
  });

  it('hashes a session id: stable in the process, 32 hex characters, not the id', () => {
    const a = sessionHash('session-1');
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(sessionHash('session-2')).not.toBe(a);
    expect(sessionHash('session-1')).toBe(a);
    expect(a).not.toContain('session');
  });
});
