import diagnostics from 'node:diagnostics_channel';
import type { CacheStatus, GatewayRequest, GatewayResponse } from './types.js';

/**
 * What happens inside a client is published on these `node:diagnostics_channel` channels. Publishers check
 * `hasSubscribers` first, so an unobserved client pays nothing. Every message carries `client`, and the
 * per-call ones carry `operation` and `requestId`.
 */
export const channels = {
  /** {@link OperationEvent}, when a logical operation starts. */
  requestStart: diagnostics.channel('mcpgw:request:start'),
  /** The same {@link OperationEvent} object, completed with `response` or `error` and `durationMs`. */
  requestEnd: diagnostics.channel('mcpgw:request:end'),
  /** {@link AttemptEvent}; subscribers may add propagation headers to `headers` (it is what is sent). */
  attemptStart: diagnostics.channel('mcpgw:attempt:start'),
  /** The same {@link AttemptEvent} object, completed with `status` or `error` and `durationMs`. */
  attemptEnd: diagnostics.channel('mcpgw:attempt:end'),
  /** {@link RetryEvent}: a failed attempt will be retried after `delayMs`. */
  retry: diagnostics.channel('mcpgw:retry'),
  /** {@link RetryBudgetEvent}: a retry was refused because the retry budget is spent. */
  retryBudgetExhausted: diagnostics.channel('mcpgw:retry:budget-exhausted'),
  /** {@link BreakerStateEvent}: a circuit changed state. */
  breakerState: diagnostics.channel('mcpgw:breaker:state'),
  /** {@link CacheEvent}: one cache lookup. */
  cache: diagnostics.channel('mcpgw:cache'),
  /** {@link CacheStoreEvent}: the cache store became unavailable or available again, or failed one call. */
  cacheStore: diagnostics.channel('mcpgw:cache:store'),
  /** {@link AuthzEvent}: one authorization decision. */
  authz: diagnostics.channel('mcpgw:authz'),
  /** {@link QueueEvent}: the concurrency limit queued, rejected or timed out a call. */
  queue: diagnostics.channel('mcpgw:queue'),
  /** {@link FleetStateEvent}: fleet-wide state (`@mcpgw/fleet`) became shared through Redis, or fell back to local. */
  fleet: diagnostics.channel('mcpgw:fleet'),
  /** {@link HedgeEvent}: the hedge layer sent an extra branch of a call, or one branch won or was cancelled. */
  hedge: diagnostics.channel('mcpgw:hedge'),
  /** {@link LimitEvent}: an adaptive concurrency limit moved. */
  limit: diagnostics.channel('mcpgw:limit'),
} as const;

interface CallEvent {
  readonly client: string;
  readonly operation: string;
  readonly requestId: string;
}

export interface OperationEvent extends CallEvent {
  readonly request: GatewayRequest;
  /** `performance.now()` at the start. */
  readonly startTime: number;
  response?: GatewayResponse;
  error?: unknown;
  durationMs?: number;
}

export interface AttemptEvent extends CallEvent {
  readonly request: GatewayRequest;
  readonly attempt: number;
  readonly method: string;
  readonly origin: string;
  /** Full URL without credentials (path and query only; no header values). */
  readonly url: string;
  /** The headers that will be sent; a subscriber of `attemptStart` may add to them (e.g. `traceparent`). */
  readonly headers: Record<string, string>;
  readonly startTime: number;
  status?: number;
  error?: unknown;
  durationMs?: number;
}

export interface RetryEvent extends CallEvent {
  /** The attempt that failed (1-based). */
  readonly attempt: number;
  readonly delayMs: number;
  /** The error code or `status:NNN` that caused it. */
  readonly reason: string;
  readonly error: unknown;
}

export interface RetryBudgetEvent extends CallEvent {
  readonly attempt: number;
  readonly error: unknown;
}

export type BreakerState = 'closed' | 'open' | 'half-open';

