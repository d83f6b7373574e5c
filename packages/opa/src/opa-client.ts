import {
  AbortError,
  AuthorizationUnavailableError,
  ConfigError,
  type GatewayRequest,
  isGatewayError,
} from '@mcpgw/core';
import {
  attemptBound,
  endAttempt,
  parseJsonSafely,
  scrubSecrets,
  secretsIn,
  startAttempt,
  whenAborted,
} from '@mcpgw/core/kit';
import { Pool } from 'undici';

export interface OpaClientOptions {
  /** OPA's base URL, e.g. `http://127.0.0.1:8181`. */
  url: string;
  /** Whole round trip (connect, headers, body). Default 250. */
  timeoutMs?: number;
  /** Connections in the client's own pool. Default 16. */
  connections?: number;
  /** Largest answer read. Default 1 MiB. */
  maxResponseBytes?: number;
}

export interface EvaluateOptions {
  signal?: AbortSignal | undefined;
  /** The gateway call this decision is for: the OPA attempt is published on the attempt channels with it. */
  request?: GatewayRequest | undefined;
}

export interface OpaClient {
  /** POST /v1/data/{path} with {"input": input}; resolves with OPA's answer object (`result` absent = undefined). */
  evaluate(path: string, input: unknown, options?: EvaluateOptions): Promise<{ result?: unknown }>;
  health(): Promise<{ status: 'healthy' | 'unhealthy'; latencyMs: number; detail?: string }>;
  close(): Promise<void>;
  /** The same as `close()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
}

const defaultMaxResponseBytes = 1024 * 1024;

/** A small OPA REST client over its own undici Pool, failing with AuthorizationUnavailableError reasons. */
export function createOpaClient(options: OpaClientOptions): OpaClient {
  const base = parseOpaUrl(options.url);
  const timeoutMs = options.timeoutMs ?? 250;
  if (!(Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw new ConfigError([{ path: 'opa.timeoutMs', message: 'must be a positive number of milliseconds' }]);
  }
  const maxResponseBytes = options.maxResponseBytes ?? defaultMaxResponseBytes;
  const pool = new Pool(base.origin, {
    connections: options.connections ?? 16,
    connect: { timeout: timeoutMs },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    keepAliveTimeout: 4_000,
  });

  async function send(
    method: 'GET' | 'POST',
    path: string,
    body: string | undefined,
    evaluateOptions: EvaluateOptions,
  ): Promise<{ status: number; text: string }> {
    const callerSignal = evaluateOptions.signal;
    if (callerSignal?.aborted) throw new AbortError({ cause: callerSignal.reason });
    const request = evaluateOptions.request;
    // One controller ends the OPA request at OPA's timeout, the call's deadline or the caller's abort. Not
    // AbortSignal.any(): it keeps every child reachable from a long-lived caller signal until that is collected.
    const bound = attemptBound(timeoutMs, request?.deadline);
    const controller = new AbortController();
    const signal = controller.signal;
    const timer = setTimeout(() => controller.abort(bound!.phase), bound!.ms);
    timer.unref();
    const stopListening =
      callerSignal === undefined ? noop : whenAborted(callerSignal, () => controller.abort(callerSignal.reason));
    const headers: Record<string, string> = { accept: 'application/json' };
    if (body !== undefined) headers['content-type'] = 'application/json';

    const event =
      request === undefined
        ? undefined
        : startAttempt(request, method, base.origin, base.origin + path, headers, 'opa.decision', 1);
    try {
      const response = await pool.request({ method, path, headers, body, signal });
      if (event) event.status = response.statusCode;
      const text = await readLimited(response.body, maxResponseBytes);
      return { status: response.statusCode, text };
    } catch (error) {
      const mapped =
        signal.reason === 'deadline' && request?.deadline !== undefined
          ? request.deadline.error({ operation: request.operation, requestId: request.requestId })
          : mapFailure(error, callerSignal, signal.reason === 'attempt', timeoutMs);
      if (event) event.error = mapped;
      throw mapped;
    } finally {
      clearTimeout(timer);
      stopListening();
      endAttempt(event);
    }
  }

  return {
    async evaluate(path, input, evaluateOptions = {}) {
      const target = `${base.prefix}/v1/data/${encodePolicyPath(path)}`;
      let body: string;
      try {
        body = JSON.stringify({ input });
      } catch {
        throw new AuthorizationUnavailableError('bad-response', 'the input document cannot be serialised as JSON');
      }
      const { status, text } = await send('POST', target, body, evaluateOptions);
      if (status < 200 || status >= 300) {
        // OPA may quote the input back (a parameter value): scrubbed before it reaches the error.
        const detail = scrubSecrets(describeOpaError(text), secretsIn(input));
        throw new AuthorizationUnavailableError('http-status', `OPA answered ${status}${detail}`);
      }
      let answer: unknown;
      try {
        answer = parseJsonSafely(text);
      } catch {
        throw new AuthorizationUnavailableError('bad-response', 'OPA answered with invalid JSON');
      }
      if (answer === null || typeof answer !== 'object' || Array.isArray(answer)) {
        throw new AuthorizationUnavailableError('bad-response', 'OPA answered with something other than an object');
      }
      return answer as { result?: unknown };
    },

    async health() {
      const start = performance.now();
      try {
        const { status } = await send('GET', `${base.prefix}/health`, undefined, {});
        const latencyMs = performance.now() - start;
        if (status >= 200 && status < 300) return { status: 'healthy', latencyMs };
        return { status: 'unhealthy', latencyMs, detail: `OPA /health answered ${status}` };
      } catch (error) {
        const detail = error instanceof AuthorizationUnavailableError ? error.reason : 'unreachable';
        return { status: 'unhealthy', latencyMs: performance.now() - start, detail };
      }
    },

    close: () => pool.close(),
    [Symbol.asyncDispose]: () => pool.close(),
  };
}

function parseOpaUrl(url: string): { origin: string; prefix: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError([{ path: 'opa.url', message: 'must be an absolute http(s) URL' }]);
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new ConfigError([{ path: 'opa.url', message: 'must be an http: or https: URL' }]);
  }
  if (parsed.username !== '' || parsed.password !== '' || parsed.search !== '' || parsed.hash !== '') {
    throw new ConfigError([{ path: 'opa.url', message: 'must not carry credentials, a query or a fragment' }]);
  }
  return { origin: parsed.origin, prefix: parsed.pathname.replace(/\/+$/, '') };
}

/** `mcp/gateway/decision` or `mcp.gateway.decision` → each segment percent-encoded, joined by `/`. */
export function encodePolicyPath(path: string): string {
  const segments = path.split(/[/.]/).filter((s) => s.length > 0);
  if (segments.length === 0) {
    throw new ConfigError([{ path: 'opa.policyPath', message: 'must name a document, e.g. mcp/gateway/decision' }]);
  }
  return segments.map(encodeURIComponent).join('/');
}

/** OPA's error body is {"code", "message"}; both are cut short and used only in the error's detail. */
function describeOpaError(text: string): string {
  try {
    const body = JSON.parse(text) as { code?: unknown; message?: unknown };
    const code = typeof body.code === 'string' ? body.code.slice(0, 64) : undefined;
    const message = typeof body.message === 'string' ? body.message.slice(0, 200) : undefined;
    if (code === undefined && message === undefined) return '';
    return ` (${[code, message].filter((s) => s !== undefined).join(': ')})`;
  } catch {
    return '';
  }
}

function mapFailure(
  error: unknown,
  callerSignal: AbortSignal | undefined,
  timedOut: boolean,
  timeoutMs: number,
): Error {
  if (error instanceof AuthorizationUnavailableError) return error;
  if (callerSignal?.aborted) {
    const reason: unknown = callerSignal.reason;
    return isGatewayError(reason) ? reason : new AbortError({ cause: reason });
  }
  const code = (error as { code?: unknown } | null)?.code;
  if (
    timedOut ||
    code === 'UND_ERR_CONNECT_TIMEOUT' ||
    code === 'UND_ERR_HEADERS_TIMEOUT' ||
    code === 'UND_ERR_BODY_TIMEOUT'
  ) {
    return new AuthorizationUnavailableError('timeout', `OPA did not answer within ${timeoutMs} ms`);
  }
  if ((error as { name?: unknown } | null)?.name === 'HTTPParserError') {
    return new AuthorizationUnavailableError('bad-response', 'OPA answered with something that is not HTTP/1.1');
  }
  if (code === 'MCPGW_OPA_TOO_LARGE') {
    return new AuthorizationUnavailableError('bad-response', 'OPA answered with more than the allowed bytes');
  }
  return new AuthorizationUnavailableError(
    'unreachable',
    `OPA could not be reached (${typeof code === 'string' ? code : 'connection failed'})`,
  );
}

async function readLimited(body: AsyncIterable<Buffer> & { destroy(): void }, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > limit) {
      body.destroy();
      throw Object.assign(new Error('OPA answer too large'), { code: 'MCPGW_OPA_TOO_LARGE' });
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function noop(): void {}
