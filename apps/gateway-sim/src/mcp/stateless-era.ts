import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EndpointContext, ListChangedKind, ListChangedListener } from './endpoint-context.js';
import { serverCapabilities, serverInfo } from './endpoint-context.js';
import { checkStatelessRequest, metaKeys } from './header-checks.js';
import {
  errorMessage,
  type ParsedBody,
  type RpcRequest,
  type RpcResponse,
  resultMessage,
  rpcErrors,
} from './json-rpc.js';
import { argumentsOf, serveMethod } from './mcp-methods.js';
import { legacyVersions, statelessVersion } from './mcp-options.js';
import type { McpScriptStep } from './mcp-script-step.js';
import { Reply, shapeFor } from './reply.js';
import { ToolInterruption } from './tool-interruption.js';
import { capabilityFor } from './tool-runner.js';
import { writeJson } from './write-json.js';

// 2026-07-28 server/utilities/caching: these results carry ttlMs and cacheScope.
const cacheableMethods = new Set([
  'server/discover',
  'tools/list',
  'prompts/list',
  'resources/list',
  'resources/templates/list',
  'resources/read',
]);

const listenKinds: Record<string, ListChangedKind> = {
  toolsListChanged: 'tools',
  resourcesListChanged: 'resources',
  promptsListChanged: 'prompts',
};

/** The 2026-07-28 stateless era: every request stands alone, carries `_meta`, and mirrors itself in headers. */
export class StatelessEra {
  #nextStream = 0;

  constructor(readonly ctx: EndpointContext) {}

  /** Versions named in -32022: this one, and the session era's when the endpoint serves it too. */
  get supported(): string[] {
    return this.ctx.options.eras === 'both' ? [statelessVersion, ...legacyVersions] : [statelessVersion];
  }

  post(
    req: IncomingMessage,
    res: ServerResponse,
    parsed: Exclude<ParsedBody, { kind: 'invalid' }>,
    step: McpScriptStep | undefined,
    base: Record<string, string>,
  ): void {
    if (parsed.kind === 'notification') {
      writeJson(res, 202, base, undefined);
      return;
    }
    if (parsed.kind === 'response') {
      writeJson(
        res,
        400,
        base,
        errorMessage(null, rpcErrors.invalidRequest, 'Invalid Request: clients send no responses in 2026-07-28'),
      );
      return;
    }
    const request = parsed.message;
    const rejection = checkStatelessRequest(request, req.headers, [statelessVersion], (name) =>
      this.ctx.catalog.tool(name),
    );
    if (rejection !== undefined) {
      if (rejection.message.error?.code === rpcErrors.unsupportedProtocolVersion) {
        rejection.message.error.data = { ...(rejection.message.error.data as object), supported: this.supported };
      }
      writeJson(res, rejection.status, base, rejection.message);
      return;
    }
    if (request.method === 'subscriptions/listen') {
      this.#listen(res, request, step, base);
      return;
    }
    void this.#serve(res, request, step, base);
  }

  /** Answers an `initialize` when this era alone is served: the versions it speaks, as the spec asks. */
  refuseInitialize(res: ServerResponse, request: RpcRequest, base: Record<string, string>): void {
    writeJson(
      res,
      400,
      base,
      errorMessage(
        request.id,
        rpcErrors.unsupportedProtocolVersion,
        'Unsupported protocol version: this server speaks 2026-07-28 only',
        {
          supported: [statelessVersion],
          requested: request.params?.protocolVersion,
        },
      ),
    );
  }

