import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import {
  buildRequest,
  createTransport,
  type EventStreamEnd,
  type EventStreamRequest,
  type GatewayRequest,
  HttpError,
  ResponseFormatError,
  ResponseTooLargeError,
  type ServerSentEvent,
  TimeoutError,
  type Transport,
} from '../src/index.js';

type Route = (req: IncomingMessage, res: ServerResponse) => void;
let route: Route = (_req, res) => res.end();
let server: Server;
let origin: string;
const transports: Transport[] = [];

beforeAll(async () => {
  server = createServer((req, res) => route(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterEach(async () => {
  await Promise.all(transports.splice(0).map((t) => t.destroy()));
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function transport(options: Parameters<typeof createTransport>[0] = {}): Transport {
  const t = createTransport(options);
  transports.push(t);
  return t;
}

/** A sink that collects events and says done on the event whose data is `done`. */
function collecting(limits?: EventStreamRequest['limits']) {
  const seen: ServerSentEvent[] = [];
  let opened = 0;
  const eventStream: EventStreamRequest = {
    limits,
    open: () => {
      opened++;
      return {
        event: (e) => {
          if (e.data === 'garbage') throw new ResponseFormatError('garbage on the stream');
          seen.push(e);
          if (e.data === 'done') return 'done';
          return e.data === 'progress' ? 'progress' : undefined;
        },
        end: (end: EventStreamEnd) => ({ end, data: seen.map((s) => s.data) }),
      };
    },
  };
  return { eventStream, seen, opened: () => opened };
}

function req(fields: Partial<GatewayRequest>): GatewayRequest {
  return buildRequest({ origin, path: '/mcp', method: 'POST', operation: 'tools/call', body: {}, ...fields });
}

function sse(res: ServerResponse, body: string, end = true): void {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  res.write(body);
  if (end) res.end();
}

describe('transport: event-stream answers', () => {
  test('streams events to the sink; the sink body becomes the response body', async () => {
    route = (_req, res) => sse(res, 'retry: 250\nid: e1\ndata: a\n\n: ping\n\nid: e2\ndata: b\n\n');
    const { eventStream } = collecting();
    const response = await transport()(req({ eventStream }));
    expect(response.streamed).toBe(true);
    expect(response.body).toEqual({
      end: { complete: false, broken: false, lastEventId: 'e2', retryMs: 250, events: 2 },
      data: ['a', 'b'],
    });
  });

  test('done stops reading a stream the server keeps open', async () => {
    route = (_req, res) => sse(res, 'data: progress\n\ndata: done\n\n', false);
    const { eventStream } = collecting();
    const response = await transport()(req({ eventStream }));
    expect((response.body as { end: EventStreamEnd }).end.complete).toBe(true);
  });

  test('events after done in the same chunk never reach the sink, so the outcome does not depend on chunking', async () => {
    route = (_req, res) => sse(res, 'data: a\n\ndata: done\n\ndata: garbage\n\ndata: done\n\n');
    const { eventStream, seen } = collecting();
    const response = await transport()(req({ eventStream }));
    expect((response.body as { end: EventStreamEnd }).end).toMatchObject({ complete: true, events: 2 });
    expect(seen.map((e) => e.data)).toEqual(['a', 'done']);
  });

  test('an empty 2xx body is no body for a DELETE and a 204, and still a ResponseFormatError for a POST', async () => {
    route = (_req, res) => {
      res.writeHead(_req.method === 'PUT' ? 204 : 200);
      res.end();
    };
    expect((await transport()(req({ method: 'DELETE', body: undefined }))).body).toBeUndefined();
    expect((await transport()(req({ method: 'PUT', body: undefined }))).body).toBeUndefined();
    await expect(transport()(req({}))).rejects.toBeInstanceOf(ResponseFormatError);
  });

  test('a connection cut mid-stream ends the stream as broken, with the last event id, not as an error', async () => {
    route = (_req, res) => {
      sse(res, 'id: 41\ndata: a\n\n', false);
      setTimeout(() => res.socket?.destroy(), 20);
    };
    const response = await transport()(req({ eventStream: collecting().eventStream }));
    expect((response.body as { end: EventStreamEnd }).end).toMatchObject({
      complete: false,
      broken: true,
      lastEventId: '41',
    });
  });

  test('a JSON answer to a request that allows a stream is parsed as JSON', async () => {
    route = (_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"ok":1}');
    };
    const { eventStream, opened } = collecting();
    const response = await transport()(req({ eventStream }));
    expect(response.body).toEqual({ ok: 1 });
    expect(response.streamed).toBeUndefined();
    expect(opened()).toBe(0);
  });

  test('without eventStream, an event-stream answer is not read as events (invalid JSON)', async () => {
    route = (_req, res) => sse(res, 'data: a\n\n');
    await expect(transport()(req({}))).rejects.toBeInstanceOf(ResponseFormatError);
  });

  test('a throw from the sink ends the answer with that error', async () => {
    route = (_req, res) => sse(res, 'data: garbage\n\n', false);
    await expect(transport()(req({ eventStream: collecting().eventStream }))).rejects.toThrow('garbage');
  });

  test('more events than maxEvents: ResponseTooLargeError', async () => {
    route = (_req, res) => sse(res, 'data: x\n\n'.repeat(20), false);
    const error = await transport()(req({ eventStream: collecting({ maxEvents: 5 }).eventStream })).catch((e) => e);
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error.limit).toBe('eventStream.maxEvents');
  });

  test('more bytes than maxTotalBytes, and a line past maxLineBytes: ResponseTooLargeError', async () => {
    route = (_req, res) => sse(res, ': pad\n'.repeat(100), false);
    const total = await transport()(req({ eventStream: collecting({ maxTotalBytes: 64 }).eventStream })).catch(
      (e) => e,
    );
    expect(total.limit).toBe('eventStream.maxTotalBytes');
    route = (_req, res) => sse(res, `data: ${'x'.repeat(500)}`, false);
    const line = await transport()(req({ eventStream: collecting({ maxLineBytes: 100 }).eventStream })).catch((e) => e);
    expect(line.limit).toBe('eventStream.maxLineBytes');
  });

  test('no event within idleMs: TimeoutError phase stream-idle, even while comments keep arriving', async () => {
    let timer: NodeJS.Timeout | undefined;
    route = (_req, res) => {
      sse(res, ': hello\n\n', false);
      timer = setInterval(() => res.write(': ping\n\n'), 10);
      res.on('close', () => clearInterval(timer));
    };
    const error = await transport()(req({ eventStream: collecting({ idleMs: 100 }).eventStream })).catch((e) => e);
    clearInterval(timer);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.phase).toBe('stream-idle');
  });

  test('progress events restart the attempt timeout; silence still ends the attempt', async () => {
    let count = 0;
    let timer: NodeJS.Timeout | undefined;
    route = (_req, res) => {
      sse(res, '', false);
      timer = setInterval(() => {
        count++;
        res.write(count < 40 ? 'data: progress\n\n' : 'data: done\n\n');
        if (count >= 40) clearInterval(timer);
      }, 20);
      res.on('close', () => clearInterval(timer));
    };
    // 40 events 20 ms apart (800 ms) outlast an attempt timeout of 500 ms only because each progress restarts it.
    const response = await transport({ attemptTimeoutMs: 500 })(req({ eventStream: collecting().eventStream }));
    expect((response.body as { data: string[] }).data.at(-1)).toBe('done');

    route = (_req, res) => sse(res, 'data: quiet\n\n', false);
    const error = await transport({ attemptTimeoutMs: 100 })(req({ eventStream: collecting().eventStream })).catch(
      (e) => e,
    );
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.phase).toBe('attempt');
  });

  test('keepErrorBody keeps the JSON of a 400 on the HttpError, out of toJSON', async () => {
    route = (_req, res) => {
      res.writeHead(400, { 'content-type': 'application/json' });
      res.end('{"jsonrpc":"2.0","id":1,"error":{"code":-32022,"message":"Unsupported protocol version"}}');
    };
    const error = await transport()(req({ keepErrorBody: true })).catch((e) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error.body.error.code).toBe(-32022);
    expect(JSON.stringify(error)).not.toContain('-32022');
    const plain = await transport()(req({})).catch((e) => e);
    expect(plain.body).toBeUndefined();
  });

  test('a 202 with no body is a response with an undefined body', async () => {
    route = (_req, res) => {
      res.writeHead(202);
      res.end();
    };
    const response = await transport()(req({}));
    expect(response.status).toBe(202);
    expect(response.body).toBeUndefined();
  });
});
