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
  /** A JSON value; the transport serialises it. */
  readonly body: unknown;
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
  /** Caller abort and overall deadline together. */
  readonly signal: AbortSignal | undefined;
  /** Absolute deadline on the `performance.now()` clock, when one is set. */
  readonly deadline: number | undefined;
  /** Per-call overall timeout asked for by the caller; the deadline layer turns it into `deadline` and `signal`. */
  readonly timeoutMs: number | undefined;
  /** 1-based attempt number; the retry layer sets it. */
  readonly attempt: number;
  /**
   * Validates and decodes a 2xx JSON body, in the transport, so that every layer above it (a cache above all) only
   * ever sees a valid answer: a malformed one fails as `ResponseFormatError` before anything can store it.
   */
  readonly decode?: ((body: unknown) => unknown) | undefined;
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
}

export type Handler = (request: GatewayRequest) => Promise<GatewayResponse>;
export type Middleware = (next: Handler) => Handler;
