import { EventEmitter } from 'node:events';
import {
  AbortError,
  ClientClosedError,
  ConfigError,
  Deadline,
  type EventStreamLimits,
  GatewayClient,
  GatewayError,
  type GatewayRequest,
  type GatewayResponse,
  type Handler,
  HttpError,
  InvalidRequestError,
  JsonBody,
  ResponseFormatError,
} from '@mcpgw/core';
import { boundedWait, MAX_TIMEOUT_MS, parseBaseUrl, secretsIn, secretsOf, type WireCall } from '@mcpgw/core/kit';
import { type Answered, answerOf } from './answer-of.js';
import { AnswerSink } from './answer-sink.js';
import { applicationRpcError } from './application-errors.js';
import { type RebuildableRequest, rebuildForAttempt } from './attempt-ids.js';
import { type Call, type McpCallOptions, readShape, type Session, type WireShape } from './call-context.js';
import { checkCursor, checkTimeout, checkToolName, cursorParams, isPlainObject } from './call-input.js';
import { type CursorPagination, cursorPages, defaultCursorPagination } from './cursor-pages.js';
import {
  cancelled,
  LegacySignal,
  legacyFallback,
  rpcErrorFromHttp,
  sessionForgotten,
  supportedVersions,
} from './era-errors.js';
import { eraMemory } from './era-memory.js';
import { JsonRpcError, jsonRpcCodes } from './errors/json-rpc-error.js';
import { ProtocolVersionError } from './errors/protocol-version-error.js';
import { SessionLostError } from './errors/session-lost-error.js';
import { StreamLostError } from './errors/stream-lost-error.js';
import { UnsupportedOperationError } from './errors/unsupported-operation-error.js';
import { mcpHeaderValue } from './header-values.js';
import { type JsonRpcId, peerText, type ServerMessage } from './json-rpc.js';
import type { ListenStream } from './listen-stream.js';
import type {
  CallToolResult,
  ClientInfo,
  CursorPage,
  GetPromptResult,
  ListChangedEvent,
  ListKind,
  McpHandlers,
  McpLogger,
  McpPrompt,
  McpResource,
  McpResourceTemplate,
  McpTool,
  ProgressUpdate,
  ReadResourceResult,
} from './mcp-types.js';
import {
  eraOf,
  isKnownVersion,
  MCP_PROTOCOL_VERSIONS,
  type McpProtocolVersion,
  MODERN_VERSION,
  NEWEST_LEGACY_VERSION,
} from './protocol-versions.js';
import { callToolResult, getPromptResult, listPage, readResourceResult } from './result-shapes.js';
import { ServerNotifications } from './server-notifications.js';
import { answerServerRequest, clientCapabilities } from './server-requests.js';
import { type StreamHost, standaloneStream, subscriptionStream } from './server-streams.js';
import { annotationAttributes, ToolAnnotationBook } from './tool-annotations.js';
import { isRepeatableTool, isTrusted, type McpServerIdentity, type TrustToolAnnotations } from './tool-trust.js';
import { type HeaderParameter, type HeaderScan, headerParameterValues, scanHeaderParameters } from './x-mcp-header.js';

export { listChangedChannel } from './server-notifications.js';

export interface McpClientOptions {
  /** The MCP endpoint: `https://gw.example.com/mcp`. */
  baseUrl: string | URL;
  /** The pipeline: `compose(...layers)(createTransport())`. */
  handler: Handler;
  /** Carried by every event, to tell clients apart. Default `mcpgw`. */
  name?: string;
  /** Sent as `X-API-Key` on every request. Never logged. */
  apiKey?: string;
  /** Extra headers for every request. */
  headers?: Record<string, string>;
  /** Largest request body (serialised JSON-RPC, bytes); larger is an `InvalidRequestError`, never sent. Default 1 MiB. */
  maxRequestBytes?: number;
  /** `auto` (default): 2026-07-28 first, falling back as the spec says, remembered per endpoint. Or one version. */
  protocolVersion?: 'auto' | McpProtocolVersion;
  /** Default `{ name: 'mcpgw', version: <core version> }`. */
  clientInfo?: ClientInfo;
  /** Answers to server requests; each one given is declared as a client capability. */
  handlers?: McpHandlers;
  /** Receives the server's `notifications/message` and warnings about dropped tools. */
  logger?: McpLogger;
  /**
   * Whether a server's tool annotations are believed: with `readOnlyHint` or `idempotentHint` from a trusted
   * server, a `tools/call` is idempotent (retried like a read). `true`, or a predicate per server. Default false:
   * annotations are hints, and a `tools/call` is re-sent only when it provably never reached the server.
   */
  trustToolAnnotations?: TrustToolAnnotations;
  /**
   * Lists the tools (bounded by `pagination`) before a `tools/call` whose annotations are unknown, so the request
   * carries them (`mcp.tool.*` attributes) for the OPA layer. The preset sets it when OPA is on. Default false.
   */
  learnToolAnnotations?: boolean;
  /**
   * Lets a cache layer keep `tools/call` results of tools a trusted server (`trustToolAnnotations`) marks
   * `readOnlyHint: true` and `openWorldHint: false`, per credential scope and arguments. Default false: a tool's
   * result is never cached.
   */
  cacheToolResults?: boolean;
  /**
   * Called for every `notifications/*\/list_changed`, on whatever stream it came (unlike `on('listChanged')`, opens
   * no stream): the preset drops the cache entries it names (`listOperations(kind)` of `server`).
   */
  onListChanged?: (change: { readonly kind: ListKind; readonly server: string }) => void;
  pagination?: Partial<CursorPagination>;
  /** Rounds of `input_required` one call may take (2026-07-28). Default 8. */
  maxInputRounds?: number;
  /** Resumptions (GET with `Last-Event-ID`) of one cut answer stream (2025 era). Default 5. */
  maxResumptions?: number;
  /** Bounds of every event-stream answer; see core's `EventStreamLimits`. */
  eventStreamLimits?: Partial<EventStreamLimits>;
  /**
   * The overall timeout of an operation that gives no `timeoutMs`, all its messages together (the preset passes
   * `timeouts.totalMs`). Default: none (each message is bounded by the pipeline alone).
   */
  defaultTimeoutMs?: number;
  /**
   * Carries the 2025 era's standalone GET stream (opened when handlers or a `listChanged` listener are given).
   * Default `handler`; the preset gives its bare transport, since the onion's deadline and retries would end or
   * repeat a stream meant to stay open.
   */
  streamHandler?: Handler;
}

