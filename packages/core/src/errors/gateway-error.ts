import type { GatewayErrorCode } from './error-code.js';

/** What is known about the call when an error is made; given once, at construction. */
export interface ErrorContext {
  readonly cause?: unknown;
  readonly operation?: string | undefined;
  readonly requestId?: string | undefined;
  /** The attempt the failure happened in, or how many the call made (the retry layer's last). */
  readonly attempts?: number | undefined;
  /** Whether the request may have reached the server. Defaults to true: only a proven "never sent" is false. */
  readonly mayHaveReachedServer?: boolean | undefined;
}

/**
 * Base of every error mcpgw throws. Each subclass sets `code` (stable, safe to switch on) and `retryable` as literal
 * class fields, and takes its context once, in its constructor. Messages never contain an API key, a user token or a
 * parameter value.
 */
export class GatewayError extends Error {
  override name = 'GatewayError';
  declare readonly code: GatewayErrorCode;
  /** Whether retrying the same request could succeed (a hint; the retry layer decides with more context). */
  declare readonly retryable: boolean;
  readonly operation: string | undefined;
  readonly requestId: string | undefined;
  readonly attempts: number;
  /** False only when the request provably never reached the server (refused, DNS, TLS, connect timeout, ...). */
  readonly mayHaveReachedServer: boolean;

  constructor(message: string, context?: ErrorContext);
  /** @deprecated Set `code` and `retryable` as class fields and call `super(message, context)`; goes next minor. */
  constructor(message: string, code: GatewayErrorCode, retryable: boolean, context?: ErrorContext);
  constructor(
    message: string,
    codeOrContext: GatewayErrorCode | ErrorContext = {},
    retryable?: boolean,
    legacyContext: ErrorContext = {},
  ) {
    const context = typeof codeOrContext === 'string' ? legacyContext : codeOrContext;
    super(message, context.cause === undefined ? undefined : { cause: context.cause });
    if (typeof codeOrContext === 'string') {
      const field = { enumerable: true, writable: true, configurable: true };
      Object.defineProperties(this, {
        code: { ...field, value: codeOrContext },
        retryable: { ...field, value: retryable === true },
      });
    }
    this.operation = context.operation;
    this.requestId = context.requestId;
    this.attempts = context.attempts ?? 0;
    this.mayHaveReachedServer = context.mayHaveReachedServer ?? true;
  }

  /**
   * This error with some of its context replaced: itself when nothing changes, otherwise a copy of the same class
   * (message, cause, stack and every field kept). A layer that learns more about a call than the thrower knew (the
   * retry layer, how many attempts it made) passes a copy on, so no error is ever changed after it was thrown.
   */
  withContext(context: Pick<ErrorContext, 'operation' | 'requestId' | 'attempts'>): this {
    const operation = context.operation ?? this.operation;
    const requestId = context.requestId ?? this.requestId;
    const attempts = context.attempts ?? this.attempts;
    if (operation === this.operation && requestId === this.requestId && attempts === this.attempts) return this;
    const copy = Object.create(Object.getPrototypeOf(this) as object) as this;
    for (const key of Reflect.ownKeys(this)) {
      if (key !== 'stack') Object.defineProperty(copy, key, Object.getOwnPropertyDescriptor(this, key)!);
    }
    Object.defineProperties(copy, {
      // V8's `stack` accessor reads the error it was made on; formatting it costs microseconds, so only on demand.
      stack: {
        get: () => this.stack,
        set(value: unknown) {
          Object.defineProperty(this, 'stack', { value, writable: true, configurable: true });
        },
        configurable: true,
      },
      operation: { value: operation },
      requestId: { value: requestId },
      attempts: { value: attempts },
    });
    return copy;
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