  async #serve(
    res: ServerResponse,
    request: RpcRequest,
    step: McpScriptStep | undefined,
    base: Record<string, string>,
  ): Promise<void> {
    const controller = new AbortController();
    const onClosing = () => controller.abort();
    this.ctx.closing.addEventListener('abort', onClosing, { once: true });
    const meta = (request.params?._meta ?? {}) as Record<string, unknown>;
    const capabilities = meta[metaKeys.clientCapabilities] as Record<string, unknown>;
    const reply = new Reply({
      res,
      headers: base,
      mode: this.ctx.options.answers,
      step,
      // No event ids: 2026-07-28 streams are not resumable.
      openStream: (shape, onClientClose) =>
        this.ctx.newStream(`r${this.#nextStream++}`, false, false, shape, onClientClose),
      // Closing a request's stream is its cancellation in this era.
      onClientClose: () => controller.abort(),
    });
    res.once('close', () => {
      if (!reply.answered) controller.abort();
    });
    try {
      if (request.method === 'server/discover') {
        await reply.finish(
          resultMessage(
            request.id,
            this.#complete(request, {
              supportedVersions: this.supported,
              capabilities: serverCapabilities,
              serverInfo,
            }),
          ),
        );
        return;
      }
      const stateProblem = this.#checkRequestState(request);
      if (stateProblem !== undefined) {
        await reply.finish(stateProblem);
        return;
      }
      const answer = await serveMethod(request, {
        era: 'stateless',
        catalog: this.ctx.catalog,
        pageSize: this.ctx.options.pageSize,
        reply,
        signal: controller.signal,
        delay: (ms, signal) => this.ctx.delay(ms, signal),
        ask: async (key, method, params) => askByMrtr(request, capabilities, key, method, params),
        recordCall: (tool, outcome) =>
          this.ctx.recordCall({ tool, outcome, era: 'stateless', arguments: argumentsOf(request) }),
        repeatCursor: step !== undefined && 'fault' in step && step.fault === 'repeat-cursor',
      });
      if (answer === undefined) {
        reply.abandon();
        return;
      }
      let message = answer.message;
      if (answer.inputRequests !== undefined) {
        message = resultMessage(request.id, {
          resultType: 'input_required',
          inputRequests: answer.inputRequests,
          requestState: requestStateFor(request),
        });
      } else if (message.result !== undefined)
        message = { ...message, result: this.#complete(request, message.result as Record<string, unknown>) };
      await reply.finish(message, answer.status);
    } catch {
      await reply.finish(errorMessage(request.id, rpcErrors.internalError, 'Internal error'));
    } finally {
      this.ctx.closing.removeEventListener('abort', onClosing);
    }
  }

  /** A complete result: `resultType`, the server's identity, and the caching hints the spec asks of cacheable methods. */
  #complete(request: RpcRequest, result: Record<string, unknown>): Record<string, unknown> {
    const complete = withServerInfo(result);
    if (!cacheableMethods.has(request.method)) return complete;
    const { ttlMs, cacheScope } = this.ctx.options.cacheHints;
    return { ...complete, ttlMs, cacheScope };
  }

  /** A retry that carries `inputResponses` must echo the `requestState` this request was given. */
  #checkRequestState(request: RpcRequest): RpcResponse | undefined {
    const params = request.params ?? {};
    if (params.requestState === undefined && params.inputResponses === undefined) return undefined;
    if (params.requestState !== requestStateFor(request)) {
      return errorMessage(
        request.id,
        rpcErrors.invalidParams,
        'Invalid params: requestState does not belong to this request',
      );
    }
    return undefined;
  }

  #listen(
    res: ServerResponse,
    request: RpcRequest,
    step: McpScriptStep | undefined,
    base: Record<string, string>,
  ): void {
    const filter = (request.params?.notifications ?? {}) as Record<string, unknown>;
    const kinds = new Set<ListChangedKind>();
    const honoured: Record<string, boolean> = {};
    for (const [field, kind] of Object.entries(listenKinds)) {
      if (filter[field] === true) {
        kinds.add(kind);
        honoured[field] = true;
      }
    }
    const listener: ListChangedListener = {
      stream: this.ctx.newStream(`l${this.#nextStream++}`, false, false, shapeFor(step), () =>
        this.ctx.listeners.delete(listener),
      ),
      subscriptionId: request.id,
      kinds,
    };
    this.ctx.listeners.add(listener);
    listener.stream.open(res, base);
    void listener.stream.send({
      jsonrpc: '2.0',
      method: 'notifications/subscriptions/acknowledged',
      params: { notifications: honoured, _meta: { 'io.modelcontextprotocol/subscriptionId': request.id } },
    });
  }
}

/** MRTR: the answer is in `inputResponses` on the retry, or the tool stops and the client is asked. */
function askByMrtr(
  request: RpcRequest,
  capabilities: Record<string, unknown>,
  key: string,
  method: string,
  params: Record<string, unknown>,
): unknown {
  const capability = capabilityFor(method);
  if (!(capability in capabilities)) throw new ToolInterruption('missing-capability', { [capability]: {} });
  const responses = request.params?.inputResponses as Record<string, unknown> | undefined;
  if (responses !== undefined && responses[key] !== undefined) return responses[key];
  throw new ToolInterruption('input-required', { [key]: { method, params } });
}

/** Opaque to the client; binds the state to the tool and its arguments, so it cannot be moved to another call. */
function requestStateFor(request: RpcRequest): string {
  const params = request.params ?? {};
  const digest = createHash('sha256')
    .update(JSON.stringify([request.method, params.name, params.arguments ?? {}]))
    .digest('base64url');
  return `sim1.${digest}`;
}

function withServerInfo(result: Record<string, unknown>): Record<string, unknown> {
  const meta = {
    ...((result._meta as Record<string, unknown> | undefined) ?? {}),
    'io.modelcontextprotocol/serverInfo': serverInfo,
  };
  return { resultType: 'complete', ...result, _meta: meta };
}
