import type { z } from 'zod';
import { ConfigError } from '../errors/config-error.js';
import { InvalidRequestError } from '../errors/invalid-request-error.js';
import { withRequestContext } from '../errors/with-request-context.js';
import { channels, type OperationEvent } from '../events.js';
import { type BaseUrl, parseBaseUrl } from '../request/base-url.js';
import { checkHeader, normaliseHeaders } from '../request/headers.js';
import { DEFAULT_MAX_REQUEST_BYTES, JsonBody } from '../request/json-body.js';
import { checkName } from '../request/path-segment.js';
import { newRequestId } from '../request/request-id.js';
import type { GatewayRequest, GatewayResponse, Handler } from '../types.js';
import { type CallOptions, checkCallOptions, checkPaging, resolveUser } from './call-options.js';
import {
  defaultPagination,
  type Page,
  type PageCheck,
  type PaginationOptions,
  paginate,
  type RawPage,
  toPage,
} from './pagination.js';
import { decoderFor, parseBody } from './parse-body.js';
import { restDialect, type WireCall } from './rest-dialect.js';
import {
  type HealthResponse,
  healthSchema,
  type InvokeResult,
  invokeResultSchema,
  type ServerInfo,
  serverInfoSchema,
  serverPageSchema,
  type ToolInfo,
  toolPageSchema,
} from './schemas.js';

export interface GatewayClientOptions {
  /** The gateway, possibly with a path prefix: `https://gw.example.com/mcp`. */
  baseUrl: string | URL;
  /** The pipeline: `compose(...layers)(createTransport())`. */
  handler: Handler;
  /** Sent as `X-API-Key` on every request. Never logged. */
  apiKey?: string;
  /** Carried by every event, to tell clients apart. Default `mcpgw`. */
  name?: string;
  /** Extra headers for every request. */
  headers?: Record<string, string>;
  /** Refuse names with `/ \ ? # %` or dot segments (default). When false, any printable name is sent, encoded as one segment. */
  strictNames?: boolean;
  pagination?: Partial<PaginationOptions>;
  /** Largest request body (serialised JSON, bytes); a larger one is an `InvalidRequestError`, never sent. Default 1 MiB. */
  maxRequestBytes?: number;
}

export interface PageOptions extends CallOptions {
  offset?: number;
  limit?: number;
}

export interface ListToolsOptions extends PageOptions {
  server?: string;
}

/** `timeoutMs` is the overall timeout of the whole listing, every page together. */
export interface IterateOptions extends CallOptions {
  /** Items per page. Default from the client's pagination options. */
  pageSize?: number;
}

export interface InvokeToolOptions extends CallOptions {
  server: string;
  tool: string;
  parameters?: Record<string, unknown>;
  /** Makes the call safe to retry after it may have reached the gateway; sent on every attempt. */
  idempotencyKey?: string;
}

/**
 * The typed operations of gateway-api.md over any `Handler`. Every input is checked before anything is sent,
 * and every answer is validated; operations publish `mcpgw:request:start` and `mcpgw:request:end`.
 */
export class GatewayClient {
  readonly name: string;
  readonly #handler: Handler;
  readonly #base: BaseUrl;
  readonly #headers: Readonly<Record<string, string>>;
  readonly #strictNames: boolean;
  readonly #pagination: PaginationOptions;
  readonly #maxRequestBytes: number;

