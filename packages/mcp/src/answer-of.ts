import { ResponseFormatError } from '@mcpgw/core';
import { scrubSecrets } from '@mcpgw/core/kit';
import type { StreamOutcome } from './answer-sink.js';
import type { Call } from './call-context.js';
import { JsonRpcError } from './errors/json-rpc-error.js';
import { StreamLostError } from './errors/stream-lost-error.js';
import { classifyMessage, type JsonRpcId, peerText, type ServerMessage } from './json-rpc.js';

/** An exchange's outcome: a result, or (2025 era) a stream to resume from. */
export type Answered =
  | { readonly answer: Extract<ServerMessage, { kind: 'result' }>; readonly end: StreamOutcome['end'] }
  | { readonly answer: undefined; readonly end: StreamOutcome['end'] };

const JSON_END = { complete: true, broken: false, lastEventId: undefined, retryMs: undefined, events: 0 } as const;

/**
 * One request's answer, JSON body or event stream, as the dialect needs it: an error answer is a `JsonRpcError`,
 * another id or a non-answer a `ResponseFormatError`, a stream that ended without an answer a `StreamLostError`
 * unless it can be resumed (2025 era, with an event id).
 */
export function answerOf(
  value: unknown,
  id: JsonRpcId,
  call: Call,
  resumable: boolean,
  secrets: () => readonly string[],
): Answered {
  let answer: StreamOutcome['answer'];
  let end: StreamOutcome['end'] = JSON_END;
  if (value !== null && typeof value === 'object' && (value as StreamOutcome).streamed === true) {
    ({ answer, end } = value as StreamOutcome);
  } else {
    const message = classifyMessage(value);
    if (message.kind !== 'result' && message.kind !== 'error') {
      throw new ResponseFormatError('the MCP server answered a request with a request or notification', {
        field: 'body',
      });
    }
    if (message.id !== id && message.id !== null) {
      throw new ResponseFormatError('the MCP server answered with an id this request does not have', { field: 'id' });
    }
    answer = message;
  }
  if (answer === undefined) {
    if (resumable && end.lastEventId !== undefined && end.lastEventId.length > 0) return { answer, end };
    const why = end.broken
      ? 'the connection broke'
      : resumable
        ? 'no event id to resume from'
        : 'the stream closed without an answer';
    throw new StreamLostError(call.method, why, { operation: call.wire.operation, connectionBroken: end.broken });
  }
  if (answer.kind === 'error') {
    throw new JsonRpcError(
      answer.error.code,
      peerText(scrubSecrets(peerText(answer.error.message, 4_096), secrets())),
      {
        method: call.method,
        operation: call.wire.operation,
      },
    );
  }
  return { answer, end };
}
