import {
  AbortError,
  ConnectError,
  type Deadline,
  type ErrorContext,
  GatewayError,
  ResponseTooLargeError,
  TimeoutError,
} from '@mcpgw/core';
import { scrubSecrets } from '@mcpgw/core/kit';
import { type Dispatcher, request } from 'undici';
import { secureEndpoint } from './endpoint-url.js';

/** Bounds of every exchange with an authorization server or a metadata endpoint. */
export interface ExchangeBounds {
  /** Largest answer read; past it the connection is dropped. */
  readonly maxResponseBytes: number;
  /** Longest exchange, further bounded by the call's deadline. */
  readonly timeoutMs: number;
  readonly dispatcher: Dispatcher | undefined;
}

export interface ExchangeCall {
  readonly signal?: AbortSignal | undefined;
  readonly deadline?: Deadline | undefined;
  readonly context?: ErrorContext | undefined;
}

export interface ExchangeAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  readonly text: string;
}

export interface ExchangeRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** An `application/x-www-form-urlencoded` or JSON body, already encoded. */
  readonly body?: string | undefined;
  /** The secrets in this request, scrubbed from any error text. */
  readonly secrets?: readonly string[];
  /** False: only the status and headers are wanted; the body is dropped unread. */
  readonly readBody?: boolean;
}

/**
 * One HTTP exchange with an OAuth endpoint: https only (http on loopback), no redirect followed (undici's `request`
 * follows none), the answer cut at `maxResponseBytes`, the whole of it bounded by `timeoutMs` and the call's
 * deadline and signal. A 3xx comes back as an answer, so the caller reads `location` itself.
 */
export async function boundedExchange(
  exchange: ExchangeRequest,
  bounds: ExchangeBounds,
  call: ExchangeCall = {},
): Promise<ExchangeAnswer> {
  const url = secureEndpoint(exchange.url, 'OAuth endpoint');
  const remaining = call.deadline?.remainingMs();
  const ms = Math.max(
    1,
    Math.floor(remaining === undefined ? bounds.timeoutMs : Math.min(remaining, bounds.timeoutMs)),
  );
  const timer = AbortSignal.timeout(ms);
  const signal = call.signal === undefined ? timer : AbortSignal.any([call.signal, timer]);
  const context = { mayHaveReachedServer: true, ...call.context };
  try {
    const answer = await request(url, {
      method: exchange.method,
      headers: { accept: 'application/json', ...exchange.headers },
      body: exchange.body,
      signal,
      ...(bounds.dispatcher === undefined ? {} : { dispatcher: bounds.dispatcher }),
    });
    // Dropping a body ends it with an abort error; nobody is listening for that one.
    answer.body.on('error', ignore);
    if (exchange.readBody === false) {
      answer.body.destroy();
      return { status: answer.statusCode, headers: answer.headers, text: '' };
    }
    const chunks: Buffer[] = [];
    let bytes = 0;
    for await (const chunk of answer.body as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      if (bytes > bounds.maxResponseBytes) {
        answer.body.destroy();
        throw new ResponseTooLargeError('auth.maxResponseBytes', bounds.maxResponseBytes, context);
      }
      chunks.push(chunk);
    }
    return { status: answer.statusCode, headers: answer.headers, text: Buffer.concat(chunks).toString('utf8') };
  } catch (error) {
    if (error instanceof ResponseTooLargeError) throw error;
    if (timer.aborted) throw new TimeoutError('authorization', ms, context);
    if (call.signal?.aborted) {
      const reason: unknown = call.signal.reason;
      throw reason instanceof GatewayError ? reason : new AbortError({ ...context, cause: reason });
    }
    const code = (error as { code?: unknown }).code;
    const message = scrubSecrets(error instanceof Error ? error.message : String(error), exchange.secrets ?? []);
    throw new ConnectError(
      `${url.origin}: ${message.slice(0, 200)}`,
      typeof code === 'string' ? code : undefined,
      context,
    );
  }
}

function ignore(): void {}