  constructor(options: GatewayClientOptions) {
    if (options === null || typeof options !== 'object') {
      throw new ConfigError([{ path: 'options', message: 'expected an options object' }]);
    }
    if (typeof options.handler !== 'function') {
      throw new ConfigError([{ path: 'handler', message: 'must be a Handler function, e.g. createTransport()' }]);
    }
    this.#base = parseBaseUrl(options.baseUrl);
    this.#handler = options.handler;
    this.name = options.name ?? 'mcpgw';
    this.#strictNames = options.strictNames ?? true;
    this.#pagination = { ...defaultPagination, ...options.pagination };
    const p = this.#pagination;
    if (!(Number.isSafeInteger(p.pageSize) && p.pageSize >= 1 && p.pageSize <= 1000)) {
      throw new ConfigError([{ path: 'pagination.pageSize', message: 'must be an integer from 1 to 1000' }]);
    }
    for (const key of ['maxPages', 'maxItems', 'concurrency'] as const) {
      if (!(Number.isSafeInteger(p[key]) && p[key] >= 1)) {
        throw new ConfigError([{ path: `pagination.${key}`, message: 'must be a positive integer' }]);
      }
    }
    this.#maxRequestBytes = options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES;
    if (!(Number.isSafeInteger(this.#maxRequestBytes) && this.#maxRequestBytes >= 1)) {
      throw new ConfigError([{ path: 'maxRequestBytes', message: 'must be a positive integer number of bytes' }]);
    }
    let headers: Record<string, string>;
    try {
      headers = normaliseHeaders(options.headers);
      if (options.apiKey !== undefined) {
        if (typeof options.apiKey !== 'string' || options.apiKey.length === 0) throw new Error();
        checkHeader('x-api-key', options.apiKey);
        headers['x-api-key'] = options.apiKey;
      }
    } catch {
      throw new ConfigError([
        { path: 'apiKey/headers', message: 'header names must be tokens and values must not contain CR, LF or NUL' },
      ]);
    }
    this.#headers = Object.freeze(headers);
  }

  /** One page of servers. */
  async listServers(options: PageOptions = {}): Promise<Page<ServerInfo>> {
    const offset = options.offset ?? 0;
    const limit = options.limit ?? this.#pagination.pageSize;
    checkPaging(offset, limit);
    const page = await this.#serverPage(offset, limit, options, options.signal);
    return toPage(page, offset, limit);
  }

  /** Every server, page after page (prefetching when the gateway sends `total`); `timeoutMs` bounds them all. */
  servers(options: IterateOptions = {}): AsyncGenerator<ServerInfo, void, undefined> {
    const pagination = this.#iteration(options);
    return paginate(
      (offset, limit, signal, timeoutMs, check) =>
        this.#serverPage(offset, limit, { ...options, timeoutMs }, signal, check),
      (s) => s.server_id,
      pagination,
      options.signal,
      { operation: 'listServers', timeoutMs: options.timeoutMs },
    );
  }

  async listAllServers(options: IterateOptions = {}): Promise<ServerInfo[]> {
    return collect(this.servers(options));
  }

  getServer(name: string, options: CallOptions = {}): Promise<ServerInfo> {
    try {
      checkName(name, 'server', this.#strictNames);
      return this.#call(restDialect.getServer(name), options, serverInfoSchema);
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** One page of tools, of one server or of all. */
  async listTools(options: ListToolsOptions = {}): Promise<Page<ToolInfo>> {
    const offset = options.offset ?? 0;
    const limit = options.limit ?? this.#pagination.pageSize;
    checkPaging(offset, limit);
    if (options.server !== undefined) checkName(options.server, 'server', this.#strictNames);
    const page = await this.#toolPage(options.server, offset, limit, options, options.signal);
    return toPage(page, offset, limit);
  }

  tools(options: IterateOptions & { server?: string } = {}): AsyncGenerator<ToolInfo, void, undefined> {
    if (options.server !== undefined) checkName(options.server, 'server', this.#strictNames);
    const pagination = this.#iteration(options);
    return paginate(
      (offset, limit, signal, timeoutMs, check) =>
        this.#toolPage(options.server, offset, limit, { ...options, timeoutMs }, signal, check),
      (t) => `${t.server_name}/${t.tool_name}`,
      pagination,
      options.signal,
      { operation: 'listTools', timeoutMs: options.timeoutMs },
    );
  }

  async listAllTools(options: IterateOptions & { server?: string } = {}): Promise<ToolInfo[]> {
    return collect(this.tools(options));
  }

  /** Runs a tool. Never retried once it may have reached the gateway, unless `idempotencyKey` is given. */
  async invokeTool(options: InvokeToolOptions): Promise<InvokeResult> {
    if (options === null || typeof options !== 'object') {
      throw new InvalidRequestError('invokeTool needs { server, tool, parameters }', { field: 'options' });
    }
    checkName(options.server, 'server', this.#strictNames);
    checkName(options.tool, 'tool', this.#strictNames);
    const parameters = options.parameters ?? {};
    if (parameters === null || typeof parameters !== 'object' || Array.isArray(parameters)) {
      throw new InvalidRequestError('parameters must be a JSON object', { field: 'parameters' });
    }
    const key = options.idempotencyKey;
    if (key !== undefined) {
      if (typeof key !== 'string' || key.length === 0 || key.length > 255) {
        throw new InvalidRequestError('idempotencyKey must be a string of 1 to 255 characters', {
          field: 'idempotencyKey',
        });
      }
      checkHeader('idempotency-key', key);
    }
    const call = restDialect.invokeTool(options.server, options.tool, parameters, key !== undefined);
    // Serialised here, once: OPA decides on, and every attempt sends, this copy; later changes to `parameters` are not seen.
    const body = JsonBody.from(call.body, { maxBytes: this.#maxRequestBytes, field: 'parameters' });
    return this.#call(
      { ...call, body },
      options,
      invokeResultSchema,
      key === undefined ? undefined : { 'idempotency-key': key },
    );
  }

  /** The gateway's own health endpoint. */
  async health(options: CallOptions = {}): Promise<HealthResponse> {
    return this.#call(restDialect.health(), options, healthSchema);
  }

  /**
   * Sends any request through the pipeline with the operation events around it. Errors come out as
   * `GatewayError`s carrying the operation, the request id and the number of attempts.
   */
  execute(request: GatewayRequest): Promise<GatewayResponse> {
    let event: OperationEvent | undefined;
    if (channels.requestStart.hasSubscribers || channels.requestEnd.hasSubscribers) {
      event = {
        client: request.client,
        operation: request.operation,
        requestId: request.requestId,
        request,
        startTime: performance.now(),
      };
      channels.requestStart.publish(event);
    }
    let work: Promise<GatewayResponse>;
    try {
      work = Promise.resolve(this.#handler(request));
    } catch (thrown) {
      work = Promise.reject(thrown);
    }
    // `then`, not an async function: the answer reaches the caller with two promise turns fewer.
    if (event === undefined)
      return work.then(undefined, (thrown: unknown) => Promise.reject(withRequestContext(thrown, request)));
    const seen = event;
    return work.then(
      (response) => {
        seen.response = response;
        ended(seen);
        return response;
      },
      (thrown: unknown) => {
        // A layer's own error may not know the call; a copy that does is passed on (errors are never changed).
        const error = withRequestContext(thrown, request);
        seen.error = error;
        ended(seen);
        throw error;
      },
    );
  }

  /** A request of this client for a wire call; exposed for custom operations. */
  request(
    call: WireCall,
    options: CallOptions = {},
    extraHeaders?: Record<string, string>,
    decode?: (body: unknown) => unknown,
  ): GatewayRequest {
    checkCallOptions(options);
    const { principal, authorization } = resolveUser(options.user);
    const requestId = options.requestId ?? newRequestId();
    const body =
      call.body === undefined
        ? undefined
        : JsonBody.from(call.body, { maxBytes: this.#maxRequestBytes, operation: call.operation, requestId });
    let headers = this.#headers;
    if (authorization !== undefined || extraHeaders !== undefined) {
      headers = { ...headers, ...extraHeaders };
      if (authorization !== undefined) (headers as Record<string, string>).authorization = authorization;
    }
    return {
      client: this.name,
      operation: call.operation,
      method: call.method,
      origin: this.#base.origin,
      path: this.#base.prefix + call.path,
      query: call.query,
      headers,
      body,
      idempotent: call.idempotent,
      cacheable: call.cacheable,
      authorize: call.authorize,
      principal,
      attributes: call.attributes,
      requestId,
      signal: options.signal,
      deadline: undefined,
      timeoutMs: options.timeoutMs,
      attempt: 1,
      decode,
    };
  }

  #call<S extends z.ZodType>(
    call: WireCall,
    options: CallOptions,
    schema: S,
    extraHeaders?: Record<string, string>,
  ): Promise<z.infer<S>> {
    const request = this.request(call, options, extraHeaders, decoderFor(schema));
    return this.execute(request).then((response) => parseBody(schema, response, request));
  }

  #iteration(options: IterateOptions): PaginationOptions {
    checkCallOptions(options);
    const pageSize = options.pageSize ?? this.#pagination.pageSize;
    checkPaging(0, pageSize);
    return { ...this.#pagination, pageSize };
  }

  #serverPage(offset: number, limit: number, options: CallOptions, signal: AbortSignal | undefined, check?: PageCheck) {
    const call = restDialect.listServers(offset, limit);
    return this.#page(call, serverPageSchema, (body) => body.servers, options, signal, check);
  }

  #toolPage(
    server: string | undefined,
    offset: number,
    limit: number,
    options: CallOptions,
    signal: AbortSignal | undefined,
    check?: PageCheck,
  ) {
    const call = restDialect.listTools(server, offset, limit);
    return this.#page(call, toolPageSchema, (body) => body.tools, options, signal, check);
  }

  async #page<P extends { total?: number | undefined; next_offset?: number | null | undefined }, T>(
    call: WireCall,
    schema: z.ZodType<P>,
    items: (body: P) => T[],
    options: CallOptions,
    signal: AbortSignal | undefined,
    check: PageCheck | undefined,
  ): Promise<RawPage<T>> {
    const decode = decoderFor(schema);
    const checked =
      check === undefined
        ? decode
        : (raw: unknown) => {
            const value = decode(raw);
            check(items(value).length, value.total);
            return value;
          };
    const request = this.request(call, { ...options, signal }, undefined, checked);
    const body = parseBody(schema, await this.execute(request), request);
    return { items: items(body), total: body.total, next_offset: body.next_offset };
  }
}

function ended(event: OperationEvent): void {
  event.durationMs = performance.now() - event.startTime;
  if (channels.requestEnd.hasSubscribers) channels.requestEnd.publish(event);
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}
