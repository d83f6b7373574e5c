import type { GatewayError } from './errors/gateway-error.js';
import type { JsonBody } from './request/json-body.js';
import type { Deadline } from './resilience/call-deadline.js';

/** Result of a cache lookup, as reported on a response. */
export type CacheStatus = 'miss' | 'hit' | 'stale' | 'coalesced';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';

/** The user a call is made for. Only `id` is required; the rest feeds authorization policies. */
export interface Principal {
  readonly id: string;
  readonly roles?: readonly string[];
  readonly teams?: readonly string[];
  readonly email?: string;
}

export type QueryValue = string | number | boolean | undefined;
export type AttributeValue = string | number | boolean | undefined;

/**
 * One logical operation, as plain data every layer can read. Layers never mutate a request: they pass a changed
 * copy (`{ ...request, attempt: 2 }`) to the next handler.
 */
export interface GatewayRequest {
  /** Name of the client that made the request; every event carries it. */
  readonly client: string;
  /** `listServers`, `getServer`, `listTools`, `invokeTool`, `health`, or a user's own. */
  readonly operation: string;
  readonly method: HttpMethod;
  /** `scheme://host[:port]` of the upstream. */
  readonly origin: string;
  /** Already percent-encoded, including the base URL's path prefix. Never contains a query. */
  readonly path: string;
  readonly query: Readonly<Record<string, QueryValue>> | undefined;
  /** Lower-case names; values already checked for CR, LF and NUL. */
  readonly headers: Readonly<Record<string, string>>;
  /** Serialised once when the request is built; every layer and every attempt reads this one immutable form. */
  readonly body: JsonBody | undefined;
  /** Safe to send twice: reads, and invokes that carry an Idempotency-Key. */
  readonly idempotent: boolean;
  readonly cacheable: boolean;
  /** Asks the authorization layer for a decision before anything is sent. */
  readonly authorize: boolean;
  readonly principal: Principal | undefined;
  /** Low-cardinality facts about the call (`server`, `tool`); never parameter values. */
  readonly attributes: Readonly<Record<string, AttributeValue>>;
  /** One id per logical operation, the same on every attempt. */
  readonly requestId: string;
  /**
   * The caller's abort (with the client's shutdown, in the preset), passed through as it is: no layer makes a signal
   * per call unless it needs one for what it calls. The deadline is not in it: a layer that waits reads `deadline`.
   */
  readonly signal: AbortSignal | undefined;
  /** When the call must be over, set by the deadline layer; every layer that waits is bounded by it. */
  readonly deadline: Deadline | undefined;
  /** Per-call overall timeout asked for by the caller; the deadline layer turns it into `deadline`. */
  readonly timeoutMs: number | undefined;
  /** 1-based attempt number; the retry layer sets it. */
  readonly attempt: number;
  /**
   * Validates and decodes a 2xx JSON body, in the transport, so that every layer above it (a cache above all) only
   * ever sees a valid answer: a malformed one fails as `ResponseFormatError` before anything can store it.
   */
  readonly decode?: ((body: unknown) => unknown) | undefined;
  /**
   * Asks the transport to read a 2xx `text/event-stream` answer event by event (the MCP dialect sets it; it also
   * sends the `accept` header that allows one). Unset, an answer is collected and parsed as JSON, as always.
   */
  readonly eventStream?: EventStreamRequest | undefined;
  /**
   * Keeps the parsed JSON of a non-2xx answer on the `HttpError` as `body` (the MCP dialect reads JSON-RPC errors
   * from 400 and 404 answers). Never part of the error's message or `toJSON()`.
   */
  readonly keepErrorBody?: boolean | undefined;
  /**
   * Lets a dialect name a failure by what it means for it, inside the transport so every layer sees that name (the
   * MCP dialect: a session forgotten again right after a new `initialize` is a `SessionLostError`, not a 404).
   */
  readonly refineError?: ((error: GatewayError) => GatewayError) | undefined;
}

/** How a request reads an event-stream answer; see {@link GatewayRequest.eventStream}. */
export interface EventStreamRequest {
  /** Called once per attempt whose answer is an event stream: the sink sees that attempt's events only. */
  open(request: GatewayRequest): EventStreamSink;
  /** Bounds of this answer; unset ones take the defaults of `EventStreamLimits`. */
  readonly limits?: Partial<EventStreamLimits> | undefined;
  /**
   * A stream meant to stay open (MCP's 2025 standalone GET stream): once it opens, the attempt timeout stops and
   * only `limits.idleMs` (and the caller's signal) end it.
   */
  readonly longLived?: boolean | undefined;
}

/** What a sink answers for one event. */
export type EventVerdict =
  /** The answer is complete: the transport stops reading and lets the connection go. */
  | 'done'
  /** The server made progress: the attempt timeout starts again (never past the deadline). */
  | 'progress'
  | undefined;

export interface EventStreamSink {
  /** One event with data (a priming event with empty data included). A throw ends the answer with that error. */
  event(event: ServerSentEvent): EventVerdict;
  /** The stream ended or was stopped; the value returned becomes the response's body (then `decode` runs on it). */
  end(end: EventStreamEnd): unknown;
}

export interface EventStreamEnd {
  /** True when the sink said `done`; false when the server closed the stream first. */
  readonly complete: boolean;
  /** True when the connection broke (reset, cut) instead of the server ending the stream. */
  readonly broken: boolean;
  /** The last `id:` the stream carried, for a resumption with `Last-Event-ID`. */
  readonly lastEventId: string | undefined;
  /** The last `retry:` the stream carried, in ms. */
  readonly retryMs: number | undefined;
  readonly events: number;
}

/** Bounds of one event-stream answer; past one, reading stops with a typed error and the connection is dropped. */
export interface EventStreamLimits {
  /** Longest line. Default: the transport's `maxResponseBytes`. */
  maxLineBytes: number;
  /** Largest event (its data lines together). Default: the transport's `maxResponseBytes`. */
  maxEventBytes: number;
  /** Most events one answer may carry. Default 10,000. */
  maxEvents: number;
  /** Most bytes one answer may carry. Default 4 × the transport's `maxResponseBytes`. */
  maxTotalBytes: number;
  /** Longest wait between two events (comments do not count). Default 60,000. */
  idleMs: number;
}

/** One Server-Sent Event, parsed by the WHATWG rules: `data` lines joined with LF, the last event id carried on. */
export interface ServerSentEvent {
  /** The `event` field; `message` when the stream gave none. */
  readonly type: string;
  readonly data: string;
  /** The last event id seen on the stream up to this event (ids stick until changed). */
  readonly id: string | undefined;
}

export interface GatewayResponse<T = unknown> {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The parsed JSON body. */
  readonly body: T;
  /** How many attempts it took (1 when nothing was retried). */
  readonly attempts: number;
  /** Set by the cache layer; undefined when no cache is in the pipeline or the request is not cacheable. */
  readonly cache: CacheStatus | undefined;
  /** Size of the body as received, in bytes, when the transport read it (lets a cache size an entry for free). */
  readonly bytes?: number;
  /** True when the body came from an event-stream answer (see {@link GatewayRequest.eventStream}). */
  readonly streamed?: boolean;
  /**
   * What the request's `decode` returned, when the transport ran it. A body identical to it is taken as checked; a
   * layer that puts another body in its place (even in a copy of this response) gets it checked again.
   */
  readonly decoded?: unknown;
}

export type Handler = (request: GatewayRequest) => Promise<GatewayResponse>;
export type Middleware = (next: Handler) => Handler;
