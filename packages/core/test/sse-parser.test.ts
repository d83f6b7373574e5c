import { describe, expect, test } from 'vitest';
import { EventStreamLimitError, type ServerSentEvent } from '../src/index.js';
import { SseParser } from '../src/kit.js';

function parse(chunks: string[], maxLine = 1_000, maxEvent = 1_000) {
  const events: ServerSentEvent[] = [];
  const parser = new SseParser(maxLine, maxEvent, (e) => events.push(e));
  for (const c of chunks) parser.push(Buffer.from(c));
  parser.end();
  return { events, parser };
}

describe('SseParser', () => {
  test('joins multi-line data, keeps the event type and the last id', () => {
    const { events, parser } = parse(['id: 7\nevent: note\ndata: a\ndata: b\n\ndata: c\n\n']);
    expect(events).toEqual([
      { type: 'note', data: 'a\nb', id: '7' },
      { type: 'message', data: 'c', id: '7' },
    ]);
    expect(parser.lastEventId).toBe('7');
  });

  test('CRLF, CR and LF end lines, also when a CRLF is split between chunks', () => {
    const { events } = parse(['data: one\r', '\n\r', '\ndata: two\r\rdata: three\n', '\n']);
    expect(events.map((e) => e.data)).toEqual(['one', 'two', 'three']);
  });

  test('comments, unknown fields and a BOM are ignored; retry takes digits only', () => {
    const { events, parser } = parse(['\uFEFF: keep-alive\nretry: 500\nfoo: bar\ndata:x\n\nretry: 5s\n\n']);
    expect(events).toEqual([{ type: 'message', data: 'x', id: undefined }]);
    expect(parser.retryMs).toBe(500);
  });

  test('a priming event (id, empty data) is an event with empty data; an id-only block only moves the id', () => {
    const { events, parser } = parse(['id: p-1\ndata:\n\nid: p-2\n\n']);
    expect(events).toEqual([{ type: 'message', data: '', id: 'p-1' }]);
    expect(parser.lastEventId).toBe('p-2');
  });

  test('a multi-byte character split across chunks is decoded whole', () => {
    const bytes = Buffer.from('data: héllo\n\n');
    const events: ServerSentEvent[] = [];
    const parser = new SseParser(100, 100, (e) => events.push(e));
    parser.push(bytes.subarray(0, 8));
    parser.push(bytes.subarray(8));
    expect(events[0]?.data).toBe('héllo');
  });

  test('an unterminated event is dropped at the end of the stream', () => {
    expect(parse(['data: half']).events).toEqual([]);
  });

  test('a line past maxLineBytes throws, even when it arrives in many small chunks', () => {
    const parser = new SseParser(16, 1_000, () => {});
    expect(() => {
      for (let i = 0; i < 10; i++) parser.push(Buffer.from('data: xxxx'));
    }).toThrow(EventStreamLimitError);
  });

  test('an event past maxEventBytes throws before it is dispatched', () => {
    const seen: ServerSentEvent[] = [];
    const parser = new SseParser(100, 20, (e) => seen.push(e));
    expect(() => parser.push(Buffer.from('data: 0123456789\ndata: 0123456789\n\n'))).toThrow(/maxEventBytes/);
    expect(seen).toEqual([]);
  });
});
