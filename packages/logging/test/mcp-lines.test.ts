import { buildRequest, channels, HttpError, type OperationEvent } from '@mcpgw/core';
import { captureLogs } from '@mcpgw/test-support/capture-logs';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { type LoggingObserver, logging } from '../src/index.js';

const open: LoggingObserver[] = [];
afterEach(() => {
  for (const l of open.splice(0)) l.close();
});

const argument = 'canary-argument-7731';
const session = 'canary-session-5512';
const peerJson = 'canary-peer-json-9901';

function finishToolsCall(outcome: { error?: unknown }): void {
  const request = buildRequest({
    origin: 'http://gw:1',
    path: '/mcp',
    method: 'POST',
    client: 'c',
    operation: 'invokeTool',
    headers: { 'mcp-protocol-version': '2025-11-25', 'mcp-session-id': session },
    body: { jsonrpc: '2.0', id: 12, method: 'tools/call', params: { name: 'get_weather', arguments: { q: argument } } },
  });
  const event: OperationEvent = {
    client: 'c',
    operation: 'invokeTool',
    requestId: request.requestId,
    request,
    startTime: 0,
    durationMs: 4,
  };
  if (outcome.error === undefined)
    event.response = { status: 200, headers: {}, body: {}, attempts: 1, cache: undefined };
  else event.error = outcome.error;
  channels.requestEnd.publish(event);
}

describe('MCP log lines', () => {
  it('carry the method, tool and JSON-RPC id, never the arguments, the session id or the peer body', () => {
    const { logger, lines } = captureLogs();
    open.push(logging({ logger, level: 'debug' }));
    finishToolsCall({});
    finishToolsCall({ error: new HttpError(500, { body: { error: { message: peerJson } } }) });
    expect(lines()).toHaveLength(2);
    for (const line of lines()) {
      expect(line).toMatchObject({
        operation: 'invokeTool',
        mcpMethod: 'tools/call',
        tool: 'get_weather',
        rpcId: '12',
      });
      expect(line.requestId).toEqual(expect.any(String));
    }
    expect(lines()[1]).toMatchObject({ msg: 'operation failed', code: 'MCPGW_HTTP', status: 500 });
    const text = JSON.stringify(lines());
    for (const secret of [argument, session, peerJson]) expect(text).not.toContain(secret);
  });

  it("keep an HttpError's peer body out of pino's own err serializer", () => {
    const chunks: string[] = [];
    const logger = pino({ level: 'info' }, { write: (chunk: string) => chunks.push(chunk) });
    const error = new HttpError(400, { body: { jsonrpc: '2.0', error: { message: peerJson } } });
    logger.error({ err: error }, 'a user logs our error');
    expect(chunks.join('')).toContain('"status":400');
    expect(chunks.join('')).not.toContain(peerJson);
  });
});
