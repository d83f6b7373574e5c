import { type EventStreamLimits, type GatewayClient, GatewayError, type GatewayRequest } from '@mcpgw/core';
import type { WireCall } from '@mcpgw/core/kit';
import { AnswerSink, type StreamListener } from './answer-sink.js';
import type { Call, Session, WireShape } from './call-context.js';
import type { ServerMessage } from './json-rpc.js';
import { ListenStream } from './listen-stream.js';
import type { ClientInfo, McpLogger } from './mcp-types.js';
import type { McpProtocolVersion } from './protocol-versions.js';
import type { ServerNotifications } from './server-notifications.js';

// A stream with nothing to say for this long is reconnected (servers send keep-alive comments, not events).
const LISTEN_IDLE_MS = 300_000;

/** What the server-message streams need of the client that owns them. */
export interface StreamHost {
  readonly gateway: GatewayClient;
  wireCall(wire: WireShape, method: 'POST' | 'GET', body: unknown): WireCall;
  sessionHeaders(session: Session): Record<string, string>;
  readonly limits: Partial<EventStreamLimits> | undefined;
  readonly clientInfo: ClientInfo;
  readonly capabilities: Record<string, unknown>;
  nextId(): number;
  readonly notifications: ServerNotifications;
  serverRequest(message: ServerRequest, session: Session | undefined, call: Call): void;
  readonly logger: McpLogger | undefined;
}

function listenCall(method: string): Call {
  return {
    method,
    options: {},
    deadline: undefined,
    progressToken: undefined,
    onProgress: undefined,
    wire: { operation: 'mcpListen', idempotent: true, authorize: false, attributes: {}, name: undefined },
  };
}

function giveUp(host: StreamHost, what: string) {
  return (error: unknown) =>
    host.logger?.warn({ err: error instanceof GatewayError ? error.toJSON() : String(error) }, what);
}

/** What differs between the server-message streams: how one is opened, and where a server request goes. */
interface StreamKind {
  readonly method: string;
  /** The request that opens (or reopens) the stream, and the id of our request whose answer ends it, if any. */
  open(call: Call, signal: AbortSignal, lastEventId: string | undefined): OpenedStream;
  serverRequest(message: ServerRequest, call: Call): void;
  /** Logged when the stream gives up for good: what will be missed. */
  readonly missed: string;
}

interface OpenedStream {
  readonly request: GatewayRequest;
  readonly answerId: number | undefined;
}

type ServerRequest = Extract<ServerMessage, { kind: 'request' }>;

function serverMessageStream(host: StreamHost, kind: StreamKind): ListenStream {
  const call = listenCall(kind.method);
  const listener: StreamListener = {
    notification: (name, params) => host.notifications.handle(call, name, params),
    request: (message) => kind.serverRequest(message, call),
  };
  const limits = { ...host.limits, idleMs: host.limits?.idleMs ?? LISTEN_IDLE_MS };
  return new ListenStream({
    open: (signal, lastEventId) => {
      const { request, answerId } = kind.open(call, signal, lastEventId);
      return {
        ...request,
        eventStream: { limits, longLived: true, open: () => new AnswerSink(answerId, listener) },
        keepErrorBody: true,
      };
    },
    send: (request) => host.gateway.execute(request),
    onGiveUp: giveUp(host, kind.missed),
  });
}

/**
 * 2025 era: the session's standalone GET stream, where SDK servers send requests and notifications not tied to a
 * running call; reconnected with `Last-Event-ID`.
 */
export function standaloneStream(host: StreamHost, session: Session): ListenStream {
  return serverMessageStream(host, {
    method: 'GET',
    open: (call, signal, lastEventId) => {
      const headers: Record<string, string> = { accept: 'text/event-stream', ...host.sessionHeaders(session) };
      if (lastEventId !== undefined) headers['last-event-id'] = lastEventId;
      const request = host.gateway.request(host.wireCall(call.wire, 'GET', undefined), { signal }, headers);
      return { request, answerId: undefined };
    },
    serverRequest: (message, call) => host.serverRequest(message, session, call),
    missed: 'MCP standalone stream closed; server messages outside a request will be missed',
  });
}

/**
 * 2026-07-28: one `subscriptions/listen` stream for the three list kinds (a new request, with a new id, each time
 * it reconnects). The server's final answer ends it gracefully.
 */
export function subscriptionStream(host: StreamHost, version: McpProtocolVersion): ListenStream {
  return serverMessageStream(host, {
    method: 'subscriptions/listen',
    open: (call, signal) => {
      const id = host.nextId();
      const body = {
        jsonrpc: '2.0',
        id,
        method: 'subscriptions/listen',
        params: {
          notifications: { toolsListChanged: true, resourcesListChanged: true, promptsListChanged: true },
          _meta: {
            'io.modelcontextprotocol/protocolVersion': version,
            'io.modelcontextprotocol/clientInfo': host.clientInfo,
            'io.modelcontextprotocol/clientCapabilities': host.capabilities,
          },
        },
      };
      const headers = {
        accept: 'application/json, text/event-stream',
        'mcp-protocol-version': version,
        'mcp-method': 'subscriptions/listen',
      };
      return {
        request: host.gateway.request(host.wireCall(call.wire, 'POST', body), { signal }, headers),
        answerId: id,
      };
    },
    serverRequest: () => {},
    missed: 'MCP subscription closed; list changes will be missed',
  });
}
