import type { ServerResponse } from 'node:http';
import type { RpcMessage, RpcResponse } from './json-rpc.js';

/** How a fault bends a stream: set from the request's script step, plain by default. */
export interface StreamShape {
  /** Wait before every event (slow-sse). */
  eventDelayMs?: number;
  /** Break the connection after this many message events (cut-stream); once. */
  cutAfter?: number;
  /** Cut by ending the response cleanly (a server closing its stream) instead of destroying the socket. */
  cutCleanly?: boolean;
  /** Send one event of this many bytes before the first message (huge-event). */
  hugeEventBytes?: number;
  /** Send the final answer twice (duplicate-answer). */
  duplicateFinal?: boolean;
  /** Send the final answer under an id nobody asked for, and not under the right one (unknown-id). */
  unknownIdFinal?: boolean;
}

/** How events are spelled on the wire: all legal SSE, so a client's parser can be held to the whole grammar. */
export interface SseFormat {
  /** Line ending: LF (default) or CRLF. */
  crlf: boolean;
  /** Each message's JSON spread over several `data:` lines (joined with LF by the reader, still valid JSON). */
  multiLineData: boolean;
  /** A comment line (`: keep-alive`) before every event. */
  comments: boolean;
}

export const plainSse: SseFormat = { crlf: false, multiLineData: false, comments: false };

export interface EventStreamOptions {
  format: SseFormat;
  id: string;
  /** Give events ids and keep them for a `Last-Event-ID` resumption (2025 era). */
  withIds: boolean;
  /** Send the priming event (an id and empty data) first, as 2025-11-25 servers should. */
  priming: boolean;
  retryMs: number;
  shape: StreamShape;
  delay(ms: number): Promise<void>;
  /** Events kept for resumption; older ones are dropped. */
  maxKeptEvents: number;
  /** Called when the client closes the connection before the stream is done. */
  onClientClose?: () => void;
}

interface KeptEvent {
  seq: number;
  text: string;
}

const sseHeaders = {
  'content-type': 'text/event-stream',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
};
const fillerChunk = 'x'.repeat(64 * 1024);

/**
 * One SSE stream of the endpoint: a POST's answer, the standalone GET stream, or a subscription. It outlives the
 * connection that carries it, so a cut stream with event ids can be resumed on another GET.
 */
export class EventStream {
  readonly id: string;
  readonly #options: EventStreamOptions;
  readonly #kept: KeptEvent[] = [];
  #res: ServerResponse | undefined;
  #seq = 0;
  #messagesOnConnection = 0;
  #hugeSent = false;
  #done = false;
  #chain: Promise<void> = Promise.resolve();

  constructor(options: EventStreamOptions) {
    this.id = options.id;
    this.#options = options;
  }

  get done(): boolean {
    return this.#done;
  }

  /** True while a client connection carries the stream. */
  get attached(): boolean {
    return this.#res !== undefined;
  }

