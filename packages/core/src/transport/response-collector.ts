import type { Dispatcher } from 'undici';
import type { ErrorContext } from '../errors/gateway-error.js';
import { ResponseTooLargeError } from '../errors/response-too-large-error.js';
import { whenAborted } from '../resilience/abort-listeners.js';
import type { GatewayRequest } from '../types.js';
import { EventStreamAnswer, eventStreamLimits } from './sse-answer.js';

export interface CollectedResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  readonly bytes: number;
  /** Set when the answer was an event stream read by the request's sink: what the sink made of it. */
  readonly streamed?: { readonly body: unknown };
}

/** What a collector needs to read an event-stream answer; given only for requests with `eventStream`. */
export interface EventStreamContext {
  readonly request: GatewayRequest;
  readonly maxResponseBytes: number;
  /** Restarts the attempt timeout (the sink said `progress`). */
  readonly onProgress: (() => void) | undefined;
  /** Stops the attempt timeout (a long-lived stream opened). */
  readonly onLongLivedOpen: (() => void) | undefined;
}

type Headers = Record<string, string | string[] | undefined>;

/**
 * An undici dispatch handler that gathers a response body into a string, up to `maxBytes`: past it (or when the
 * `content-length` says so up front) the request is aborted, undici drops the connection and no further byte is
 * read. Dispatching with this handler instead of `request()` skips the Readable stream undici builds for every
 * response, which is most of what `request()` costs beyond the socket work. The caller's signal aborts it at any
 * stage, through one shared listener.
 */
export class ResponseCollector implements Dispatcher.DispatchHandler {
  #controller: Dispatcher.DispatchController | undefined;
  #status = 0;
  #headers: Headers = {};
  #chunks: Buffer[] = [];
  #bytes = 0;
  #done = false;
  #stopListening: () => void = noop;
  #stream: EventStreamAnswer | undefined;

  constructor(
    private readonly maxBytes: number,
    private readonly errorOptions: ErrorContext,
    private readonly resolve: (response: CollectedResponse) => void,
    private readonly reject: (error: unknown) => void,
    signal: AbortSignal | undefined,
    private readonly streamContext?: EventStreamContext,
  ) {
    if (signal !== undefined) this.#stopListening = whenAborted(signal, () => this.#abort(signal.reason));
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    if (this.#done) controller.abort(new Error('aborted before start'));
  }

  onResponseStart(
    controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[]>,
  ): void {
    // An interim answer (103 Early Hints): RFC 9110 §15.2 has a client skip it and wait for the final one.
    if (statusCode < 200) return;
    this.#status = statusCode;
    this.#headers = headers;
    if (this.streamContext !== undefined && statusCode >= 200 && statusCode < 300 && isEventStream(headers)) {
      this.#openStream(controller, this.streamContext);
      return;
    }
    const length = headers['content-length'];
    if (typeof length === 'string' && Number(length) > this.maxBytes) this.#tooLarge(controller);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.#done) return;
    const stream = this.#stream;
    if (stream !== undefined) {
      if (!stream.push(chunk) && !this.#done) this.#endStream(controller, false);
      return;
    }
    this.#bytes += chunk.length;
    if (this.#bytes > this.maxBytes) {
      this.#tooLarge(controller);
      return;
    }
    this.#chunks.push(chunk);
  }

  onResponseEnd(): void {
    if (this.#done) return;
    if (this.#stream !== undefined) {
      this.#endStream(undefined, false);
      return;
    }
    this.#finish();
    const chunks = this.#chunks;
    const text =
      chunks.length === 0
        ? ''
        : chunks.length === 1
          ? chunks[0]!.toString('utf8')
          : Buffer.concat(chunks, this.#bytes).toString('utf8');
    this.resolve({ status: this.#status, headers: this.#headers, text, bytes: this.#bytes });
  }

  onResponseError(_controller: Dispatcher.DispatchController, error: Error): void {
    if (this.#done) return;
    // A connection that breaks mid-stream ends the stream, not the request: the sink learns it was broken (and
    // may resume from the last event id). Our own aborts (timeouts, the caller, a bound) never get here.
    if (this.#stream !== undefined) {
      this.#endStream(undefined, true);
      return;
    }
    this.#finish();
    this.reject(error);
  }

  #openStream(controller: Dispatcher.DispatchController, context: EventStreamContext): void {
    const eventStream = context.request.eventStream!;
    const limits = eventStreamLimits(eventStream.limits, context.maxResponseBytes);
    const fail = (error: unknown) => this.#abort(error);
    if (eventStream.longLived === true) context.onLongLivedOpen?.();
    try {
      this.#stream = new EventStreamAnswer(
        eventStream.open(context.request),
        limits,
        this.errorOptions,
        eventStream.longLived === true ? undefined : context.onProgress,
        fail,
      );
    } catch (error) {
      this.#finish();
      this.reject(error);
      controller.abort(error instanceof Error ? error : new Error('aborted'));
    }
  }

  /** The sink said done, or the server closed the stream: the sink's body resolves the response. */
  #endStream(controller: Dispatcher.DispatchController | undefined, broken: boolean): void {
    const stream = this.#stream!;
    this.#finish();
    let body: unknown;
    try {
      body = stream.finish(broken);
    } catch (error) {
      this.reject(error);
      controller?.abort(error instanceof Error ? error : new Error('aborted'));
      return;
    }
    this.resolve({ status: this.#status, headers: this.#headers, text: '', bytes: stream.bytes, streamed: { body } });
    // Done before the server closed it: undici cannot keep a half-read connection, so it is dropped.
    controller?.abort(new Error('event stream complete'));
  }

  #tooLarge(controller: Dispatcher.DispatchController): void {
    const error = new ResponseTooLargeError('maxResponseBytes', this.maxBytes, this.errorOptions);
    this.#finish();
    this.reject(error);
    controller.abort(error);
  }

  /** Ends the request now with `reason` (an attempt timeout); a no-op once it settled. */
  abort(reason: unknown): void {
    this.#abort(reason);
  }

  #abort(reason: unknown): void {
    if (this.#done) return;
    this.#finish();
    this.reject(reason);
    this.#controller?.abort(reason instanceof Error ? reason : new Error('aborted'));
  }

  #finish(): void {
    this.#done = true;
    this.#stopListening();
    this.#stream?.close();
  }
}

function isEventStream(headers: Record<string, string | string[]>): boolean {
  const type = headers['content-type'];
  return typeof type === 'string' && type.trimStart().toLowerCase().startsWith('text/event-stream');
}

function noop(): void {}
