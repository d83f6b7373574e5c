import type { IncomingMessage, ServerResponse } from 'node:http';
import { BoundedLog } from '../bounded-log.js';
import type { EndpointContext, ListChangedKind, ListChangedListener } from './endpoint-context.js';
import { EventStream, type SseFormat, type StreamShape } from './event-stream.js';
import { errorMessage, type ParsedBody, parseBody, rpcErrors } from './json-rpc.js';
import { acceptsAll, LegacyEra } from './legacy-era.js';
import { McpCatalog } from './mcp-catalog.js';
import { argumentsOf } from './mcp-methods.js';
import {
  type CacheHints,
  type McpAnswerMode,
  type McpEras,
  type ResolvedMcpOptions,
  validateAnswerMode,
  validateCacheHints,
  validateEras,
  validatePageSize,
  validateSseFormat,
} from './mcp-options.js';
import { isReplacingStep, type McpScriptStep, validateMcpSteps } from './mcp-script-step.js';
import type { McpCallRecord, McpLoggedRequest, McpSim } from './mcp-sim.js';
import { playReplacingFault } from './replacing-faults.js';
import { eraOf, loopbackOrigin } from './request-era.js';
import { SessionStore } from './session.js';
import { StatelessEra } from './stateless-era.js';
import { ToolInterruption } from './tool-interruption.js';
import { writeJson } from './write-json.js';

export class McpEndpoint implements McpSim, EndpointContext {
  readonly options: ResolvedMcpOptions;
  readonly sessions: SessionStore;
  readonly listeners = new Set<ListChangedListener>();
  catalog: McpCatalog;
  readonly #baseUrl: () => string;
  readonly #closer = new AbortController();
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #scripts = new Map<string, McpScriptStep[]>();
  readonly #requests: BoundedLog<McpLoggedRequest>;
  readonly #calls: BoundedLog<McpCallRecord>;
  readonly #executions = new Map<string, number>();
  readonly #legacy: LegacyEra;
  readonly #stateless: StatelessEra;
  #counts: Record<string, number> = { total: 0 };
  #generation = 0;

