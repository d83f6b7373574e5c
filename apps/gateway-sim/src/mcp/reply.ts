import type { ServerResponse } from 'node:http';
import type { EventStream, StreamShape } from './event-stream.js';
import type { RpcMessage, RpcResponse } from './json-rpc.js';
import type { McpAnswerMode } from './mcp-options.js';
import { forcesStream, type McpScriptStep } from './mcp-script-step.js';

export type StreamFactory = (shape: StreamShape, onClientClose: () => void) => EventStream;

export interface ReplyOptions {
  res: ServerResponse;
  /** Headers every answer of this request carries (`mcp-session-id`, the echoed `x-request-id`). */
  headers: Record<string, string>;
  mode: McpAnswerMode;
  step: McpScriptStep | undefined;
  openStream: StreamFactory;
  /** Called when the client goes away before the answer (2026-07-28: that cancels the request). */
  onClientClose?: () => void;
}

/**
 * The answer to one POSTed request: a single JSON body, unless the request streams (a notification or a server
 * request before the result), the endpoint answers with SSE, or a fault needs a stream.
 */
export class Reply {
  readonly #options: ReplyOptions;
  #stream: EventStream | undefined;
  #answered = false;

  constructor(options: ReplyOptions) {
    this.#options = options;
  }

  get answered(): boolean {
    return this.#answered;
  }

  /** A message before the result: opens the stream if needed. */
  send(message: RpcMessage): Promise<void> {
    return this.#openStream().send(message);
  }

  /** The final answer. `status` applies only to a JSON answer (an error before any stream was opened). */
  async finish(answer: RpcResponse, status = 200): Promise<void> {
    if (this.#answered) return;
    this.#answered = true;
    const step = this.#options.step;
    if (step !== undefined && 'fault' in step && step.fault === 'wrong-id')
      answer = { ...answer, id: wrongId(answer.id) };
    if (this.#stream === undefined && status === 200 && (this.#options.mode === 'sse' || forcesStream(step))) {
      this.#openStream();
    }
    if (this.#stream !== undefined) {
      await this.#stream.finish(answer);
      return;
    }
    const { res, headers } = this.#options;
    if (res.destroyed || res.headersSent) return;
    const body = JSON.stringify(answer);
    res.writeHead(status, {
      ...headers,
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
    });
    res.end(body);
  }

  /** Ends without an answer (a cancelled request). */
  abandon(): void {
    if (this.#answered) return;
    this.#answered = true;
    if (this.#stream !== undefined) this.#stream.end();
    else if (!this.#options.res.headersSent) {
      this.#options.res.writeHead(204, this.#options.headers);
      this.#options.res.end();
    }
  }

  #openStream(): EventStream {
    if (this.#stream !== undefined) return this.#stream;
    const stream = this.#options.openStream(shapeFor(this.#options.step), () => this.#options.onClientClose?.());
    stream.open(this.#options.res, this.#options.headers);
    this.#stream = stream;
    return stream;
  }
}

/** How a script step bends the stream that carries an answer. */
export function shapeFor(step: McpScriptStep | undefined): StreamShape {
  const shape: StreamShape = {};
  if (step === undefined || !('fault' in step)) return shape;
  if (step.fault === 'slow-sse') shape.eventDelayMs = step.eventDelayMs;
  if (step.fault === 'cut-stream') {
    shape.cutAfter = step.afterEvents ?? 0;
    if (step.ending === 'end') shape.cutCleanly = true;
  }
  if (step.fault === 'huge-event') shape.hugeEventBytes = step.bytes;
  if (step.fault === 'duplicate-answer') shape.duplicateFinal = true;
  if (step.fault === 'unknown-id') shape.unknownIdFinal = true;
  return shape;
}

function wrongId(id: RpcResponse['id']): RpcResponse['id'] {
  return typeof id === 'number' ? id + 1000 : `${String(id)}-wrong`;
}