export type { McpCallOptions } from './call-context.js';

export interface McpListOptions extends McpCallOptions {
  cursor?: string;
}

export interface McpInvokeOptions extends McpCallOptions {
  tool: string;
  parameters?: Record<string, unknown>;
  /** Called for each `notifications/progress` of this call; progress also restarts the attempt timeout. */
  onProgress?: (progress: ProgressUpdate) => void;
}

export interface McpHealth {
  readonly status: 'healthy';
  readonly protocolVersion: McpProtocolVersion;
  readonly latencyMs: number;
}

const MAX_INPUT_REQUESTS = 32;
const DEFAULT_RETRY_MS = 1_000;
const MAX_RETRY_MS = 60_000;
const CANCEL_TIMEOUT_MS = 2_000;
const DRAIN_TIMEOUT_MS = 10_000;
const MAX_TOOL_SCHEMAS = 10_000;
/**
 * The MCP Streamable HTTP dialect over any `Handler`: every JSON-RPC message is one POST through the pipeline, so
 * every layer of the onion sees it. Speaks the 2025 session era (initialize, `Mcp-Session-Id`, resumption,
 * `notifications/cancelled`) and the 2026-07-28 stateless era (`_meta`, `Mcp-*` headers, `input_required`).
 */
export class McpClient {
  readonly name: string;
  readonly #gateway: GatewayClient;
  readonly #streamGateway: GatewayClient;
  #listen: ListenStream | undefined;
  readonly #path: string;
  readonly #endpoint: string;
  readonly #serverName: string;
  readonly #pinned: McpProtocolVersion | undefined;
  readonly #clientInfo: ClientInfo;
  readonly #handlers: McpHandlers;
  readonly #capabilities: Record<string, unknown>;
  readonly #logger: McpLogger | undefined;
  readonly #pagination: CursorPagination;
  readonly #maxInputRounds: number;
  readonly #maxResumptions: number;
  readonly #limits: Partial<EventStreamLimits> | undefined;
  readonly #defaultTimeoutMs: number | undefined;
  readonly #events = new EventEmitter();
  readonly #notifications: ServerNotifications;
  readonly #toolHeaders = new Map<string, readonly HeaderParameter[]>();
  readonly #background = new Set<Promise<unknown>>();
  readonly #inFlight = new Set<Promise<unknown>>();
  readonly trustToolAnnotations: TrustToolAnnotations;
  readonly #learnAnnotations: boolean;
  readonly #cacheToolResults: boolean;
  readonly #annotations = new ToolAnnotationBook(MAX_TOOL_SCHEMAS);
  readonly #scans = new WeakMap<McpTool, HeaderScan>();
  readonly #origin: string;
  #nextId = 1;
  #nextProgressToken = 1;
  #session: Session | undefined;
  #listenSession: Session | undefined;
  #opening: Promise<Session> | undefined;
  #closed = false;

