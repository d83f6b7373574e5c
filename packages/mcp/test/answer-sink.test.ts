import { ResponseFormatError } from '@mcpgw/core';
import { describe, expect, test } from 'vitest';
import { AnswerSink } from '../src/index.js';

const end = { complete: true, broken: false, lastEventId: undefined, retryMs: undefined, events: 2 };

function sink() {
  const notifications: string[] = [];
  const requests: string[] = [];
  const s = new AnswerSink(7, {
    notification: (method) => {
      notifications.push(method);
      return undefined;
    },
    request: (message) => {
      requests.push(message.method);
    },
  });
  const event = (data: string, type = 'message') => s.event({ type, data, id: undefined });
  return { s, event, notifications, requests };
}

describe('AnswerSink', () => {
  test('the answer with our id completes it; a priming event and other event types are skipped', () => {
    const { s, event } = sink();
    expect(event('')).toBeUndefined();
    expect(event('{"x":1}', 'ping')).toBeUndefined();
    expect(event('{"jsonrpc":"2.0","id":7,"result":{"ok":true}}')).toBe('done');
    expect(s.end(end).answer).toEqual({ kind: 'result', id: 7, result: { ok: true } });
  });

  test('a second answer in the same read is refused', () => {
    const { event } = sink();
    event('{"jsonrpc":"2.0","id":7,"result":{}}');
    expect(() => event('{"jsonrpc":"2.0","id":7,"result":{}}')).toThrow(ResponseFormatError);
  });

  test('another id, non-JSON data, a batch and a message without jsonrpc 2.0 are refused', () => {
    const { event } = sink();
    for (const data of ['{"jsonrpc":"2.0","id":8,"result":{}}', 'not json', '[]', '{"id":7,"result":{}}']) {
      expect(() => event(data), data).toThrow(ResponseFormatError);
    }
  });

  test('notifications and server requests go to the listener; a request counts as progress', () => {
    const { event, notifications, requests } = sink();
    event('{"jsonrpc":"2.0","method":"notifications/message","params":{}}');
    expect(event('{"jsonrpc":"2.0","id":"s1","method":"roots/list"}')).toBe('progress');
    expect(notifications).toEqual(['notifications/message']);
    expect(requests).toEqual(['roots/list']);
  });
});

describe('AnswerSink on a resumed stream', () => {
  test('answers under other ids (replayed from other streams) are skipped; ours completes it', () => {
    const s = new AnswerSink(7, { notification: () => undefined, request: () => {} }, true);
    expect(s.event({ type: 'message', data: '{"jsonrpc":"2.0","id":3,"result":{}}', id: 'a' })).toBeUndefined();
    expect(s.event({ type: 'message', data: '{"jsonrpc":"2.0","id":7,"result":{"ok":1}}', id: 'b' })).toBe('done');
  });
});
