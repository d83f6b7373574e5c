import type { ErrorCode } from './error-code.js';
import { type ErrorContext, GatewayError } from './gateway-error.js';
import { isRetryableStatus } from './retryable-status.js';

export interface HttpErrorContext extends ErrorContext {
  /** A message read from the error body, already cut to a safe length. */
  readonly serverMessage?: string | undefined;
  /** Delay the server asked for (Retry-After or X-RateLimit-Reset), in ms. */
  readonly retryAfterMs?: number | undefined;
  /** The parsed JSON of the error answer, kept only when the request asked (`keepErrorBody`). */
  readonly body?: unknown;
  /** The `WWW-Authenticate` header of a 401 or 403, cut to a safe length (what an OAuth layer answers). */
  readonly challenge?: string | undefined;
}

/** The codes of `HttpError` and its subclasses. */
export type HttpErrorCode = Extract<
  ErrorCode,
  | 'MCPGW_HTTP'
  | 'MCPGW_UNAUTHORIZED'
  | 'MCPGW_FORBIDDEN'
  | 'MCPGW_NOT_FOUND'
  | 'MCPGW_RATE_LIMITED'
  | 'MCPGW_SERVER_ERROR'
>;

/** The gateway answered with a status that is not 2xx. */
export class HttpError extends GatewayError {
  /** What to try, appended to the message; each subclass says its own. */
  protected static readonly hint: string = '';
  override name = 'HttpError';
  override readonly code: HttpErrorCode = 'MCPGW_HTTP';
  override readonly retryable: boolean;
  readonly status: number;
  readonly serverMessage: string | undefined;
  readonly retryAfterMs: number | undefined;
  /** The parsed error answer when the request set `keepErrorBody`; never in the message or `toJSON()`. */
  declare readonly body: unknown;
  /** A 401's or 403's `WWW-Authenticate` header, when it sent one; never in the message or `toJSON()`. */
  declare readonly challenge: string | undefined;

  constructor(status: number, context: HttpErrorContext = {}) {
    const from = context.serverMessage ? `: ${context.serverMessage}` : '';
    const hint = (new.target as unknown as { hint: string }).hint;
    super(`gateway answered ${status}${from}${hint ? `; ${hint}` : ''}`, context);
    this.retryable = isRetryableStatus(status);
    this.status = status;
    this.serverMessage = context.serverMessage;
    this.retryAfterMs = context.retryAfterMs;
    Object.defineProperty(this, 'body', { value: context.body, enumerable: false });
    Object.defineProperty(this, 'challenge', { value: context.challenge, enumerable: false });
  }

  protected override details() {
    return { status: this.status, serverMessage: this.serverMessage, retryAfterMs: this.retryAfterMs };
  }
}
