import {
  AbortError,
  CircuitOpenError,
  ConnectError,
  GatewayError,
  type GatewayRequest,
  HttpError,
  TimeoutError,
} from '@mcpgw/core';

export interface RetryClassification {
  /** Whether another attempt is allowed for this failure of this request. */
  readonly retry: boolean;
  /** The error code, or `status:NNN` for an HTTP answer; used on events and in metrics. */
  readonly reason: string;
}

/** `status:503` for an HTTP answer, the error code for any other `GatewayError`, `unknown` otherwise. */
export function retryReason(error: unknown): string {
  if (error instanceof HttpError) return `status:${error.status}`;
  if (error instanceof GatewayError) return error.code;
  return 'unknown';
}

/** Reads, and invokes that carry an Idempotency-Key, are safe to send twice. */
export function isIdempotent(request: GatewayRequest): boolean {
  return request.idempotent || request.headers['idempotency-key'] !== undefined;
}

/** The request provably never left this process: nothing can have happened on the server. */
function neverReachedServer(error: GatewayError): boolean {
  if (error.mayHaveReachedServer) return false;
  return error instanceof ConnectError || (error instanceof TimeoutError && error.phase === 'connect');
}

/**
 * The retry table (see the README):
 *
 * | failure | idempotent | not idempotent |
 * |---|---|---|
 * | connect error or connect timeout that provably never sent the request | retry | retry |
 * | other connect error (reset, socket closed mid-request) | retry | no |
 * | attempt, headers or body timeout | retry | no |
 * | 408, 429, 500, 502, 503, 504 | retry | no |
 * | any other status (400, 401, 403, 404, 409, ...) | no | no |
 * | deadline timeout, caller abort, open circuit, queue full, deny, format error, invalid request | no | no |
 *
 * A call whose signal has aborted is never retried, whatever the error.
 */
export function classifyForRetry(error: unknown, request: GatewayRequest): RetryClassification {
  const reason = retryReason(error);
  if (request.signal?.aborted) return { retry: false, reason };
  if (!(error instanceof GatewayError)) return { retry: false, reason };
  if (error instanceof AbortError || error instanceof CircuitOpenError) return { retry: false, reason };
  if (neverReachedServer(error)) return { retry: true, reason };
  const idempotent = isIdempotent(request);
  if (error instanceof ConnectError) return { retry: idempotent, reason };
  if (error instanceof TimeoutError) {
    const perAttempt = error.phase === 'attempt' || error.phase === 'headers' || error.phase === 'body';
    return { retry: idempotent && perAttempt, reason };
  }
  // `retryable` of an HttpError is core's status table (isRetryableStatus), the one place that decides.
  if (error instanceof HttpError) return { retry: idempotent && error.retryable, reason };
  return { retry: false, reason };
}
