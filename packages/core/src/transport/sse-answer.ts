import type { ErrorContext } from '../errors/gateway-error.js';
import { ResponseFormatError } from '../errors/response-format-error.js';
import { ResponseTooLargeError } from '../errors/response-too-large-error.js';
import { TimeoutError } from '../errors/timeout-error.js';
import { scheduleTimeout } from '../resilience/timeout-queues.js';
import type { EventStreamLimits, EventStreamSink, EventVerdict, ServerSentEvent } from '../types.js';
import { EventStreamLimitError, SseParser } from './sse-parser.js';

export const DEFAULT_MAX_EVENTS = 10_000;
export const DEFAULT_STREAM_IDLE_MS = 60_000;

/** The limits of one answer: the request's, else defaults sized from the transport's `maxResponseBytes`. */
export function eventStreamLimits(given: Partial<EventStreamLimits> | undefined, maxResponseBytes: number) {
  return {
    maxLineBytes: given?.maxLineBytes ?? maxResponseBytes,
    maxEventBytes: given?.maxEventBytes ?? maxResponseBytes,
    maxEvents: given?.maxEvents ?? DEFAULT_MAX_EVENTS,
    maxTotalBytes: given?.maxTotalBytes ?? 4 * maxResponseBytes,
    idleMs: given?.idleMs ?? DEFAULT_STREAM_IDLE_MS,
  };
}

/**
 * One event-stream answer being read: chunks go through the parser to the request's sink, every bound checked
 * as bytes arrive. `fail` is how a broken bound, a sink's throw or the idle clock ends the answer; `push` returning false is how
 * the sink's `done` ends it. Both let the connection go (undici destroys it: a stream cannot
 * be half read). Events after `done` in the same chunk are dropped: the answer is settled, and whether a second one
 * happened to share its chunk must not change the outcome (it would make the same stream pass or fail by timing).
 */
export class EventStreamAnswer {
  readonly #parser: SseParser;
  readonly #limits: EventStreamLimits;
  #events = 0;
  #bytes = 0;
  #complete = false;
  #cancelIdle: () => void;

  constructor(
    private readonly sink: EventStreamSink,
    limits: EventStreamLimits,
    private readonly errorOptions: ErrorContext,
    private readonly onProgress: (() => void) | undefined,
    private readonly fail: (error: unknown) => void,
  ) {
    this.#limits = limits;
    this.#parser = new SseParser(limits.maxLineBytes, limits.maxEventBytes, (event) => this.#event(event));
    this.#cancelIdle = this.#armIdle();
  }

  get bytes(): number {
    return this.#bytes;
  }

  /** Feeds one chunk; false once the answer is over (complete or failed) and no more data is wanted. */
  push(chunk: Buffer): boolean {
    this.#bytes += chunk.length;
    if (this.#bytes > this.#limits.maxTotalBytes) {
      this.fail(new ResponseTooLargeError('eventStream.maxTotalBytes', this.#limits.maxTotalBytes, this.errorOptions));
      return false;
    }
    try {
      this.#parser.push(chunk);
    } catch (error) {
      this.fail(
        error instanceof EventStreamLimitError
          ? new ResponseTooLargeError(`eventStream.${error.limit}`, error.limitValue, this.errorOptions)
          : error,
      );
      return false;
    }
    return !this.#complete;
  }

  /** The body for the response: what the sink makes of the end of the stream. */
  finish(broken: boolean): unknown {
    this.close();
    this.#parser.end();
    return this.sink.end({
      complete: this.#complete,
      broken,
      lastEventId: this.#parser.lastEventId,
      retryMs: this.#parser.retryMs,
      events: this.#events,
    });
  }

  /** Stops the idle clock; the answer is settled one way or another. */
  close(): void {
    this.#cancelIdle();
  }

  #event(event: ServerSentEvent): void {
    if (this.#complete) return;
    this.#events++;
    if (this.#events > this.#limits.maxEvents) {
      throw new ResponseTooLargeError('eventStream.maxEvents', this.#limits.maxEvents, this.errorOptions);
    }
    this.#cancelIdle();
    this.#cancelIdle = this.#armIdle();
    let verdict: EventVerdict;
    try {
      verdict = this.sink.event(event);
    } catch (error) {
      throw error instanceof Error
        ? error
        : new ResponseFormatError('the event stream carried an event the dialect refused', this.errorOptions);
    }
    if (verdict === 'progress') this.onProgress?.();
    else if (verdict === 'done') this.#complete = true;
  }

  #armIdle(): () => void {
    const idleMs = this.#limits.idleMs;
    return scheduleTimeout(idleMs, () => this.fail(new TimeoutError('stream-idle', idleMs, this.errorOptions)));
  }
}
