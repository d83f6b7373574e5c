export interface GatewayErrorOptions {
  cause?: unknown;
  operation?: string | undefined;
  requestId?: string | undefined;
  attempts?: number | undefined;
  /** Whether the request may have reached the server. Defaults to true: only a proven "never sent" is false. */
  mayHaveReachedServer?: boolean | undefined;
}

/**
 * Base of every error mcpgw throws. `code` is stable and safe to switch on; messages never contain an API key,
 * a user token or a parameter value.
 */
export class GatewayError extends Error {
  override name = 'GatewayError';
  readonly code: string;
  /** Whether retrying the same request could succeed (a hint; the retry layer decides with more context). */
  readonly retryable: boolean;
  operation: string | undefined;
  requestId: string | undefined;
  attempts: number;
  /** False only when the request provably never reached the server (refused, DNS, TLS, connect timeout, ...). */
  readonly mayHaveReachedServer: boolean;

  constructor(message: string, code: string, retryable: boolean, options: GatewayErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.retryable = retryable;
    this.operation = options.operation;
    this.requestId = options.requestId;
    this.attempts = options.attempts ?? 0;
    this.mayHaveReachedServer = options.mayHaveReachedServer ?? true;
  }

  /** Fields of the subclass worth logging; overridden by subclasses that carry more. */
  protected details(): Record<string, unknown> {
    return {};
  }

  toJSON(): Record<string, unknown> {
    const cause = this.cause;
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      retryable: this.retryable,
      operation: this.operation,
      requestId: this.requestId,
      attempts: this.attempts,
      ...this.details(),
      cause: describeCause(cause),
    };
  }
}

function describeCause(cause: unknown): unknown {
  if (cause === undefined) return undefined;
  if (cause instanceof GatewayError) return cause.toJSON();
  if (cause instanceof Error) {
    const code = (cause as { code?: unknown }).code;
    return { name: cause.name, code: typeof code === 'string' ? code : undefined, message: cause.message };
  }
  return String(cause);
}

export function isGatewayError(value: unknown): value is GatewayError {
  return value instanceof GatewayError;
}
