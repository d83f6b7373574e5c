import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EndpointContext } from './endpoint-context.js';
import { serverCapabilities, serverInfo } from './endpoint-context.js';
import { EventStream } from './event-stream.js';
import {
  errorMessage,
  type ParsedBody,
  type RpcRequest,
  type RpcResponse,
  resultMessage,
  rpcErrors,
} from './json-rpc.js';
import { argumentsOf, serveMethod } from './mcp-methods.js';
import { legacyVersions } from './mcp-options.js';
import type { McpScriptStep } from './mcp-script-step.js';
import { Reply, shapeFor } from './reply.js';
import { Session } from './session.js';
import { ToolInterruption } from './tool-interruption.js';
import { capabilityFor } from './tool-runner.js';
import { writeJson } from './write-json.js';

/** The 2025 session era (2025-03-26, 2025-06-18, 2025-11-25) of Streamable HTTP. */
export class LegacyEra {
  constructor(readonly ctx: EndpointContext) {}

  post(
    req: IncomingMessage,
    res: ServerResponse,
    parsed: Exclude<ParsedBody, { kind: 'invalid' }>,
    step: McpScriptStep | undefined,
    base: Record<string, string>,
  ): void {
    if (parsed.kind === 'request' && parsed.message.method === 'initialize') {
      this.#initialize(res, parsed.message, step, base);
      return;
    }
    const session = this.#session(req, res, base);
    if (session === undefined) return;
    const headers = { ...base, 'mcp-session-id': session.id };
    const version = req.headers['mcp-protocol-version'];
    // Absent is allowed (2025-03-26 clients never send it); present, it must be the negotiated version.
    if (version !== undefined && version !== session.protocolVersion) {
      writeJson(
        res,
        400,
        headers,
        errorMessage(
          null,
          rpcErrors.sdkServerError,
          `Bad Request: MCP-Protocol-Version ${String(version)} is not the session's ${session.protocolVersion}`,
        ),
      );
      return;
    }
    if (parsed.kind === 'notification') {
      const { method, params } = parsed.message;
      if (method === 'notifications/initialized') session.initialized = true;
      if (method === 'notifications/cancelled' && params !== undefined) {
        const id = params.requestId;
        if (typeof id === 'string' || typeof id === 'number') session.running.get(Session.key(id))?.abort();
      }
      writeJson(res, 202, headers, undefined);
      return;
    }
    if (parsed.kind === 'response') {
      const id = parsed.message.id;
      if (id !== null) session.pending.get(String(id))?.resolve(parsed.message);
      writeJson(res, 202, headers, undefined);
      return;
    }
    void this.#serve(res, parsed.message, session, step, headers);
  }

  get(req: IncomingMessage, res: ServerResponse, step: McpScriptStep | undefined, base: Record<string, string>): void {
    if (!acceptsAll(req, ['text/event-stream'])) {
      writeJson(
        res,
        406,
        base,
        errorMessage(null, rpcErrors.sdkServerError, 'Not Acceptable: Client must accept text/event-stream'),
      );
      return;
    }
    const session = this.#session(req, res, base);
    if (session === undefined) return;
    const headers = { ...base, 'mcp-session-id': session.id };
    const lastEventId = req.headers['last-event-id'];
    if (typeof lastEventId === 'string') {
      const at = EventStream.parseEventId(lastEventId);
      const stream = at === undefined ? undefined : session.streams.get(at.stream);
      if (at === undefined || stream === undefined) {
        writeJson(
          res,
          400,
          headers,
          errorMessage(null, rpcErrors.sdkServerError, 'Bad Request: unknown Last-Event-ID'),
        );
        return;
      }
      if (stream.attached) {
        writeJson(
          res,
          409,
          headers,
          errorMessage(null, rpcErrors.sdkServerError, 'Conflict: that stream is still connected'),
        );
        return;
      }
      stream.resume(res, headers, at.seq);
      return;
    }
    if (session.standalone?.attached) {
      writeJson(
        res,
        409,
        headers,
        errorMessage(null, rpcErrors.sdkServerError, 'Conflict: Only one SSE stream is allowed per session'),
      );
      return;
    }
    const stream = this.ctx.newStream(session.newStreamId(), true, primes(session), shapeFor(step));
    session.addStream(stream);
    session.standalone = stream;
    stream.open(res, headers);
  }

  delete(req: IncomingMessage, res: ServerResponse, base: Record<string, string>): void {
    const session = this.#session(req, res, base);
    if (session === undefined) return;
    this.ctx.sessions.forget(session.id);
    writeJson(res, 200, base, undefined);
  }

  /** Answers as for a session the server does not know: 404 as the spec says, or 400 as SDK servers do. */
  unknownSession(
    res: ServerResponse,
    base: Record<string, string>,
    status: 404 | 400 = this.ctx.options.unknownSessionStatus,
  ): void {
    if (status === 404) writeJson(res, 404, base, errorMessage(null, -32001, 'Session not found'));
    else
      writeJson(
        res,
        400,
        base,
        errorMessage(null, rpcErrors.sdkServerError, 'Bad Request: No valid session ID provided'),
      );
  }

