import {
  type EventStreamEnd,
  type EventStreamSink,
  type EventVerdict,
  ResponseFormatError,
  type ServerSentEvent,
} from '@mcpgw/core';
import { parseJsonSafely } from '@mcpgw/core/kit';
import { classifyMessage, type JsonRpcId, type ServerMessage } from './json-rpc.js';

/** What one request's answer stream delivered. */
export interface StreamOutcome {
  /** Tells a stream's outcome from a JSON body where both can arrive (a request's `decode`). */
  readonly streamed: true;
  /** The answer (a result or an error) to our request, when it came. */
  readonly answer: Extract<ServerMessage, { kind: 'result' | 'error' }> | undefined;
  readonly end: EventStreamEnd;
}

/** What the sink hands on: notifications and server requests that arrive before the answer. */
export interface StreamListener {
  notification(method: string, params: unknown): EventVerdict;
  request(message: Extract<ServerMessage, { kind: 'request' }>): void;
}

/**
 * Reads one request's SSE answer: each event's data is one JSON-RPC message. The answer with our id completes it;
 * an answer with another id, a second answer or data that is not a JSON-RPC message is a `ResponseFormatError`
 * (the stream is then dropped). Notifications and server requests go to the listener; a priming event (empty
 * data) only moves the event id on.
 */
export class AnswerSink implements EventStreamSink {
  #answer: StreamOutcome['answer'];

  /** `id` undefined: a stream that answers no request of ours (the 2025 standalone GET stream); answers are skipped. */
  /**
   * `skipForeign`: answers under other ids are skipped, not refused; for a resumed stream, where SDK servers replay
   * the events of other streams of the session too.
   */
  constructor(
    private readonly id: JsonRpcId | undefined,
    private readonly listener: StreamListener,
    private readonly skipForeign = false,
  ) {}

  event(event: ServerSentEvent): EventVerdict {
    if (event.type !== 'message' || event.data.length === 0) return undefined;
    let value: unknown;
    try {
      value = parseJsonSafely(event.data);
    } catch (cause) {
      throw new ResponseFormatError('the MCP server sent an event whose data is not JSON', {
        field: 'event.data',
        cause,
      });
    }
    const message = classifyMessage(value);
    switch (message.kind) {
      case 'result':
      case 'error':
        if (this.id === undefined) return undefined;
        if (message.id !== this.id && !(message.kind === 'error' && message.id === null)) {
          if (this.skipForeign) return undefined;
          throw new ResponseFormatError('the MCP server answered with an id this request does not have', {
            field: 'id',
          });
        }
        if (this.#answer !== undefined) {
          throw new ResponseFormatError('the MCP server answered the same request twice', { field: 'id' });
        }
        this.#answer = message;
        return 'done';
      case 'notification':
        return this.listener.notification(message.method, message.params);
      case 'request':
        this.listener.request(message);
        return 'progress';
    }
  }

  end(end: EventStreamEnd): StreamOutcome {
    return { streamed: true, answer: this.#answer, end };
  }
}
