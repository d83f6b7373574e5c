import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorMessage, type RpcId, rpcErrors } from './json-rpc.js';
import type { McpScriptStep } from './mcp-script-step.js';
import { writeJson } from './write-json.js';

export interface ReplacingFaultContext {
  req: IncomingMessage;
  res: ServerResponse;
  headers: Record<string, string>;
  /** The request's JSON-RPC id, when it had one. */
  rpcId: RpcId | undefined;
  /** Forgets the session the request named, then answers as for an unknown session. */
  sessionLost(status: 404 | 400 | undefined): void;
}

const garbageSse = [
  'data: {"jsonrpc":"2.0","id":\n\n',
  'event: message\ndata: \u0000\u0001 not json at all\n\n',
  'this line has no field name\n',
  ': a comment, which is fine\n',
  'data: [1, 2,\n\n',
].join('');

/** Plays a step that replaces the answer: nothing is served, no tool runs. */
export function playReplacingFault(step: McpScriptStep, ctx: ReplacingFaultContext): void {
  const { res, headers } = ctx;
  if ('rpcError' in step) {
    const { code, message, data } = step.rpcError;
    writeJson(res, step.status ?? 200, headers, errorMessage(ctx.rpcId ?? null, code, message, data));
    return;
  }
  if (!('fault' in step)) {
    const extra = lowerCased(step.headers ?? {});
    if (typeof step.body === 'string') {
      if (res.destroyed) return;
      res.writeHead(step.status, {
        ...headers,
        'content-type': 'text/plain',
        ...extra,
        'content-length': String(Buffer.byteLength(step.body)),
      });
      res.end(step.body);
      return;
    }
    const body =
      step.body ??
      (step.status >= 400
        ? errorMessage(ctx.rpcId ?? null, rpcErrors.internalError, `scripted ${step.status}`)
        : undefined);
    writeJson(res, step.status, { ...headers, ...extra }, body);
    return;
  }
  switch (step.fault) {
    case 'hang':
      // Accepted and never answered; the socket goes when the client gives up or the simulator closes.
      return;
    case 'reset':
      ctx.req.socket.resetAndDestroy();
      return;
    case 'malformed-json': {
      const body = `{"jsonrpc":"2.0","id":${JSON.stringify(ctx.rpcId ?? null)},"result":{"tools":[{"name":`;
      res.writeHead(200, {
        ...headers,
        'content-type': 'application/json',
        'content-length': String(Buffer.byteLength(body)),
      });
      res.end(body);
      return;
    }
    case 'garbage-sse':
      res.writeHead(200, { ...headers, 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      res.end(garbageSse);
      return;
    case 'session-lost':
      ctx.sessionLost(step.status);
      return;
  }
}

function lowerCased(headers: Record<string, string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name.toLowerCase()] = value;
  return out;
}
