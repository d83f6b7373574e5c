import { AbortError, type GatewayRequest, type GatewayResponse, HttpError, TimeoutError } from '@mcpgw/core';
import type { StreamOutcome } from './answer-sink.js';

export interface ListenStreamOptions {
  /** Sends one GET (with `last-event-id` when given); the answer is read as a long-lived event stream. */
  readonly open: (signal: AbortSignal, lastEventId: string | undefined) => GatewayRequest;
  readonly send: (request: GatewayRequest) => Promise<GatewayResponse>;
  readonly onGiveUp: (error: unknown) => void;
}

const MAX_FAILURES = 5;
const DEFAULT_RETRY_MS = 1_000;
const MAX_RETRY_MS = 60_000;

/**
 * The 2025 era's standalone GET stream of one session, where SDK servers send the requests and notifications not
 * tied to a running request (an elicitation from inside a tool, list_changed). Reconnects after the server's
 * `retry` with `Last-Event-ID`; a 405 (the server offers none) ends it at once, five failures in a row end it too.
 * `stop()` aborts it; the wait between connections never keeps the process alive.
 */
export class ListenStream {
  readonly #controller = new AbortController();
  readonly #done: Promise<void>;

  constructor(private readonly options: ListenStreamOptions) {
    this.#done = this.#run();
  }

  async stop(): Promise<void> {
    this.#controller.abort();
    await this.#done;
  }

  async #run(): Promise<void> {
    const signal = this.#controller.signal;
    let lastEventId: string | undefined;
    let retryMs = DEFAULT_RETRY_MS;
    let failures = 0;
    while (!signal.aborted) {
      try {
        const response = await this.options.send(this.options.open(signal, lastEventId));
        if (response.streamed === true) {
          const end = (response.body as StreamOutcome).end;
          lastEventId = end.lastEventId ?? lastEventId;
          if (end.retryMs !== undefined) retryMs = Math.min(end.retryMs, MAX_RETRY_MS);
        }
        failures = 0;
      } catch (error) {
        if (signal.aborted || error instanceof AbortError) return;
        const idle = error instanceof TimeoutError && error.phase === 'stream-idle';
        if (
          error instanceof HttpError &&
          error.status >= 400 &&
          error.status < 500 &&
          error.status !== 409 &&
          error.status !== 429
        ) {
          // 405: no standalone stream here; 404/400: the session is gone (the next request re-initializes).
          if (error.status !== 405) this.options.onGiveUp(error);
          return;
        }
        if (!idle && ++failures >= MAX_FAILURES) {
          this.options.onGiveUp(error);
          return;
        }
      }
      await sleep(retryMs * 2 ** Math.min(failures, 5), signal);
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    timer.unref();
    signal.addEventListener('abort', done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
  });
}