  constructor(options: McpClientOptions) {
    if (options === null || typeof options !== 'object') {
      throw new ConfigError([{ path: 'options', message: 'expected an options object such as { baseUrl, handler }' }]);
    }
    const base = parseBaseUrl(options.baseUrl);
    this.#gateway = new GatewayClient({
      baseUrl: options.baseUrl,
      handler: options.handler,
      ...(options.name === undefined ? {} : { name: options.name }),
      ...(options.apiKey === undefined ? {} : { apiKey: options.apiKey }),
      ...(options.headers === undefined ? {} : { headers: options.headers }),
      ...(options.maxRequestBytes === undefined ? {} : { maxRequestBytes: options.maxRequestBytes }),
    });
    this.name = this.#gateway.name;
    this.#streamGateway =
      options.streamHandler === undefined
        ? this.#gateway
        : new GatewayClient({
            baseUrl: options.baseUrl,
            handler: options.streamHandler,
            name: this.name,
            ...(options.apiKey === undefined ? {} : { apiKey: options.apiKey }),
            ...(options.headers === undefined ? {} : { headers: options.headers }),
          });
    this.#path = base.prefix === '' ? '/' : '';
    this.#endpoint = base.origin + (base.prefix === '' ? '/' : base.prefix);
    this.#serverName = new URL(base.origin).host + base.prefix;
    this.#origin = base.origin;
    const issues: { path: string; message: string }[] = [];
    const version = options.protocolVersion ?? 'auto';
    if (version !== 'auto' && !isKnownVersion(version)) {
      issues.push({ path: 'protocolVersion', message: `must be 'auto' or one of ${MCP_PROTOCOL_VERSIONS.join(', ')}` });
    }
    this.#pinned = version === 'auto' || !isKnownVersion(version) ? undefined : version;
    const info = options.clientInfo ?? { name: 'mcpgw', version: '0.1.0' };
    if (typeof info?.name !== 'string' || info.name.length === 0 || typeof info.version !== 'string') {
      issues.push({ path: 'clientInfo', message: 'must be { name, version } with string values' });
    }
    this.#clientInfo = info;
    this.#handlers = options.handlers ?? {};
    for (const key of ['elicitation', 'sampling', 'roots'] as const) {
      const h = this.#handlers[key];
      if (h !== undefined && typeof h !== 'function')
        issues.push({ path: `handlers.${key}`, message: 'must be a function' });
    }
    this.#capabilities = clientCapabilities(this.#handlers);
    this.#logger = options.logger;
    this.#pagination = { ...defaultCursorPagination, ...options.pagination };
    for (const key of ['maxPages', 'maxItems'] as const) {
      if (!(Number.isSafeInteger(this.#pagination[key]) && this.#pagination[key] >= 1)) {
        issues.push({ path: `pagination.${key}`, message: 'must be a positive integer' });
      }
    }
    this.#maxInputRounds = options.maxInputRounds ?? 8;
    this.#maxResumptions = options.maxResumptions ?? 5;
    for (const key of ['maxInputRounds', 'maxResumptions'] as const) {
      const value = key === 'maxInputRounds' ? this.#maxInputRounds : this.#maxResumptions;
      if (!(Number.isSafeInteger(value) && value >= 0 && value <= 100)) {
        issues.push({ path: key, message: 'must be an integer from 0 to 100' });
      }
    }
    this.#limits = options.eventStreamLimits;
    this.#defaultTimeoutMs = options.defaultTimeoutMs;
    const t = options.defaultTimeoutMs;
    if (t !== undefined && !(Number.isSafeInteger(t) && t >= 1 && t <= MAX_TIMEOUT_MS)) {
      issues.push({ path: 'defaultTimeoutMs', message: 'must be a whole number of milliseconds >= 1' });
    }
    const trust = options.trustToolAnnotations ?? false;
    if (typeof trust !== 'boolean' && typeof trust !== 'function') {
      issues.push({ path: 'trustToolAnnotations', message: 'must be true, false or a function (server) => boolean' });
    }
    this.trustToolAnnotations = typeof trust === 'function' ? trust : trust === true;
    this.#learnAnnotations = options.learnToolAnnotations === true;
    this.#cacheToolResults = options.cacheToolResults === true;
    const onListChanged = options.onListChanged;
    if (onListChanged !== undefined && typeof onListChanged !== 'function') {
      issues.push({ path: 'onListChanged', message: 'must be a function ({ kind, server }) => void' });
    }
    this.#notifications = new ServerNotifications({
      name: this.name,
      endpoint: this.#endpoint,
      logger: this.#logger,
      events: this.#events,
      onListChanged: (kind) => {
        if (kind === 'tools') {
          this.#toolHeaders.clear();
          this.#annotations.clear();
        }
        onListChanged?.({ kind, server: this.#serverName });
      },
    });
    if (issues.length > 0) throw new ConfigError(issues);
  }

  /** The protocol version in use, once known. */
  get protocolVersion(): McpProtocolVersion | undefined {
    return this.#session?.version ?? this.#pinned ?? eraMemory.get(this.#endpoint);
  }

  /** `listChanged`: a `notifications/*\/list_changed` arrived ({@link ListChangedEvent}). */
  on(event: 'listChanged', listener: (event: ListChangedEvent) => void): this {
    this.#events.on(event, listener);
    if (this.#session !== undefined) this.#startListening(this.#session);
    else {
      const version = this.protocolVersion;
      if (version !== undefined && eraOf(version) === 'modern') this.#startSubscription(version);
    }
    return this;
  }

  off(event: 'listChanged', listener: (event: ListChangedEvent) => void): this {
    this.#events.off(event, listener);
    return this;
  }

  async listTools(options: McpListOptions = {}): Promise<CursorPage<McpTool>> {
    const page = await this.#listPage<McpTool>('tools/list', 'listTools', 'tools', 'name', options);
    this.#annotations.remember(page.items);
    // x-mcp-header is a 2026-07-28 rule; earlier versions list every tool as sent.
    const version = this.protocolVersion;
    if (version === undefined || eraOf(version) === 'legacy') return page;
    return { ...page, items: this.#usableTools(page.items) };
  }

  tools(options: McpCallOptions = {}): AsyncGenerator<McpTool, void, undefined> {
    return this.#iterate((page) => this.listTools(page), options);
  }

  listResources(options: McpListOptions = {}): Promise<CursorPage<McpResource>> {
    return this.#listPage('resources/list', 'listResources', 'resources', 'uri', options);
  }

  resources(options: McpCallOptions = {}): AsyncGenerator<McpResource, void, undefined> {
    return this.#iterate((page) => this.listResources(page), options);
  }

  listResourceTemplates(options: McpListOptions = {}): Promise<CursorPage<McpResourceTemplate>> {
    return this.#listPage(
      'resources/templates/list',
      'listResourceTemplates',
      'resourceTemplates',
      'uriTemplate',
      options,
    );
  }

  resourceTemplates(options: McpCallOptions = {}): AsyncGenerator<McpResourceTemplate, void, undefined> {
    return this.#iterate((page) => this.listResourceTemplates(page), options);
  }

  async readResource(options: McpCallOptions & { uri: string }): Promise<ReadResourceResult> {
    const uri = options?.uri;
    if (typeof uri !== 'string' || uri.length === 0 || uri.length > 8_192) {
      throw new InvalidRequestError('readResource needs { uri }: a non-empty string of at most 8192 characters', {
        field: 'uri',
      });
    }
    const result = await this.#request('resources/read', { uri }, options, {
      ...readShape('readResource'),
      name: uri,
    });
    return readResourceResult(result);
  }

  listPrompts(options: McpListOptions = {}): Promise<CursorPage<McpPrompt>> {
    return this.#listPage('prompts/list', 'listPrompts', 'prompts', 'name', options);
  }

  prompts(options: McpCallOptions = {}): AsyncGenerator<McpPrompt, void, undefined> {
    return this.#iterate((page) => this.listPrompts(page), options);
  }

  async getPrompt(
    options: McpCallOptions & { name: string; arguments?: Record<string, string> },
  ): Promise<GetPromptResult> {
    const name = checkToolName(options?.name, 'name');
    const args = options.arguments;
    if (args !== undefined && !(isPlainObject(args) && Object.values(args).every((v) => typeof v === 'string'))) {
      throw new InvalidRequestError('getPrompt arguments must be an object of strings', { field: 'arguments' });
    }
    const params = args === undefined ? { name } : { name, arguments: args };
    const result = await this.#request('prompts/get', params, options, { ...readShape('getPrompt'), name });
    return getPromptResult(result);
  }

  /**
   * Calls a tool. `isError: true` is the tool's own failure and is returned, not thrown. Re-sent once it may have
   * reached the server only when a trusted server's annotations say it reads only or is idempotent
   * (`trustToolAnnotations`); the annotations come from the last listing, listed first when unknown (bounded).
   */
  async invokeTool(options: McpInvokeOptions): Promise<CallToolResult> {
    if (options === null || typeof options !== 'object') {
      throw new InvalidRequestError('invokeTool needs { tool, parameters }', { field: 'options' });
    }
    if ((options as { server?: unknown }).server !== undefined) {
      throw new InvalidRequestError('an MCP endpoint has no servers to choose from: give only { tool }', {
        field: 'server',
      });
    }
    const tool = checkToolName(options.tool, 'tool');
    const parameters = options.parameters ?? {};
    if (!isPlainObject(parameters)) {
      throw new InvalidRequestError('parameters must be a JSON object', { field: 'parameters' });
    }
    if (options.onProgress !== undefined && typeof options.onProgress !== 'function') {
      throw new InvalidRequestError('onProgress must be a function', { field: 'onProgress' });
    }
    let server = this.serverIdentity;
    let trusted = isTrusted(this.trustToolAnnotations, server);
    let annotations = this.#annotations.get(tool);
    // A predicate may want the server's name, which only the listing's session brings: it is asked again after.
    const mayTrust = trusted || typeof this.trustToolAnnotations === 'function';
    if (annotations === undefined && (mayTrust || this.#learnAnnotations)) {
      annotations = await this.#learnAnnotationsOf(tool, options);
      // The listing may have opened the session: the server has a name now, and the predicate may see it.
      server = this.serverIdentity;
      trusted = isTrusted(this.trustToolAnnotations, server);
    }
    const shape: WireShape = {
      operation: 'invokeTool',
      idempotent: isRepeatableTool(annotations, trusted),
      cacheable:
        this.#cacheToolResults && trusted && annotations?.readOnlyHint === true && annotations.openWorldHint === false,
      authorize: true,
      // The endpoint stands for the server (authorization needs one); its identity and the tool's hints go with it.
      attributes: {
        server: this.#serverName,
        tool,
        'mcp.method': 'tools/call',
        'mcp.server.origin': server.origin,
        ...(server.name === undefined ? {} : { 'mcp.server.name': server.name }),
        ...annotationAttributes(annotations),
      },
      name: tool,
    };
    const result = await this.#request(
      'tools/call',
      { name: tool, arguments: parameters },
      options,
      shape,
      options.onProgress,
    );
    return callToolResult(result);
  }

  /** The endpoint's origin, and the `serverInfo.name` its `initialize` gave (2025 era), if any. */
  get serverIdentity(): McpServerIdentity {
    const info = this.#session?.serverInfo as { name?: unknown } | undefined;
    const name = typeof info?.name === 'string' && info.name.length > 0 ? peerText(info.name, 200) : undefined;
    return name === undefined ? { origin: this.#origin } : { origin: this.#origin, name };
  }

  async ping(options: McpCallOptions = {}): Promise<void> {
    await this.#request('ping', undefined, options, readShape('ping'));
  }

  /** A `ping` round trip: the endpoint answers and speaks a protocol we share. */
  async health(options: McpCallOptions = {}): Promise<McpHealth> {
    const start = performance.now();
    await this.ping(options);
    return {
      status: 'healthy',
      protocolVersion: this.protocolVersion ?? NEWEST_LEGACY_VERSION,
      latencyMs: performance.now() - start,
    };
  }

  /** REST-only operations have no MCP meaning: each throws `UnsupportedOperationError` before anything is sent. */
  listServers(): never {
    throw unsupported('listServers');
  }

  servers(): never {
    throw unsupported('servers');
  }

  listAllServers(): never {
    throw unsupported('listAllServers');
  }

  getServer(): never {
    throw unsupported('getServer');
  }

  /** Ends the session (2025 era: DELETE with the session id; a 405 is fine). Later calls fail as closed. */
  async close(options: { drainTimeoutMs?: number } = {}): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    // Calls in flight finish first (bounded): ending the session under them would fail them for nothing.
    await drain(this.#inFlight, options.drainTimeoutMs ?? DRAIN_TIMEOUT_MS);
    await this.#listen?.stop();
    this.#listen = undefined;
    await Promise.allSettled(this.#background);
    const session = this.#session;
    this.#session = undefined;
    if (session?.id === undefined) return;
    const request = this.#httpRequest(
      { operation: 'closeSession', idempotent: true, authorize: false, attributes: {}, name: undefined },
      'DELETE',
      undefined,
      { timeoutMs: CANCEL_TIMEOUT_MS },
      this.#sessionHeaders(session),
    );
    try {
      await this.#gateway.execute(request);
    } catch (error) {
      // 405: the server does not end sessions that way; 404: already gone; an empty 2xx body: ended all the same.
      if (error instanceof HttpError && (error.status === 405 || error.status === 404)) return;
      if (error instanceof ResponseFormatError) return;
      throw error;
    }
  }

  async [Symbol.asyncDispose](): Promise<void> {
    await this.close();
  }

  // ---- one logical request --------------------------------------------------------------------------------------

  async #request(
    method: string,
    params: Record<string, unknown> | undefined,
    options: McpCallOptions,
    wire: WireShape,
    onProgress?: (progress: ProgressUpdate) => void,
  ): Promise<Record<string, unknown>> {
    if (this.#closed) throw new ClientClosedError({ operation: wire.operation });
    checkTimeout(options.timeoutMs);
    const running = this.#run(method, params, options, wire, onProgress);
    this.#inFlight.add(running);
    try {
      return await running;
    } finally {
      this.#inFlight.delete(running);
    }
  }

  async #run(
    method: string,
    params: Record<string, unknown> | undefined,
    options: McpCallOptions,
    wire: WireShape,
    onProgress: ((progress: ProgressUpdate) => void) | undefined,
  ): Promise<Record<string, unknown>> {
    // One deadline for the whole operation (initialize, resumptions, input rounds), not one per message.
    const timeoutMs = options.timeoutMs ?? this.#defaultTimeoutMs;
    const call: Call = {
      method,
      options: timeoutMs === options.timeoutMs ? options : { ...options, timeoutMs },
      deadline: timeoutMs === undefined ? undefined : Deadline.after(timeoutMs),
      progressToken: onProgress === undefined ? undefined : `mcpgw-progress-${this.#nextProgressToken++}`,
      onProgress,
      wire,
    };
    const version = this.#pinned ?? eraMemory.get(this.#endpoint);
    if (version !== undefined && eraOf(version) === 'legacy') return this.#legacyCall(call, params, version);
    try {
      return await this.#modernCall(call, params, version ?? MODERN_VERSION);
    } catch (error) {
      const fallback = this.#pinned === undefined && version === undefined ? legacyFallback(error) : undefined;
      if (fallback === undefined) throw error;
      eraMemory.set(this.#endpoint, fallback);
      return this.#legacyCall(call, params, fallback);
    }
  }

  // ---- 2026-07-28: stateless --------------------------------------------------------------------------------------

  async #modernCall(call: Call, params: Record<string, unknown> | undefined, version: McpProtocolVersion) {
    let extra: Record<string, unknown> | undefined;
    let headerRetry = call.method === 'tools/call';
    const tried = new Set<McpProtocolVersion>();
    for (let round = 0; ; round++) {
      let result: Record<string, unknown>;
      try {
        result = await this.#modernSend(call, { ...params, ...extra }, version);
      } catch (error) {
        const rpc = error instanceof JsonRpcError ? error.rpcCode : undefined;
        if (rpc === jsonRpcCodes.unsupportedProtocolVersion) {
          const next = this.#pickVersion(error as JsonRpcError, version, tried);
          if (eraOf(next) === 'legacy') throw new LegacySignal(next, error);
          version = next;
          round--;
          continue;
        }
        if (rpc === jsonRpcCodes.headerMismatch && headerRetry) {
          // The server wants Mcp-Param headers we did not know about: learn the tool's schema, then send once more.
          headerRetry = false;
          await this.#learnToolSchemas(call);
          round--;
          continue;
        }
        throw error;
      }
      if (this.#pinned === undefined && eraMemory.get(this.#endpoint) !== version)
        eraMemory.set(this.#endpoint, version);
      this.#startSubscription(version);
      const type = result.resultType;
      if (type === undefined || type === 'complete') return result;
      if (type !== 'input_required') {
        throw new ResponseFormatError('the MCP server sent a resultType this client does not know', {
          field: 'resultType',
        });
      }
      if (round >= this.#maxInputRounds) {
        throw new ResponseFormatError(`the MCP server still asks for input after ${this.#maxInputRounds} rounds`, {
          field: 'resultType',
        });
      }
      extra = await this.#inputResponses(result);
    }
  }

  async #modernSend(call: Call, params: Record<string, unknown>, version: McpProtocolVersion) {
    const id = this.#nextId++;
    const meta: Record<string, unknown> = {
      ...(isPlainObject(params._meta) ? params._meta : {}),
      'io.modelcontextprotocol/protocolVersion': version,
      'io.modelcontextprotocol/clientInfo': this.#clientInfo,
      'io.modelcontextprotocol/clientCapabilities': this.#capabilities,
    };
    if (call.progressToken !== undefined) meta.progressToken = call.progressToken;
    const body = { jsonrpc: '2.0', id, method: call.method, params: { ...params, _meta: meta } };
    const headers: Record<string, string> = {
      accept: 'application/json, text/event-stream',
      'mcp-protocol-version': version,
      'mcp-method': call.method,
    };
    if (call.wire.name !== undefined) headers['mcp-name'] = mcpHeaderValue(call.wire.name);
    let paramHeaders: ((args: unknown) => Record<string, string> | undefined) | undefined;
    if (call.method === 'tools/call') {
      const parameters = this.#toolHeaders.get(call.wire.name!);
      if (parameters !== undefined) {
        paramHeaders = (args) => (isPlainObject(args) ? headerParameterValues(parameters, args) : undefined);
        Object.assign(headers, paramHeaders(params.arguments));
      }
    }
    const outcome = await this.#exchange(call, id, body, headers, undefined, 'POST', { id }, paramHeaders);
    if (outcome.answer === undefined) {
      const why = outcome.end.broken ? 'the connection broke' : 'the stream closed without an answer';
      throw new StreamLostError(call.method, why, {
        operation: call.wire.operation,
        connectionBroken: outcome.end.broken,
      });
    }
    return outcome.answer.result;
  }

  /**
   * The version to retry with after -32022: the newest of ours in the server's `supported` list not refused yet in
   * this call. The one just refused may come back once (a server that lists it as supported gets a second try); a
   * second refusal of the same version, or no shared version, is the typed error: never a loop.
   */
  #pickVersion(error: JsonRpcError, asked: McpProtocolVersion, tried: Set<McpProtocolVersion>): McpProtocolVersion {
    const supported = supportedVersions(error);
    const refusedTwice = tried.has(asked);
    tried.add(asked);
    const allowed = (v: McpProtocolVersion) =>
      supported.includes(v) &&
      (this.#pinned === undefined || v === this.#pinned) &&
      (v === asked ? !refusedTwice : !tried.has(v));
    const next = MCP_PROTOCOL_VERSIONS.find(allowed);
    if (next !== undefined) return next;
    throw new ProtocolVersionError(asked, supported, { operation: 'negotiate', cause: error });
  }

  async #inputResponses(result: Record<string, unknown>): Promise<Record<string, unknown>> {
    const requests = result.inputRequests;
    const extra: Record<string, unknown> = {};
    if (typeof result.requestState === 'string') extra.requestState = result.requestState;
    if (requests === undefined) return extra;
    if (!isPlainObject(requests) || Object.keys(requests).length > MAX_INPUT_REQUESTS) {
      throw new ResponseFormatError(`inputRequests must be an object of at most ${MAX_INPUT_REQUESTS} requests`, {
        field: 'inputRequests',
      });
    }
    const responses: Record<string, unknown> = {};
    for (const [key, request] of Object.entries(requests)) {
      if (!isPlainObject(request) || typeof request.method !== 'string') {
        throw new ResponseFormatError('an input request has no method', { field: `inputRequests.${key}` });
      }
      const answer = await answerServerRequest(this.#handlers, request.method, request.params);
      if ('error' in answer) {
        throw new ResponseFormatError(
          `the MCP server asked for ${peerText(request.method, 60)}, which this client does not handle`,
          {
            field: `inputRequests.${key}`,
          },
        );
      }
      responses[key] = answer.result;
    }
    extra.inputResponses = responses;
    return extra;
  }

  async #learnToolSchemas(call: Call): Promise<void> {
    await this.#findTool(call.wire.name, call.options);
  }

  /** The tool's annotations from a fresh listing; a tool no listing shows is remembered as having none. */
  async #learnAnnotationsOf(tool: string, options: McpCallOptions) {
    await this.#findTool(tool, options);
    const annotations = this.#annotations.get(tool);
    if (annotations !== undefined) return annotations;
    this.#annotations.remember([{ name: tool }]);
    return undefined;
  }

  /** Lists tools page by page (at most `pagination.maxPages`) until one named so shows up. */
  async #findTool(name: string | undefined, options: McpCallOptions): Promise<void> {
    let cursor: string | undefined;
    for (let pages = 0; pages < this.#pagination.maxPages; pages++) {
      const page = await this.listTools({ ...options, ...(cursor === undefined ? {} : { cursor }) });
      if (page.items.some((t) => t.name === name) || page.nextCursor === undefined) return;
      cursor = page.nextCursor;
    }
  }

  /**
   * A tool's `x-mcp-header` scan, remembered per tool object: a cached listing answers the same frozen tools on every
   * hit, and scanning their schemas again was most of a hit's cost.
   */
  #scanOf(tool: McpTool): HeaderScan {
    if (!Object.isFrozen(tool)) return scanHeaderParameters(tool.inputSchema);
    let scan = this.#scans.get(tool);
    if (scan === undefined) {
      scan = scanHeaderParameters(tool.inputSchema);
      this.#scans.set(tool, scan);
    }
    return scan;
  }

  /** Tools whose `x-mcp-header` annotations are invalid are dropped (2026-07-28 requires it); the rest remembered. */
  #usableTools(tools: McpTool[]): McpTool[] {
    let out: McpTool[] | undefined;
    for (let i = 0; i < tools.length; i++) {
      const tool = tools[i]!;
      const scan = this.#scanOf(tool);
      if (!scan.ok) {
        this.#logger?.warn(
          { tool: peerText(tool.name, 100), reason: scan.reason },
          'MCP tool dropped: invalid x-mcp-header',
        );
        out ??= tools.slice(0, i);
        continue;
      }
      if (scan.headers.length > 0) {
        if (this.#toolHeaders.size >= MAX_TOOL_SCHEMAS)
          this.#toolHeaders.delete(this.#toolHeaders.keys().next().value!);
        this.#toolHeaders.set(tool.name, scan.headers);
      } else this.#toolHeaders.delete(tool.name);
      out?.push(tool);
    }
    return out ?? tools;
  }

  // ---- 2025 era: sessions ---------------------------------------------------------------------------------------

  async #legacyCall(call: Call, params: Record<string, unknown> | undefined, version: McpProtocolVersion) {
    const session = await this.#openSession(call, version);
    try {
      return await this.#legacySend(call, params, session);
    } catch (error) {
      if (!(sessionForgotten(error) && session.id !== undefined)) throw error;
      // Re-initialize once per request; a server that forgets again is a SessionLostError (named inside the
      // transport, so every layer sees it), never chased in a loop.
      if (this.#session === session) this.#session = undefined;
      const renewed = await this.#openSession(call, version);
      return await this.#legacySend({ ...call, sessionRenewed: true }, params, renewed);
    }
  }

  async #legacySend(call: Call, params: Record<string, unknown> | undefined, session: Session) {
    const id = this.#nextId++;
    let p = params;
    if (call.progressToken !== undefined)
      p = {
        ...params,
        _meta: { ...(isPlainObject(params?._meta) ? params._meta : {}), progressToken: call.progressToken },
      };
    const body =
      p === undefined
        ? { jsonrpc: '2.0', id, method: call.method }
        : { jsonrpc: '2.0', id, method: call.method, params: p };
    const headers = { accept: 'application/json, text/event-stream', ...this.#sessionHeaders(session) };
    let outcome: Answered;
    const sent = { id };
    try {
      outcome = await this.#exchange(call, id, body, headers, session, 'POST', sent);
      for (let resumed = 0; outcome.answer === undefined; resumed++) {
        const lastEventId = outcome.end.lastEventId;
        if (lastEventId === undefined || lastEventId.length === 0) {
          throw new StreamLostError(call.method, 'no event id to resume from', { operation: call.wire.operation });
        }
        if (resumed >= this.#maxResumptions) {
          throw new StreamLostError(call.method, `still no answer after ${this.#maxResumptions} resumptions`, {
            operation: call.wire.operation,
          });
        }
        await this.#wait(call, Math.min(outcome.end.retryMs ?? DEFAULT_RETRY_MS, MAX_RETRY_MS));
        outcome = await this.#resume(call, sent.id, session, lastEventId);
      }
    } catch (error) {
      if (cancelled(error)) this.#cancel(session, sent.id, call);
      throw error;
    }
    return outcome.answer.result;
  }

  async #resume(call: Call, id: JsonRpcId, session: Session, lastEventId: string): Promise<Answered> {
    const headers = { accept: 'text/event-stream', 'last-event-id': lastEventId, ...this.#sessionHeaders(session) };
    const shape = { ...call.wire, operation: 'mcpResume', idempotent: true, authorize: false };
    return this.#exchange({ ...call, wire: shape }, id, undefined, headers, session, 'GET');
  }

  async #openSession(call: Call, version: McpProtocolVersion): Promise<Session> {
    if (this.#session !== undefined) return this.#session;
    this.#opening ??= this.#initialize(call, version).finally(() => {
      this.#opening = undefined;
    });
    return this.#opening;
  }

  async #initialize(call: Call, version: McpProtocolVersion): Promise<Session> {
    const id = this.#nextId++;
    const body = {
      jsonrpc: '2.0',
      id,
      method: 'initialize',
      params: { protocolVersion: version, capabilities: this.#capabilities, clientInfo: this.#clientInfo },
    };
    const init: Call = {
      ...call,
      method: 'initialize',
      wire: readShape('initialize'),
      progressToken: undefined,
      onProgress: undefined,
    };
    const outcome = await this.#exchange(init, id, body, { accept: 'application/json, text/event-stream' });
    if (outcome.answer === undefined) throw new StreamLostError('initialize', 'the stream closed without an answer');
    const result = outcome.answer.result;
    const agreed = result.protocolVersion;
    if (
      !isKnownVersion(agreed) ||
      eraOf(agreed) !== 'legacy' ||
      (this.#pinned !== undefined && agreed !== this.#pinned)
    ) {
      throw new ProtocolVersionError(version, typeof agreed === 'string' ? [peerText(agreed, 40)] : [], {
        operation: 'initialize',
      });
    }
    const sessionId = outcome.sessionId;
    const session: Session = {
      version: agreed,
      id: sessionId,
      serverInfo: result.serverInfo,
      capabilities: result.capabilities,
    };
    if (this.#pinned === undefined) eraMemory.set(this.#endpoint, agreed);
    const note = this.#httpRequest(
      { operation: 'mcpNotification', idempotent: true, authorize: false, attributes: {}, name: undefined },
      'POST',
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      this.#subOptions(init),
      { accept: 'application/json, text/event-stream', ...this.#sessionHeaders(session) },
    );
    await this.#gateway.execute(note);
    this.#session = session;
    this.#startListening(session);
    return session;
  }

  /**
   * 2026-07-28: with a `listChanged` listener, one `subscriptions/listen` stream for the three list kinds.
   */
  #startSubscription(version: McpProtocolVersion): void {
    if (this.#closed || this.#listen !== undefined || this.#events.listenerCount('listChanged') === 0) return;
    this.#listen = subscriptionStream(this.#streamHost(), version);
  }

  #streamHost(): StreamHost {
    return {
      gateway: this.#streamGateway,
      wireCall: (wire, method, body) => this.#wireCall(wire, method, body),
      sessionHeaders: (session) => this.#sessionHeaders(session),
      limits: this.#limits,
      clientInfo: this.#clientInfo,
      capabilities: this.#capabilities,
      nextId: () => this.#nextId++,
      notifications: this.#notifications,
      serverRequest: (message, session, call) => this.#serverRequest(message, session, call),
      logger: this.#logger,
    };
  }

  /** A listing: cacheable, tagged with the endpoint so a `list_changed` drops this server's entries only. */
  /** One page of a listing: the cursor checked, the answer cacheable, its items read from `field`, keyed by `idField`. */
  async #listPage<T>(
    method: string,
    operation: string,
    field: string,
    idField: string,
    options: McpListOptions,
  ): Promise<CursorPage<T>> {
    const cursor = checkCursor(options.cursor);
    const result = await this.#request(method, cursorParams(cursor), options, this.#listShape(operation));
    return listPage<T>(result, field, idField);
  }

  #listShape(operation: string): WireShape {
    return { ...readShape(operation), cacheable: true, attributes: { server: this.#serverName } };
  }

  #wireCall(wire: WireShape, method: 'POST' | 'GET' | 'DELETE', body: unknown): WireCall {
    return {
      operation: wire.operation,
      method,
      path: this.#path,
      query: undefined,
      body,
      idempotent: wire.idempotent,
      cacheable: wire.cacheable === true,
      authorize: wire.authorize,
      attributes: wire.attributes,
    };
  }

  /**
   * Opens the session's standalone GET stream when something wants what arrives there: handlers for server
   * requests, or a `listChanged` listener. One per client; a new session replaces it.
   */
  #startListening(session: Session): void {
    if (this.#closed || session.id === undefined) return;
    const wanted = Object.keys(this.#capabilities).length > 0 || this.#events.listenerCount('listChanged') > 0;
    if (!wanted || (this.#listen !== undefined && this.#listenSession === session)) return;
    void this.#listen?.stop();
    this.#listenSession = session;
    this.#listen = standaloneStream(this.#streamHost(), session);
  }

  #sessionHeaders(session: Session): Record<string, string> {
    const headers: Record<string, string> = { 'mcp-protocol-version': session.version };
    if (session.id !== undefined) headers['mcp-session-id'] = session.id;
    return headers;
  }

  /** 2025 era: a cancelled call is told to the server with `notifications/cancelled` (fire and forget, bounded). */
  #cancel(session: Session, id: JsonRpcId, call: Call): void {
    const request = this.#httpRequest(
      { operation: 'mcpNotification', idempotent: true, authorize: false, attributes: {}, name: undefined },
      'POST',
      {
        jsonrpc: '2.0',
        method: 'notifications/cancelled',
        params: { requestId: id, reason: 'the caller aborted or timed out' },
      },
      { timeoutMs: CANCEL_TIMEOUT_MS, ...(call.options.user === undefined ? {} : { user: call.options.user }) },
      { accept: 'application/json, text/event-stream', ...this.#sessionHeaders(session) },
    );
    this.#track(this.#gateway.execute(request));
  }

  // ---- the wire ---------------------------------------------------------------------------------------------------

  /**
   * Sends one message and reads its answer, JSON or event stream, into a classified answer. `sent.id` is the id of
   * the last attempt: each retry of a POST gets a new one (`jsonRpcIdPerAttempt`).
   */
  async #exchange(
    call: Call,
    id: JsonRpcId,
    body: unknown,
    headers: Record<string, string>,
    session?: Session,
    method: 'POST' | 'GET' = 'POST',
    sent: { id: JsonRpcId } = { id },
    paramHeaders?: (args: unknown) => Record<string, string> | undefined,
  ): Promise<Answered & { sessionId?: string }> {
    const listener = {
      notification: (name: string, params: unknown) => this.#notifications.handle(call, name, params),
      request: (message: Extract<ServerMessage, { kind: 'request' }>) => this.#serverRequest(message, session, call),
    };
    // Resumable: a 2025-era stream in a session; its end without an answer is not yet a failure.
    const resumable = session?.id !== undefined;
    const secrets = () => secretsFor(request);
    const answerFor = (rpcId: JsonRpcId) => ({
      // A resumption GET may replay other streams' events (SDK servers do): their answers are not ours to refuse.
      eventStream: { limits: this.#limits, open: () => new AnswerSink(rpcId, listener, method === 'GET') },
      // Decoded inside the transport, so every layer (retry, breaker, metrics, logs, spans) sees a JSON-RPC error,
      // a wrong id or a lost stream as the failure it is.
      decode: (value: unknown) => answerOf(value, rpcId, call, resumable, secrets),
    });
    const renewed = call.sessionRenewed === true && resumable;
    const built = this.#httpRequest(call.wire, method, body, this.#subOptions(call), headers);
    const request: RebuildableRequest = {
      ...built,
      ...answerFor(id),
      keepErrorBody: true,
      refineError: (error) => {
        if (renewed && sessionForgotten(error)) {
          return new SessionLostError({
            operation: error.operation,
            requestId: error.requestId,
            attempts: error.attempts,
            cause: error,
          });
        }
        return applicationRpcError(error, call.method, secrets);
      },
      [rebuildForAttempt]:
        body === undefined
          ? undefined
          : (current: GatewayRequest): GatewayRequest => {
              let out = current;
              // OPA's filtered_parameters replaced the arguments: the Mcp-Param headers follow them, so no value the
              // policy removed still travels in a header.
              if (paramHeaders !== undefined && current.body !== built.body) {
                const args = (current.body?.value as { params?: { arguments?: unknown } } | undefined)?.params
                  ?.arguments;
                const kept: Record<string, string> = {};
                for (const [name, value] of Object.entries(current.headers)) {
                  if (!name.startsWith('mcp-param-')) kept[name] = value;
                }
                out = { ...out, headers: { ...kept, ...paramHeaders(args) } };
              }
              if (current.attempt <= 1) return out;
              const next = this.#nextId++;
              sent.id = next;
              // The body every layer checked (OPA's filtered one included), with only the id changed.
              const value = { ...(current.body?.value as Record<string, unknown>), id: next };
              return {
                ...out,
                body: JsonBody.from(value, { maxBytes: Number.MAX_SAFE_INTEGER }),
                ...answerFor(next),
              };
            },
    };
    let response: GatewayResponse;
    try {
      response = await this.#gateway.execute(request);
    } catch (error) {
      throw rpcErrorFromHttp(error, call.method, () => secretsFor(request)) ?? error;
    }
    const outcome = response.body as Answered | undefined;
    if (outcome === undefined) {
      throw new ResponseFormatError(`the MCP server answered ${call.method} with no body`, { field: 'body' });
    }
    const sessionId = headerValue(response.headers['mcp-session-id']);
    return sessionId === undefined ? outcome : { ...outcome, sessionId };
  }

  #httpRequest(
    wire: WireShape,
    method: 'POST' | 'GET' | 'DELETE',
    body: unknown,
    options: McpCallOptions,
    headers: Record<string, string>,
  ): GatewayRequest {
    return this.#gateway.request(this.#wireCall(wire, method, body), options, headers);
  }

  /** The caller's options with what is left of the operation's deadline as this message's timeout. */
  #subOptions(call: Call): McpCallOptions {
    if (call.deadline === undefined) return call.options;
    const remaining = Math.floor(call.deadline.remainingMs());
    if (remaining < 1) throw call.deadline.error({ operation: call.wire.operation });
    return { ...call.options, timeoutMs: remaining };
  }

  /** Waits `ms` (a server's `retry`), ending early at the caller's abort or the operation's deadline. */
  async #wait(call: Call, ms: number): Promise<void> {
    if (call.deadline !== undefined && call.deadline.remainingMs() < ms) {
      throw call.deadline.error({ operation: call.wire.operation });
    }
    await boundedWait<void>(undefined, {
      signal: call.options.signal,
      abortError: () => new AbortError({ operation: call.wire.operation }),
      ms,
      keepAlive: true,
    });
  }

  // ---- server → client ------------------------------------------------------------------------------------------

  /** 2025 era: a server request on a stream; the answer is POSTed back in the session. */
  #serverRequest(message: Extract<ServerMessage, { kind: 'request' }>, session: Session | undefined, call: Call): void {
    this.#track(
      (async () => {
        const answer = await answerServerRequest(this.#handlers, message.method, message.params);
        const body = { jsonrpc: '2.0', id: message.id, ...answer };
        const headers: Record<string, string> = { accept: 'application/json, text/event-stream' };
        const active = session ?? this.#session;
        if (active !== undefined) Object.assign(headers, this.#sessionHeaders(active));
        const shape = { operation: 'mcpResponse', idempotent: true, authorize: false, attributes: {}, name: undefined };
        const options = call.options.user === undefined ? {} : { user: call.options.user };
        await this.#gateway.execute(this.#httpRequest(shape, 'POST', body, options, headers));
      })(),
    );
  }

  /** Background work (answers, cancellations) is awaited by close() and never an unhandled rejection. */
  #track(promise: Promise<unknown>): void {
    const tracked = promise.then(
      () => undefined,
      (error: unknown) => {
        this.#logger?.warn(
          { err: error instanceof GatewayError ? error.toJSON() : String(error) },
          'MCP background message failed',
        );
      },
    );
    this.#background.add(tracked);
    void tracked.finally(() => this.#background.delete(tracked));
  }

  /** Every page by cursor; `timeoutMs` bounds the whole listing, each page getting what is left of it. */
  #iterate<T>(list: (options: McpListOptions) => Promise<CursorPage<T>>, options: McpCallOptions) {
    const deadline = options.timeoutMs === undefined ? undefined : Deadline.after(options.timeoutMs);
    const page = (cursor: string | undefined) => {
      const pageOptions: McpListOptions = cursor === undefined ? { ...options } : { ...options, cursor };
      if (deadline !== undefined) {
        const remaining = Math.floor(deadline.remainingMs());
        if (remaining < 1) return Promise.reject(deadline.error({}));
        pageOptions.timeoutMs = remaining;
      }
      return list(pageOptions);
    };
    return cursorPages(page, this.#pagination, undefined);
  }
}