export interface BreakerStateEvent {
  readonly client: string;
  readonly upstream: string;
  readonly from: BreakerState;
  readonly to: BreakerState;
  /** Epoch ms of the next probe, when opening. */
  readonly nextAttemptAt: number | undefined;
}

export interface CacheEvent extends CallEvent {
  readonly result: CacheStatus;
  /** The store's name, e.g. `memory` or `redis`. */
  readonly store: string;
}

export interface CacheStoreEvent {
  readonly store: string;
  readonly state: 'unavailable' | 'available' | 'error';
  readonly error?: unknown;
}

export interface FleetStateEvent {
  readonly client: string;
  /** The fleet's key prefix in Redis. */
  readonly fleet: string;
  /** `shared`: decisions use the fleet's state in Redis; `local`: Redis is unreachable, this process decides alone. */
  readonly state: 'shared' | 'local';
  /** Why it fell back (a short message, never a command's arguments). */
  readonly reason?: string;
}

export type AuthzDecision = 'allow' | 'deny' | 'unavailable' | 'fail-open';

export interface AuthzEvent extends CallEvent {
  readonly decision: AuthzDecision;
  readonly cached: boolean;
  readonly durationMs: number;
  readonly reason?: string | undefined;
}

export interface QueueEvent extends CallEvent {
  readonly state: 'queued' | 'rejected' | 'timeout' | 'dequeued';
  readonly inFlight: number;
  readonly queued: number;
}

export type HedgeResult = 'sent' | 'won' | 'cancelled';

export interface HedgeEvent extends CallEvent {
  /** `sent`: an extra branch started; `won`: this branch's answer is the call's; `cancelled`: a loser was aborted. */
  readonly result: HedgeResult;
  /** 0 for the first branch, 1 for the first hedge, ... */
  readonly branch: number;
  /** The wait before the hedge was sent (the latency percentile, or the fixed `delayMs`). */
  readonly delayMs: number;
}

/** Why an adaptive limit moved: the latency it measured, or a drop (a 503, a 429, a timeout). */
export type LimitReason = 'latency' | 'drop';

export interface LimitEvent {
  readonly client: string;
  /** The calls allowed in flight before and after. */
  readonly from: number;
  readonly to: number;
  readonly reason: LimitReason;
  /** The window's mean latency of the calls that ended, and the long-term one it is compared with (ms). */
  readonly shortRttMs: number;
  readonly longRttMs: number;
}

/**
 * A call event: the call's identity (client, operation, request id) read from the request, then the event's own
 * fields. Build it only after `hasSubscribers` said someone listens.
 */
export function callEvent<Fields extends object>(
  request: Pick<GatewayRequest, 'client' | 'operation' | 'requestId'>,
  fields: Fields,
): CallEvent & Fields {
  return { client: request.client, operation: request.operation, requestId: request.requestId, ...fields };
}

/**
 * Publishes `mcpgw:attempt:start` for one HTTP attempt, when anyone listens, and returns the event to complete with
 * `status` or `error` and hand to {@link endAttempt}. Transports (the gateway's, OPA's) share it so every attempt
 * looks the same to metrics and tracing.
 */
export function startAttempt(
  request: GatewayRequest,
  method: string,
  origin: string,
  url: string,
  headers: Record<string, string>,
  operation: string = request.operation,
  attempt: number = request.attempt,
): AttemptEvent | undefined {
  if (!channels.attemptStart.hasSubscribers && !channels.attemptEnd.hasSubscribers) return undefined;
  const event: AttemptEvent = {
    client: request.client,
    operation,
    requestId: request.requestId,
    request,
    attempt,
    method,
    origin,
    url,
    headers,
    startTime: performance.now(),
  };
  channels.attemptStart.publish(event);
  return event;
}

/** Completes an attempt event with its duration and publishes `mcpgw:attempt:end`. */
export function endAttempt(event: AttemptEvent | undefined): void {
  if (event === undefined) return;
  event.durationMs = performance.now() - event.startTime;
  if (channels.attemptEnd.hasSubscribers) channels.attemptEnd.publish(event);
}
