import { emitWarning } from 'node:process';
import { type Dispatcher, Pool } from 'undici';
import { ClientClosedError } from '../errors/client-closed-error.js';
import { ConfigError } from '../errors/config-error.js';
import { httpErrorForStatus } from '../errors/http-error-for-status.js';
import { ResponseFormatError } from '../errors/response-format-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import { endAttempt, startAttempt } from '../events.js';
import { JsonBody } from '../request/json-body.js';
import { queryString } from '../request/query-string.js';
import { attemptBound } from '../resilience/call-deadline.js';
import { isTimeoutMs, MAX_TIMEOUT_MS } from '../resilience/timeout-option.js';
import { scheduleTimeout } from '../resilience/timeout-queues.js';
import { secretsOf } from '../scrub-secrets.js';
import type { GatewayRequest, GatewayResponse, Handler } from '../types.js';
import { errorMessageFrom } from './error-message.js';
import { mapTransportError, type TransportTimeouts } from './map-error.js';
import { type CollectedResponse, type EventStreamContext, ResponseCollector } from './response-collector.js';
import { retryAfterMs } from './retry-after.js';
import { parseJsonSafely } from './safe-json.js';

export interface TlsOptions {
  /** Trusted CA certificates (PEM), replacing Node's default bundle. */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Client certificate (PEM) for mTLS. */
  cert?: string | Buffer;
  /** Client private key (PEM) for mTLS. */
  key?: string | Buffer;
  passphrase?: string;
  /** Lowest TLS version accepted. Default `TLSv1.2`. */
  minVersion?: 'TLSv1.2' | 'TLSv1.3';
  /** SNI server name, when it differs from the URL's host. */
  servername?: string;
  /** Turns certificate verification off. Never in production; a warning is emitted when set. */
  insecureSkipVerify?: boolean;
}

export interface TransportOptions {
  /** Connections per origin. Default 32. */
  connections?: number;
  /** Requests pipelined per connection. Default 1 (no pipelining). */
  pipelining?: number;
  /** Idle keep-alive before a socket is closed; below common server idle timeouts (5 s) so a stale socket is not reused. Default 4000. */
  keepAliveTimeoutMs?: number;
  /** Upper bound for a server's keep-alive hint. Default 60000. */
  keepAliveMaxTimeoutMs?: number;
  /** Default 5000. */
  connectTimeoutMs?: number;
  /** Time to wait for response headers. Default 30000. */
  headersTimeoutMs?: number;
  /** Longest gap between two body chunks. Default 30000. */
  bodyTimeoutMs?: number;
  /**
   * Longest single attempt, bounded by the request's deadline; `TimeoutError` phase `attempt` (or `deadline`). The
   * same as the `attemptTimeout()` layer, without the AbortController that layer needs: the transport ends its own
   * request directly. Default: none.
   */
  attemptTimeoutMs?: number;
  /** Largest response body read; past it the connection is dropped. Default 10 MiB. */
  maxResponseBytes?: number;
  /** Default `mcpgw/<version>`. */
  userAgent?: string;
  tls?: TlsOptions;
  /**
   * Sends every request through this undici `Dispatcher` (an `Agent`, `EnvHttpProxyAgent`, `ProxyAgent`, `MockAgent`,
   * ...) instead of the transport's own pools. Its owner configures and closes it: `connections`, `pipelining`, the
   * keep-alive and connect options and `tls` do not apply, `stats()` lists no pool, and `close()` leaves it open.
   * The headers, body and attempt timeouts, `maxResponseBytes` and the no-redirect rule still hold. Default: one
   * `Pool` per origin.
   */
  dispatcher?: Dispatcher | undefined;
}

export interface PoolStats {
  readonly origin: string;
  readonly connected: number;
  readonly free: number;
  readonly pending: number;
  readonly queued: number;
  readonly running: number;
  readonly size: number;
}

/** A handler that sends requests over undici, plus what the pools report and how to close them. */
export interface Transport extends Handler {
  stats(): PoolStats[];
  /** Waits for requests in flight, then closes every pool. */
  close(): Promise<void>;
  /** Aborts requests in flight and closes every pool. */
  destroy(): Promise<void>;
  /** The same as `close()`, for `await using`. */
  [Symbol.asyncDispose](): Promise<void>;
}

export const VERSION = '0.1.0';
/** A `WWW-Authenticate` value longer than this is cut: a challenge is a few parameters, never kilobytes. */
const MAX_CHALLENGE_CHARS = 4_096;