  constructor(
    options: ResolvedMcpOptions,
    maxRequestLog: number,
    baseUrl: () => string,
    readonly apiKey?: string,
  ) {
    this.options = { ...options };
    this.#baseUrl = baseUrl;
    this.sessions = new SessionStore(options.maxSessions);
    this.catalog = new McpCatalog(options.tools, options.resources, options.prompts, this.#generation);
    this.#requests = new BoundedLog(maxRequestLog);
    this.#calls = new BoundedLog(maxRequestLog);
    this.#legacy = new LegacyEra(this);
    this.#stateless = new StatelessEra(this);
  }

  get url(): string {
    return `${this.#baseUrl()}/mcp`;
  }

  get closing(): AbortSignal {
    return this.#closer.signal;
  }

  get counts(): Record<string, number> {
    return { ...this.#counts };
  }

  get requests(): McpLoggedRequest[] {
    return this.#requests.toArray();
  }

  get calls(): McpCallRecord[] {
    return this.#calls.toArray();
  }

  get sessionIds(): string[] {
    return this.sessions.ids;
  }

  script(target: string, steps: readonly McpScriptStep[]): void {
    if (typeof target !== 'string' || target === '')
      throw new TypeError('mcp script target must be a method name, *, GET or DELETE');
    this.#scripts.set(target, validateMcpSteps(steps));
  }

  pendingSteps(target: string): number {
    return this.#scripts.get(target)?.length ?? 0;
  }

  setEras(eras: McpEras): void {
    this.options.eras = validateEras(eras);
  }

  setAnswers(mode: McpAnswerMode): void {
    this.options.answers = validateAnswerMode(mode);
  }

  setSseFormat(format: Partial<SseFormat>): void {
    this.options.sseFormat = validateSseFormat({ ...this.options.sseFormat, ...format });
  }

  setCacheHints(hints: Partial<CacheHints>): void {
    this.options.cacheHints = validateCacheHints({ ...this.options.cacheHints, ...hints });
  }

  setPageSize(size: number): void {
    this.options.pageSize = validatePageSize(size);
  }

  setTools(count: number): void {
    if (!Number.isInteger(count) || count < 0 || count > 1_000_000)
      throw new RangeError('tools must be an integer 0..1000000');
    this.options.tools = count;
    this.catalog = new McpCatalog(count, this.options.resources, this.options.prompts, ++this.#generation);
  }

  notifyListChanged(kind: ListChangedKind): number {
    if (kind !== 'tools' && kind !== 'resources' && kind !== 'prompts')
      throw new TypeError('kind must be tools, resources or prompts');
    const method = `notifications/${kind}/list_changed`;
    let sent = 0;
    for (const session of this.sessions.values()) {
      if (session.standalone?.attached) {
        void session.standalone.send({ jsonrpc: '2.0', method });
        sent++;
      }
    }
    for (const listener of this.listeners) {
      if (!listener.kinds.has(kind) || !listener.stream.attached) continue;
      void listener.stream.send({
        jsonrpc: '2.0',
        method,
        params: { _meta: { 'io.modelcontextprotocol/subscriptionId': listener.subscriptionId } },
      });
      sent++;
    }
    return sent;
  }

  forgetSessions(): void {
    this.sessions.clear();
  }

  executions(tool: string): number {
    return this.#executions.get(tool) ?? 0;
  }

  reset(): void {
    this.#scripts.clear();
    this.#counts = { total: 0 };
    this.#requests.clear();
    this.#calls.clear();
    this.#executions.clear();
    this.sessions.clear();
    for (const listener of this.listeners) listener.stream.end();
    this.listeners.clear();
  }

  /** Stops every running call and stream and clears the timers; the server destroys the sockets. */
  close(): void {
    this.#closer.abort();
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.sessions.clear();
    for (const listener of this.listeners) listener.stream.end();
    this.listeners.clear();
  }

  delay(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(new ToolInterruption('cancelled'));
      const onAbort = () => {
        clearTimeout(timer);
        this.#timers.delete(timer);
        reject(new ToolInterruption('cancelled'));
      };
      const timer = setTimeout(() => {
        this.#timers.delete(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, ms);
      this.#timers.add(timer);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  newStream(
    id: string,
    withIds: boolean,
    priming: boolean,
    shape: StreamShape,
    onClientClose?: () => void,
  ): EventStream {
    return new EventStream({
      id,
      withIds,
      priming,
      retryMs: this.options.sseRetryMs,
      format: this.options.sseFormat,
      shape,
      delay: (ms) => this.delay(ms).catch(() => {}),
      maxKeptEvents: 1000,
      ...(onClientClose ? { onClientClose } : {}),
    });
  }

  recordCall(call: Omit<McpCallRecord, 'at'>): void {
    this.#calls.push({ ...call, at: Date.now() });
    if (call.outcome === 'completed') this.#executions.set(call.tool, (this.#executions.get(call.tool) ?? 0) + 1);
  }

  /** Serves one HTTP request to `/mcp` (the body already read). */
  handle(req: IncomingMessage, res: ServerResponse, body: string | undefined, base: Record<string, string>): void {
    const httpMethod = req.method ?? 'GET';
    const parsed = httpMethod === 'POST' ? parseBody(body) : undefined;
    const entry = this.#log(req, httpMethod, parsed, body);
    res.once('close', () => {
      if (res.headersSent) entry.status = res.statusCode;
    });
    const target = parsed === undefined ? httpMethod : countKey(parsed);
    const step =
      this.#scripts.get(target)?.shift() ?? (httpMethod === 'POST' ? this.#scripts.get('*')?.shift() : undefined);
    if (step !== undefined && isReplacingStep(step)) {
      if (parsed?.kind === 'request' && parsed.message.method === 'tools/call') {
        this.recordCall({
          tool: String(parsed.message.params?.name),
          era: eraOf(req, parsed),
          outcome: 'not-run',
          arguments: argumentsOf(parsed.message),
        });
      }
      playReplacingFault(step, {
        req,
        res,
        headers: base,
        rpcId: parsed?.kind === 'request' ? parsed.message.id : undefined,
        sessionLost: (status) => {
          const id = req.headers['mcp-session-id'];
          if (typeof id === 'string') this.sessions.forget(id);
          this.#legacy.unknownSession(res, base, status ?? this.options.unknownSessionStatus);
        },
      });
      return;
    }
    const delayMs = step !== undefined && 'fault' in step && step.fault === 'pass' ? (step.delayMs ?? 0) : 0;
    if (delayMs > 0) {
      this.delay(delayMs, this.closing).then(
        () => this.#serve(req, res, parsed, step, base, entry),
        () => {},
      );
      return;
    }
    this.#serve(req, res, parsed, step, base, entry);
  }

  #serve(
    req: IncomingMessage,
    res: ServerResponse,
    parsed: ParsedBody | undefined,
    step: McpScriptStep | undefined,
    base: Record<string, string>,
    entry: McpLoggedRequest,
  ): void {
    const eras = this.options.eras;
    const httpMethod = req.method ?? 'GET';
    if (this.options.requireApiKey && this.apiKey !== undefined && req.headers['x-api-key'] !== this.apiKey) {
      writeJson(
        res,
        401,
        base,
        errorMessage(null, rpcErrors.sdkServerError, 'Unauthorized: missing or invalid X-API-Key'),
      );
      return;
    }
    if (!loopbackOrigin(req.headers.origin)) {
      // Both eras: a present and invalid Origin gets 403 (DNS rebinding protection), with an id-less JSON-RPC error.
      writeJson(res, 403, base, errorMessage(null, rpcErrors.sdkServerError, 'Forbidden: Origin is not allowed'));
      return;
    }
    if (parsed === undefined) {
      if ((httpMethod === 'GET' || httpMethod === 'DELETE') && eras !== 'stateless') {
        entry.era = 'legacy';
        if (httpMethod === 'GET') this.#legacy.get(req, res, step, base);
        else this.#legacy.delete(req, res, base);
        return;
      }
      const allow = eras === 'stateless' ? 'POST' : 'GET, POST, DELETE';
      writeJson(res, 405, { ...base, allow }, errorMessage(null, rpcErrors.sdkServerError, 'Method not allowed.'));
      return;
    }
    if (!(req.headers['content-type'] ?? '').includes('application/json')) {
      writeJson(
        res,
        415,
        base,
        errorMessage(null, rpcErrors.sdkServerError, 'Unsupported Media Type: Content-Type must be application/json'),
      );
      return;
    }
    if (!acceptsAll(req, ['application/json', 'text/event-stream'])) {
      writeJson(
        res,
        406,
        base,
        errorMessage(
          null,
          rpcErrors.sdkServerError,
          'Not Acceptable: Client must accept both application/json and text/event-stream',
        ),
      );
      return;
    }
    if (parsed.kind === 'invalid') {
      writeJson(res, parsed.status, base, parsed.error);
      return;
    }
    const era = eraOf(req, parsed);
    if (era === 'stateless' && eras === 'legacy') {
      // A legacy-only server has no idea what per-request metadata is: it sees a request without a session.
      entry.era = 'legacy';
      this.#legacy.post(req, res, parsed, step, base);
      return;
    }
    if (era === 'legacy' && eras === 'stateless') {
      entry.era = 'stateless';
      if (parsed.kind === 'request' && parsed.message.method === 'initialize')
        this.#stateless.refuseInitialize(res, parsed.message, base);
      else this.#stateless.post(req, res, parsed, step, base);
      return;
    }
    entry.era = era;
    if (era === 'legacy') this.#legacy.post(req, res, parsed, step, base);
    else this.#stateless.post(req, res, parsed, step, base);
  }

  #log(
    req: IncomingMessage,
    httpMethod: string,
    parsed: ParsedBody | undefined,
    body: string | undefined,
  ): McpLoggedRequest {
    const key = parsed === undefined ? httpMethod : countKey(parsed);
    this.#counts.total = (this.#counts.total ?? 0) + 1;
    this.#counts[key] = (this.#counts[key] ?? 0) + 1;
    const entry: McpLoggedRequest = { httpMethod, headers: req.headers, body, at: Date.now() };
    if (parsed !== undefined) entry.rpcMethod = key;
    if (
      parsed !== undefined &&
      (parsed.kind === 'request' || parsed.kind === 'response') &&
      parsed.message.id !== null
    ) {
      entry.rpcId = parsed.message.id;
    }
    const session = req.headers['mcp-session-id'];
    if (typeof session === 'string') entry.sessionId = session;
    this.#requests.push(entry);
    return entry;
  }
}

function countKey(parsed: ParsedBody): string {
  if (parsed.kind === 'invalid') return '(invalid)';
  if (parsed.kind === 'response') return '(response)';
  return parsed.message.method;
}
