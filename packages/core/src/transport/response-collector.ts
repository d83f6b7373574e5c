import type { Dispatcher } from 'undici';
import type { GatewayErrorOptions } from '../errors/gateway-error.js';
import { ResponseTooLargeError } from '../errors/response-too-large-error.js';
import { whenAborted } from '../resilience/abort-listeners.js';

export interface CollectedResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  readonly bytes: number;
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

  constructor(
    private readonly maxBytes: number,
    private readonly errorOptions: GatewayErrorOptions,
    private readonly resolve: (response: CollectedResponse) => void,
    private readonly reject: (error: unknown) => void,
    signal: AbortSignal | undefined,
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
    this.#status = statusCode;
    this.#headers = headers;
    const length = headers['content-length'];
    if (typeof length === 'string' && Number(length) > this.maxBytes) this.#tooLarge(controller);
  }

  onResponseData(controller: Dispatcher.DispatchController, chunk: Buffer): void {
    if (this.#done) return;
    this.#bytes += chunk.length;
    if (this.#bytes > this.maxBytes) {
      this.#tooLarge(controller);
      return;
    }
    this.#chunks.push(chunk);
  }

  onResponseEnd(): void {
    if (this.#done) return;
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
    this.#finish();
    this.reject(error);
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
  }
}

function noop(): void {}
