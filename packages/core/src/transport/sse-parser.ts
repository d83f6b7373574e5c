import { StringDecoder } from 'node:string_decoder';
import type { ServerSentEvent } from '../types.js';

/** A bound of the parser was passed; `limit` names it. */
export class EventStreamLimitError extends Error {
  constructor(
    readonly limit: 'maxLineBytes' | 'maxEventBytes',
    readonly limitValue: number,
  ) {
    super(`event stream exceeded ${limit}=${limitValue}`);
  }
}

/**
 * An incremental `text/event-stream` parser: bytes in, events out. Lines end at CRLF, LF or CR (a CR at the end of
 * a chunk waits for the next one, which may start with its LF); a BOM at the start is skipped; comments (`:`) and
 * unknown fields are ignored; `retry` takes digits only; an `id` with NUL is ignored. A line longer than
 * `maxLineBytes` or an event whose data passes `maxEventBytes` throws before it is kept, so a peer cannot make the
 * parser hold more than those bounds. String lengths stand in for bytes: UTF-8 never decodes to more UTF-16 units
 * than it had bytes, so the bound holds.
 */
export class SseParser {
  #decoder = new StringDecoder('utf8');
  #pending = '';
  #sawCr = false;
  #started = false;
  #data: string[] = [];
  #dataLength = 0;
  #type = '';
  #hasData = false;
  lastEventId: string | undefined;
  retryMs: number | undefined;

  constructor(
    private readonly maxLineBytes: number,
    private readonly maxEventBytes: number,
    private readonly onEvent: (event: ServerSentEvent) => void,
  ) {}

  push(chunk: Buffer): void {
    let text = this.#decoder.write(chunk);
    if (!this.#started && text.length > 0) {
      this.#started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    let start = 0;
    if (this.#sawCr) {
      this.#sawCr = false;
      if (text.charCodeAt(0) === 10) start = 1;
    }
    const length = text.length;
    // Where the next CR and LF are, each found once: rescanning for a CR the text does not have would be quadratic.
    let cr = text.indexOf('\r', start);
    let lf = text.indexOf('\n', start);
    while (start < length) {
      if (cr !== -1 && cr < start) cr = text.indexOf('\r', start);
      if (lf !== -1 && lf < start) lf = text.indexOf('\n', start);
      const end = cr === -1 ? lf : lf === -1 ? cr : Math.min(cr, lf);
      if (end === -1) {
        const rest = text.slice(start);
        if (this.#pending.length + rest.length > this.maxLineBytes) {
          throw new EventStreamLimitError('maxLineBytes', this.maxLineBytes);
        }
        this.#pending += rest;
        return;
      }
      let line = text.slice(start, end);
      if (this.#pending.length > 0) {
        line = this.#pending + line;
        this.#pending = '';
      }
      if (line.length > this.maxLineBytes) throw new EventStreamLimitError('maxLineBytes', this.maxLineBytes);
      this.#line(line);
      if (text.charCodeAt(end) === 13) {
        if (end + 1 === length) {
          this.#sawCr = true;
          return;
        }
        start = text.charCodeAt(end + 1) === 10 ? end + 2 : end + 1;
      } else {
        start = end + 1;
      }
    }
  }

  /** The stream ended: an event not closed by a blank line is dropped, as the WHATWG rules say. */
  end(): void {
    this.#decoder.end();
    this.#pending = '';
  }

  #line(line: string): void {
    if (line.length === 0) {
      this.#dispatch();
      return;
    }
    if (line.charCodeAt(0) === 58) return; // ':' comment, e.g. a keep-alive
    const colon = line.indexOf(':');
    let field: string;
    let value: string;
    if (colon === -1) {
      field = line;
      value = '';
    } else {
      field = line.slice(0, colon);
      value = line.charCodeAt(colon + 1) === 32 ? line.slice(colon + 2) : line.slice(colon + 1);
    }
    switch (field) {
      case 'data':
        this.#dataLength += value.length + 1;
        if (this.#dataLength > this.maxEventBytes) throw new EventStreamLimitError('maxEventBytes', this.maxEventBytes);
        this.#data.push(value);
        this.#hasData = true;
        break;
      case 'event':
        this.#type = value;
        break;
      case 'id':
        if (!value.includes('\u0000')) this.lastEventId = value;
        break;
      case 'retry':
        if (/^\d{1,10}$/.test(value)) this.retryMs = Number(value);
        break;
    }
  }

  #dispatch(): void {
    const hasData = this.#hasData;
    const data = this.#data.length === 1 ? this.#data[0]! : this.#data.join('\n');
    const type = this.#type.length === 0 ? 'message' : this.#type;
    this.#data = [];
    this.#dataLength = 0;
    this.#type = '';
    this.#hasData = false;
    if (!hasData) return;
    this.onEvent({ type, data, id: this.lastEventId });
  }
}
