import { GatewayError, type GatewayErrorOptions } from './gateway-error.js';

export interface HttpErrorOptions extends GatewayErrorOptions {
  /** A message read from the error body, already cut to a safe length. */
  serverMessage?: string | undefined;
  /** Delay the server asked for (Retry-After or X-RateLimit-Reset), in ms. */
  retryAfterMs?: number | undefined;
  /** The parsed JSON of the error answer, kept only when the request asked (`keepErrorBody`). */
  body?: unknown;
}

const RETRYABLE_STATUS = new Set([408, 429, 500, 502, 503, 504]);

/** The gateway answered with a status that is not 2xx. */
export class HttpError extends GatewayError {
  override name = 'HttpError';
  readonly status: number;
  readonly serverMessage: string | undefined;
  readonly retryAfterMs: number | undefined;
  /** The parsed error answer when the request set `keepErrorBody`; never in the message or `toJSON()`. */
  readonly body: unknown;

  constructor(status: number, options: HttpErrorOptions = {}, code = 'MCPGW_HTTP', hint = '') {
    const from = options.serverMessage ? `: ${options.serverMessage}` : '';
    super(`gateway answered ${status}${from}${hint ? `; ${hint}` : ''}`, code, RETRYABLE_STATUS.has(status), options);
    this.status = status;
    this.serverMessage = options.serverMessage;
    this.retryAfterMs = options.retryAfterMs;
    Object.defineProperty(this, 'body', { value: options.body, enumerable: false });
  }

  protected override details() {
    return { status: this.status, serverMessage: this.serverMessage, retryAfterMs: this.retryAfterMs };
  }
}