  /** Starts the stream on a response: status 200, SSE headers, and the priming event when asked for. */
  open(res: ServerResponse, headers: Record<string, string>): void {
    res.writeHead(200, { ...headers, ...sseHeaders });
    this.#attachTo(res);
    if (this.#options.priming && this.#options.withIds) {
      res.write(this.#frame([`id: ${this.#nextId()}`, `retry: ${this.#options.retryMs}`, 'data: ']));
    } else res.write(this.#frame([`retry: ${this.#options.retryMs}`]));
    if (this.#options.shape.cutAfter === 0) this.#cut(res);
  }

  /** Resumes on a new connection: replays kept events after `afterSeq`, then continues live (or ends when done). */
  resume(res: ServerResponse, headers: Record<string, string>, afterSeq: number): void {
    res.writeHead(200, { ...headers, ...sseHeaders });
    this.#attachTo(res);
    for (const event of this.#kept) if (event.seq > afterSeq) res.write(event.text);
    if (this.#done) {
      this.#res = undefined;
      res.end();
    }
  }

  /** Sends one message (a notification, a server request, or an answer). */
  send(message: RpcMessage): Promise<void> {
    // Never rejects: a write to a connection that went away is simply lost (the kept copy stays for a resume).
    this.#chain = this.#chain.then(() => this.#write(message)).catch(() => {});
    return this.#chain;
  }

  /** Sends the final answer, shaped by the fault, and ends the stream. */
  finish(answer: RpcResponse): Promise<void> {
    const { shape } = this.#options;
    if (shape.unknownIdFinal) this.send({ ...answer, id: `sim-unknown-${String(answer.id)}` });
    else {
      this.send(answer);
      if (shape.duplicateFinal) this.send(answer);
    }
    this.#chain = this.#chain.then(() => this.end());
    return this.#chain;
  }

  /** Ends the stream without a final answer (a subscription torn down, the simulator closing). */
  end(): void {
    this.#done = true;
    const res = this.#res;
    this.#res = undefined;
    if (res !== undefined && !res.destroyed) res.end();
  }

  /** Parses `<stream>:<seq>` event ids; undefined for ids of other streams or other shapes. */
  static parseEventId(eventId: string): { stream: string; seq: number } | undefined {
    const colon = eventId.lastIndexOf(':');
    if (colon <= 0) return undefined;
    const seq = Number(eventId.slice(colon + 1));
    if (!Number.isInteger(seq) || seq < 0) return undefined;
    return { stream: eventId.slice(0, colon), seq };
  }

  #attachTo(res: ServerResponse): void {
    this.#res = res;
    this.#messagesOnConnection = 0;
    res.once('close', () => {
      if (this.#res !== res) return;
      this.#res = undefined;
      if (!this.#done) this.#options.onClientClose?.();
    });
  }

  #nextId(): string {
    return `${this.id}:${this.#seq++}`;
  }

  async #write(message: RpcMessage): Promise<void> {
    const { shape, withIds } = this.#options;
    if (shape.eventDelayMs) await this.#options.delay(shape.eventDelayMs);
    if (shape.hugeEventBytes !== undefined && !this.#hugeSent) {
      this.#hugeSent = true;
      await this.#writeHugeEvent(shape.hugeEventBytes);
    }
    let text: string;
    if (withIds) {
      const seq = this.#seq;
      text = this.#frame(['event: message', `id: ${this.#nextId()}`, ...this.#dataLines(message)]);
      this.#kept.push({ seq, text });
      if (this.#kept.length > this.#options.maxKeptEvents) this.#kept.shift();
    } else text = this.#frame(['event: message', ...this.#dataLines(message)]);
    const res = this.#res;
    if (res === undefined || res.destroyed) return;
    res.write(text);
    this.#messagesOnConnection++;
    if (shape.cutAfter !== undefined && this.#messagesOnConnection >= shape.cutAfter) this.#cut(res);
  }

  #cut(res: ServerResponse): void {
    this.#options.shape.cutAfter = undefined;
    this.#res = undefined;
    if (this.#options.shape.cutCleanly) res.end();
    // Flush what was written, then drop the connection without the chunked terminator.
    else res.write('', () => res.socket?.destroy());
  }

  #frame(lines: string[]): string {
    const { crlf, comments } = this.#options.format;
    const eol = crlf ? '\r\n' : '\n';
    return `${comments ? `: keep-alive${eol}` : ''}${lines.join(eol)}${eol}${eol}`;
  }

  #dataLines(message: RpcMessage): string[] {
    if (!this.#options.format.multiLineData) return [`data: ${JSON.stringify(message)}`];
    return JSON.stringify(message, null, 1)
      .split('\n')
      .map((line) => `data: ${line}`);
  }

  async #writeHugeEvent(bytes: number): Promise<void> {
    const res = this.#res;
    if (res === undefined) return;
    const head =
      'event: message\ndata: {"jsonrpc":"2.0","method":"notifications/message","params":{"level":"info","logger":"sim","data":"';
    const tail = '"}}\n\n';
    let padding = Math.max(0, bytes - head.length - tail.length);
    res.write(head);
    while (padding > 0) {
      if (res.destroyed) return;
      const size = Math.min(padding, fillerChunk.length);
      padding -= size;
      if (!res.write(fillerChunk.slice(0, size)) && !(await drained(res))) return;
    }
    res.write(tail);
  }
}

function drained(res: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    const onDrain = () => done(true);
    const onClose = () => done(false);
    const done = (value: boolean) => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      resolve(value);
    };
    res.once('drain', onDrain);
    res.once('close', onClose);
  });
}