function headerValue(value: string | string[] | undefined): string | undefined {
  const v = Array.isArray(value) ? value[0] : value;
  return typeof v === 'string' && v.length > 0 && v.length <= 1_000 && /^[\x21-\x7e]+$/.test(v) ? v : undefined;
}

function unsupported(operation: string): UnsupportedOperationError {
  return new UnsupportedOperationError(
    operation,
    'MCP',
    'an MCP endpoint is one server: use tools(), invokeTool({ tool })',
  );
}

/** Waits for the calls in flight to settle, at most `ms`. */
async function drain(calls: Set<Promise<unknown>>, ms: number): Promise<void> {
  if (calls.size === 0) return;
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([
    Promise.allSettled(calls),
    new Promise<void>((resolve) => {
      timer = setTimeout(resolve, ms);
    }),
  ]);
  clearTimeout(timer);
}

/**
 * What a server's error text must not repeat: the request's credentials and the tool's argument values (not the
 * JSON-RPC envelope, whose method names and versions are no secret).
 */
function secretsFor(request: GatewayRequest): string[] {
  const secrets = secretsOf({ ...request, body: undefined });
  const body = request.body as { value?: unknown } | Record<string, unknown> | undefined;
  const value = body !== null && typeof body === 'object' && 'value' in body ? body.value : body;
  const args = (value as { params?: { arguments?: unknown } } | undefined)?.params?.arguments;
  return args === undefined ? secrets : secretsIn(args, secrets);
}