  #session(req: IncomingMessage, res: ServerResponse, base: Record<string, string>): Session | undefined {
    const id = req.headers['mcp-session-id'];
    if (typeof id !== 'string' || id === '') {
      writeJson(
        res,
        400,
        base,
        errorMessage(null, rpcErrors.sdkServerError, 'Bad Request: No valid session ID provided'),
      );
      return undefined;
    }
    const session = this.ctx.sessions.get(id);
    if (session === undefined) this.unknownSession(res, base);
    return session;
  }

  #initialize(
    res: ServerResponse,
    request: RpcRequest,
    step: McpScriptStep | undefined,
    base: Record<string, string>,
  ): void {
    const params = request.params ?? {};
    const requested = params.protocolVersion;
    const version = (legacyVersions as readonly unknown[]).includes(requested)
      ? (requested as string)
      : legacyVersions[0];
    const capabilities = isRecord(params.capabilities) ? params.capabilities : {};
    const session = new Session(version, capabilities, params.clientInfo);
    this.ctx.sessions.add(session);
    const reply = this.#reply(res, session, step, { ...base, 'mcp-session-id': session.id });
    void reply.finish(
      resultMessage(request.id, {
        protocolVersion: version,
        capabilities: serverCapabilities,
        serverInfo,
        instructions: 'The mcpgw gateway simulator: seeded tools, resources and prompts.',
      }),
    );
  }

  async #serve(
    res: ServerResponse,
    request: RpcRequest,
    session: Session,
    step: McpScriptStep | undefined,
    headers: Record<string, string>,
  ): Promise<void> {
    const controller = new AbortController();
    const key = Session.key(request.id);
    session.running.set(key, controller);
    const onClosing = () => controller.abort();
    this.ctx.closing.addEventListener('abort', onClosing, { once: true });
    // In this era a dropped connection is not a cancel (the spec says so): the request keeps running.
    const reply = this.#reply(res, session, step, headers);
    try {
      const answer = await serveMethod(request, {
        era: 'legacy',
        catalog: this.ctx.catalog,
        pageSize: this.ctx.options.pageSize,
        reply,
        signal: controller.signal,
        delay: (ms, signal) => this.ctx.delay(ms, signal),
        ask: (_key, method, params) => this.#ask(session, reply, controller.signal, method, params),
        recordCall: (tool, outcome) =>
          this.ctx.recordCall({ tool, outcome, era: 'legacy', sessionId: session.id, arguments: argumentsOf(request) }),
        repeatCursor: step !== undefined && 'fault' in step && step.fault === 'repeat-cursor',
      });
      if (answer === undefined) reply.abandon();
      else await reply.finish(answer.message, answer.status);
    } catch {
      await reply.finish(errorMessage(request.id, rpcErrors.internalError, 'Internal error'));
    } finally {
      session.running.delete(key);
      this.ctx.closing.removeEventListener('abort', onClosing);
    }
  }

  /** A server request on the POST's stream; the client answers it with a POST of its own. */
  async #ask(
    session: Session,
    reply: Reply,
    signal: AbortSignal,
    method: string,
    params: Record<string, unknown>,
  ): Promise<unknown> {
    const capability = capabilityFor(method);
    if (!(capability in session.clientCapabilities))
      throw new ToolInterruption('missing-capability', { [capability]: {} });
    const id = session.newServerRequestId();
    const answered = new Promise<RpcResponse>((resolve, reject) => {
      const onAbort = () => {
        session.pending.delete(id);
        reject(new ToolInterruption('cancelled'));
      };
      if (signal.aborted) return onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
      session.pending.set(id, {
        resolve: (answer) => {
          signal.removeEventListener('abort', onAbort);
          session.pending.delete(id);
          resolve(answer);
        },
      });
    });
    await reply.send({ jsonrpc: '2.0', id, method, params });
    const answer = await answered;
    if (answer.error !== undefined) throw new ToolInterruption('refused', { method, error: answer.error });
    return answer.result;
  }

  #reply(
    res: ServerResponse,
    session: Session,
    step: McpScriptStep | undefined,
    headers: Record<string, string>,
  ): Reply {
    return new Reply({
      res,
      headers,
      mode: this.ctx.options.answers,
      step,
      openStream: (shape) => {
        const withIds = !(
          step !== undefined &&
          'fault' in step &&
          step.fault === 'cut-stream' &&
          step.eventIds === false
        );
        const stream = this.ctx.newStream(session.newStreamId(), withIds, withIds && primes(session), shape);
        if (withIds) session.addStream(stream);
        return stream;
      },
    });
  }
}

/** 2025-11-25 servers prime a stream (an id, empty data) so the client can resume it; older clients may not expect it. */
function primes(session: Session): boolean {
  return session.protocolVersion >= '2025-11-25';
}

export function acceptsAll(req: IncomingMessage, types: readonly string[]): boolean {
  const accept = req.headers.accept ?? '';
  return types.every((type) => accept.includes(type) || accept.includes('*/*'));
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