function challengeOf(headers: Record<string, string | string[] | undefined>): string | undefined {
  const value = headers['www-authenticate'];
  const text = Array.isArray(value) ? value.join(', ') : value;
  return text === undefined ? undefined : text.slice(0, MAX_CHALLENGE_CHARS);
}
const DEFAULT_MAX_RESPONSE_BYTES = 10 * 1024 * 1024;

/**
 * The innermost handler: one undici `Pool` per origin. Redirects are not followed (a 3xx is an `HttpError`), so
 * credentials can never be sent to another origin.
 */
export function createTransport(options: TransportOptions = {}): Transport {
  const timeouts: TransportTimeouts = {
    connectTimeoutMs: options.connectTimeoutMs ?? 5_000,
    headersTimeoutMs: options.headersTimeoutMs ?? 30_000,
    bodyTimeoutMs: options.bodyTimeoutMs ?? 30_000,
  };
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const attemptTimeoutMs = options.attemptTimeoutMs;
  if (attemptTimeoutMs !== undefined && !isTimeoutMs(attemptTimeoutMs)) {
    throw new ConfigError([{ path: 'attemptTimeoutMs', message: `must be a number of ms in 1..${MAX_TIMEOUT_MS}` }]);
  }
  const userAgent = options.userAgent ?? `mcpgw/${VERSION}`;
  const tls = options.tls ?? {};
  if (tls.insecureSkipVerify) {
    emitWarning('TLS certificate verification is OFF (tls.insecureSkipVerify); never use this in production', {
      code: 'MCPGW_INSECURE_TLS',
    });
  }
  const pools = new Map<string, Pool>();
  // A dispatcher the user brings has its own defaults: our timeouts go with each request instead.
  const perRequest = { headersTimeout: timeouts.headersTimeoutMs, bodyTimeout: timeouts.bodyTimeoutMs };
  let closed = false;

  function poolFor(origin: string): Pool {
    let pool = pools.get(origin);
    if (pool === undefined) {
      pool = new Pool(origin, {
        connections: options.connections ?? 32,
        pipelining: options.pipelining ?? 1,
        keepAliveTimeout: options.keepAliveTimeoutMs ?? 4_000,
        keepAliveMaxTimeout: options.keepAliveMaxTimeoutMs ?? 60_000,
        headersTimeout: timeouts.headersTimeoutMs,
        bodyTimeout: timeouts.bodyTimeoutMs,
        connect: {
          timeout: timeouts.connectTimeoutMs,
          ca: tls.ca,
          cert: tls.cert,
          key: tls.key,
          passphrase: tls.passphrase,
          minVersion: tls.minVersion ?? 'TLSv1.2',
          servername: tls.servername,
          rejectUnauthorized: tls.insecureSkipVerify !== true,
        },
      });
      pools.set(origin, pool);
    }
    return pool;
  }

  async function send(request: GatewayRequest): Promise<GatewayResponse> {
    const errorOptions = { operation: request.operation, requestId: request.requestId, attempts: request.attempt };
    if (closed) throw new ClientClosedError(errorOptions);
    const signal = request.signal;
    if (signal?.aborted) throw mapTransportError(signal.reason, request, timeouts);
    if (request.deadline?.expired()) throw request.deadline.error(errorOptions);

    const headers: Record<string, string> = {
      'user-agent': userAgent,
      accept: 'application/json',
      'x-request-id': request.requestId,
      ...request.headers,
    };
    // The body was serialised when the request was built; every attempt sends that same text.
    let body: string | undefined;
    const requestBody = request.body;
    if (requestBody !== undefined) {
      // A JsonBody (every request this client builds) is sent as it is; JsonBody.from only for a custom layer's value.
      body = requestBody instanceof JsonBody ? requestBody.json : JsonBody.from(requestBody, errorOptions).json;
      headers['content-type'] = 'application/json';
    }
    const path = request.path + queryString(request.query);

    const event = startAttempt(request, request.method, request.origin, request.origin + path, headers);
    let cancelTimeout: (() => void) | undefined;

    try {
      const userDispatcher = options.dispatcher;
      const pool = userDispatcher === undefined ? poolFor(request.origin) : undefined;
      const response = await new Promise<CollectedResponse>((resolve, reject) => {
        // Only a request that asks to read an event stream pays for what that needs; the JSON path allocates nothing more.
        let streamContext: EventStreamContext | undefined;
        if (request.eventStream !== undefined) {
          const onProgress =
            attemptTimeoutMs === undefined
              ? undefined
              : () => {
                  cancelTimeout?.();
                  cancelTimeout = attemptTimer(request, attemptTimeoutMs, collector);
                };
          const onLongLivedOpen = () => {
            cancelTimeout?.();
            // Only the attempt timeout stops: a deadline still ends the stream.
            cancelTimeout = attemptTimer(request, undefined, collector);
          };
          streamContext = { request, maxResponseBytes, onProgress, onLongLivedOpen };
        }
        const collector = new ResponseCollector(maxResponseBytes, errorOptions, resolve, reject, signal, streamContext);
        cancelTimeout = attemptTimer(request, attemptTimeoutMs, collector);
        try {
          if (pool !== undefined) pool.dispatch({ method: request.method, path, headers, body }, collector);
          else
            userDispatcher?.dispatch(
              { origin: request.origin, method: request.method, path, headers, body, ...perRequest },
              collector,
            );
        } catch (error) {
          collector.onResponseError(undefined as never, error as Error);
        }
      });
      const status = response.status;
      if (event) event.status = status;
      const text = response.text;
      if (status < 200 || status >= 300) {
        throw httpErrorForStatus(status, {
          ...errorOptions,
          serverMessage: errorMessageFrom(text, secretsOf(request)),
          retryAfterMs: status === 429 || status === 503 ? retryAfterMs(response.headers) : undefined,
          body: request.keepErrorBody === true ? errorBodyOf(text) : undefined,
          challenge: status === 401 || status === 403 ? challengeOf(response.headers) : undefined,
        });
      }
      let parsed: unknown;
      try {
        if (response.streamed !== undefined) parsed = response.streamed.body;
        // No body where none is owed: 202/204, or a DELETE (an MCP server ends a session with an empty 200).
        else if (text.length === 0 && (status === 202 || status === 204 || request.method === 'DELETE')) {
          parsed = undefined;
        } else parsed = parseJsonSafely(text);
      } catch (cause) {
        throw new ResponseFormatError(
          text.length === 0 ? 'the gateway answered with an empty body' : 'the gateway answered with invalid JSON',
          { ...errorOptions, cause },
        );
      }
      const decode = request.decode;
      if (decode !== undefined) parsed = decode(parsed);
      const answer: GatewayResponse = {
        status,
        headers: response.headers,
        body: parsed,
        attempts: request.attempt,
        cache: undefined,
        bytes: response.bytes,
        decoded: decode === undefined ? undefined : parsed,
      };
      // Only an event-stream answer pays for the flag: the JSON path builds one object, as before.
      return response.streamed === undefined ? answer : { ...answer, streamed: true };
    } catch (error) {
      let mapped = mapTransportError(error, request, timeouts);
      if (request.refineError !== undefined) mapped = request.refineError(mapped);
      if (event) event.error = mapped;
      throw mapped;
    } finally {
      cancelTimeout?.();
      endAttempt(event);
    }
  }

  const transport = send as Transport;
  transport.stats = () =>
    Array.from(pools, ([origin, pool]) => {
      const s = pool.stats;
      return {
        origin,
        connected: s.connected,
        free: s.free,
        pending: s.pending,
        queued: s.queued,
        running: s.running,
        size: s.size,
      };
    });
  transport.close = async () => {
    closed = true;
    await Promise.all(Array.from(pools.values(), (pool) => pool.close()));
  };
  transport[Symbol.asyncDispose] = () => transport.close();
  transport.destroy = async () => {
    closed = true;
    await Promise.all(Array.from(pools.values(), (pool) => pool.destroy()));
  };
  return transport;
}

/**
 * Ends the attempt at `attemptTimeoutMs`, or at the request's deadline when that comes first (the deadline is not in
 * the request's signal: this timer is what ends the request then). No timer when neither is set.
 */
function attemptTimer(
  request: GatewayRequest,
  attemptTimeoutMs: number | undefined,
  collector: ResponseCollector,
): (() => void) | undefined {
  const bound = attemptBound(attemptTimeoutMs, request.deadline);
  if (bound === undefined) return undefined;
  return scheduleTimeout(bound.ms, () =>
    collector.abort(
      new TimeoutError(bound.phase, bound.timeoutMs, {
        operation: request.operation,
        requestId: request.requestId,
        attempts: request.attempt,
      }),
    ),
  );
}

/** The JSON of an error answer, for a dialect that reads errors from it; undefined when it is not JSON. */
function errorBodyOf(text: string): unknown {
  if (text.length === 0) return undefined;
  try {
    return parseJsonSafely(text);
  } catch {
    return undefined;
  }
}
