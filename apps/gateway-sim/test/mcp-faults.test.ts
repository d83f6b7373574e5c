import { afterEach, describe, expect, it } from 'vitest';
import { type GatewaySim, startGatewaySim } from '../src/index.js';
import {
  accept,
  modern,
  openPost,
  openSession,
  parseSse,
  post,
  postModern,
  read,
  rpc,
  streamMessages,
} from './mcp-wire.js';

let sim: GatewaySim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

/** Reads a stream until it ends or breaks; a cut connection is an error after the events that arrived. */
async function readUntilCut(response: Response): Promise<{ messages: any[]; broken: boolean }> {
  const messages: any[] = [];
  try {
    for await (const message of streamMessages(response)) messages.push(message);
    return { messages, broken: false };
  } catch {
    return { messages, broken: true };
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

const echo = (id: string | number = 'e1') => rpc('tools/call', { name: 'echo', arguments: { message: 'hi' } }, id);

describe('faults that replace the answer (no tool runs)', () => {
  it('answers scripted statuses: 503, 429 with Retry-After, then behaves normally', async () => {
    sim = await startGatewaySim();
    const session = await openSession(sim.mcp.url);
    sim.mcp.script('tools/call', [{ status: 503 }, { status: 429, headers: { 'Retry-After': '2' } }]);
    expect(sim.mcp.pendingSteps('tools/call')).toBe(2);
    const unavailable = await post(sim.mcp.url, echo(1), session.headers);
    expect(unavailable.status).toBe(503);
    expect(unavailable.messages[0]).toMatchObject({ id: 1, error: { code: -32603 } });
    const limited = await post(sim.mcp.url, echo(2), session.headers);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    expect((await post(sim.mcp.url, echo(3), session.headers)).messages[0].result.content[0].text).toBe('hi');
    expect(sim.mcp.executions('echo')).toBe(1);
    expect(sim.mcp.calls.map((c) => c.outcome)).toEqual(['not-run', 'not-run', 'completed']);
  });

  it('answers a scripted JSON-RPC error with the request id', async () => {
    sim = await startGatewaySim();
    sim.mcp.script('*', [{ rpcError: { code: -32603, message: 'boom', data: { x: 1 } } }]);
    const answer = await postModern(sim.mcp.url, modern('tools/list', {}, {}, 'L'));
    expect(answer.status).toBe(200);
    expect(answer.messages[0]).toEqual({
      jsonrpc: '2.0',
      id: 'L',
      error: { code: -32603, message: 'boom', data: { x: 1 } },
    });
  });

  it('hangs until the client gives up', async () => {
    sim = await startGatewaySim();
    const session = await openSession(sim.mcp.url);
    sim.mcp.script('tools/call', [{ fault: 'hang' }]);
    const controller = new AbortController();
    const pending = openPost(sim.mcp.url, echo(), session.headers, controller.signal);
    await expect.poll(() => sim!.mcp.counts['tools/call'], { timeout: 10_000 }).toBe(1);
    controller.abort();
    await expect(pending).rejects.toThrow();
    expect(sim.mcp.executions('echo')).toBe(0);
  });

  it('resets the connection', async () => {
    sim = await startGatewaySim();
    const session = await openSession(sim.mcp.url);
    sim.mcp.script('tools/call', [{ fault: 'reset' }]);
    await expect(post(sim.mcp.url, echo(), session.headers)).rejects.toThrow();
  });

  it('sends malformed JSON and garbage SSE', async () => {
    sim = await startGatewaySim();
    const session = await openSession(sim.mcp.url);
    sim.mcp.script('tools/list', [{ fault: 'malformed-json' }, { fault: 'garbage-sse' }]);
    const broken = await fetch(sim.mcp.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept, ...session.headers },
      body: JSON.stringify(rpc('tools/list')),
    });
    expect(broken.headers.get('content-type')).toBe('application/json');
    await expect(broken.json()).rejects.toThrow(SyntaxError);
    const garbage = await fetch(sim.mcp.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept, ...session.headers },
      body: JSON.stringify(rpc('tools/list')),
    });
    expect(garbage.headers.get('content-type')).toBe('text/event-stream');
    const events = parseSse(await garbage.text());
    expect(events.length).toBeGreaterThan(0);
    expect(events.every((e) => isJson(e.data) === false || e.data === '')).toBe(true);
  });

  it('forgets the session and answers 404, or 400 like SDK servers', async () => {
    sim = await startGatewaySim();
    const first = await openSession(sim.mcp.url);
    const second = await openSession(sim.mcp.url);
    sim.mcp.script('tools/list', [{ fault: 'session-lost' }, { fault: 'session-lost', status: 400 }]);
    expect((await post(sim.mcp.url, rpc('tools/list'), first.headers)).status).toBe(404);
    const sdkStyle = await post(sim.mcp.url, rpc('tools/list'), second.headers);
    expect(sdkStyle.status).toBe(400);
    expect(sdkStyle.messages[0].error.message).toBe('Bad Request: No valid session ID provided');
    expect(sim.mcp.sessionIds).toEqual([]);
    expect((await post(sim.mcp.url, rpc('ping'), first.headers)).status).toBe(404);
  });

  it('refuses bad scripts with a clear error', async () => {
    sim = await startGatewaySim();
    expect(() => sim!.mcp.script('tools/call', [{ fault: 'explode' } as never])).toThrow(/mcp script step 0/);
    expect(() => sim!.mcp.script('tools/call', [{ fault: 'slow-sse' } as never])).toThrow(/eventDelayMs/);
    expect(() => sim!.mcp.script('tools/call', [{ status: 99 }])).toThrow(/status/);
    expect(() => sim!.mcp.script('tools/call', [{ fault: 'session-lost', status: 500 } as never])).toThrow(
      /404 or 400/,
    );
    expect(() => sim!.mcp.script('', [])).toThrow(TypeError);
  });
});

describe('faults that bend how the answer travels (the tool runs once)', () => {
  it('cuts a stream with event ids; GET with Last-Event-ID delivers the rest, the tool ran once', async () => {
    sim = await startGatewaySim();
    const session = await openSession(sim.mcp.url);
    sim.mcp.script('tools/call', [{ fault: 'cut-stream', afterEvents: 2 }]);
    const call = rpc(
      'tools/call',
      { name: 'slow', arguments: { steps: 3, stepMs: 1 }, _meta: { progressToken: 'p' } },
      'cut1',
    );
    const first = await readUntilCut(await openPost(sim.mcp.url, call, session.headers));
    expect(first.broken).toBe(true);
    expect(first.messages.map((m) => m.method ?? m.priming)).toEqual([
      expect.any(String),
      'notifications/message',
      'notifications/progress',
    ]);
    const lastEventId = first.messages.at(-1).eventId as string;
    await expect.poll(() => sim!.mcp.executions('slow'), { timeout: 10_000 }).toBe(1);
    const resumed = await fetch(sim.mcp.url, {
      headers: { ...session.headers, accept: 'text/event-stream', 'last-event-id': lastEventId },
    });
    expect(resumed.status).toBe(200);
    const rest = await readUntilCut(resumed);
    expect(rest.broken).toBe(false);
    expect(rest.messages.map((m) => m.method ?? m.id)).toEqual([
      'notifications/progress',
      'notifications/progress',
      'cut1',
    ]);
    expect(sim.mcp.executions('slow')).toBe(1);
    expect(sim.mcp.counts['tools/call']).toBe(1);
  });

  it('cuts a stream without event ids: nothing to resume, yet the tool has run', async () => {
    sim = await startGatewaySim();
    const session = await openSession(sim.mcp.url);
    sim.mcp.script('tools/call', [{ fault: 'cut-stream', afterEvents: 0, eventIds: false }]);
    const cut = await readUntilCut(await openPost(sim.mcp.url, echo('n1'), session.headers));
    expect(cut.broken).toBe(true);
    expect(cut.messages).toEqual([]);
    expect(sim.mcp.executions('echo')).toBe(1);
    const resume = await fetch(sim.mcp.url, {
      headers: { ...session.headers, accept: 'text/event-stream', 'last-event-id': 's0:0' },
    });
    expect(resume.status).toBe(400);
  });

  it('cuts a stream cleanly (ending: end), as a server closing it to be polled would; the rest resumes', async () => {
    sim = await startGatewaySim();
    const session = await openSession(sim.mcp.url);
    sim.mcp.script('tools/call', [{ fault: 'cut-stream', afterEvents: 0, ending: 'end' }]);
    const first = await readUntilCut(await openPost(sim.mcp.url, echo('clean'), session.headers));
    expect(first.broken).toBe(false);
    expect(first.messages).toEqual([{ priming: expect.any(String) }]);
    const resumed = await fetch(sim.mcp.url, {
      headers: { ...session.headers, accept: 'text/event-stream', 'last-event-id': first.messages[0].priming },
    });
    const rest = await readUntilCut(resumed);
    expect(rest.messages.map((m) => m.id)).toEqual(['clean']);
    expect(() => sim!.mcp.script('tools/call', [{ fault: 'cut-stream', ending: 'later' } as never])).toThrow(/ending/);
  });

  it('cuts a 2026-07-28 stream: no ids, the request is lost', async () => {
    sim = await startGatewaySim();
    sim.mcp.script('tools/call', [{ fault: 'cut-stream', afterEvents: 0 }]);
    const request = modern('tools/call', { name: 'echo', arguments: { message: 'x' } });
    const cut = await readUntilCut(await openPost(sim.mcp.url, request.body, request.headers));
    expect(cut).toEqual({ messages: [], broken: true });
    expect(sim.mcp.executions('echo')).toBe(1);
  });

  it('slows every event of an SSE answer but delivers it intact', async () => {
    sim = await startGatewaySim();
    sim.mcp.script('tools/call', [{ fault: 'slow-sse', eventDelayMs: 5 }]);
    const answer = await postModern(sim.mcp.url, modern('tools/call', { name: 'add', arguments: { a: 1, b: 1 } }));
    expect(answer.headers.get('content-type')).toBe('text/event-stream');
    expect(answer.messages.at(-1).result.structuredContent).toEqual({ sum: 2 });
  });

  it('sends one huge event before the answer', async () => {
    sim = await startGatewaySim();
    const session = await openSession(sim.mcp.url);
    sim.mcp.script('tools/list', [{ fault: 'huge-event', bytes: 3_000_000 }]);
    const answer = await post(sim.mcp.url, rpc('tools/list', undefined, 'h'), session.headers);
    const huge = answer.events.find((e) => e.data.length > 1_000_000)!;
    expect(`event: message\ndata: ${huge.data}\n\n`.length).toBe(3_000_000);
    expect(JSON.parse(huge.data).method).toBe('notifications/message');
    expect(answer.messages.at(-1).id).toBe('h');
  });

  it('sends the answer twice, or under an unknown id, or with the wrong id', async () => {
    sim = await startGatewaySim();
    const session = await openSession(sim.mcp.url);
    sim.mcp.script('tools/call', [{ fault: 'duplicate-answer' }, { fault: 'unknown-id' }, { fault: 'wrong-id' }]);
    const twice = await post(sim.mcp.url, echo('d'), session.headers);
    expect(twice.messages.filter((m) => m.id === 'd')).toHaveLength(2);
    const stray = await post(sim.mcp.url, echo('u'), session.headers);
    expect(stray.messages.map((m) => m.id)).toEqual(['sim-unknown-u']);
    const wrong = await post(sim.mcp.url, echo(7), session.headers);
    expect(wrong.headers.get('content-type')).toBe('application/json');
    expect(wrong.messages[0].id).toBe(1007);
    expect(sim.mcp.executions('echo')).toBe(3);
  });

  it('answers a listing with the cursor it was given, a loop a client must stop', async () => {
    sim = await startGatewaySim();
    sim.mcp.script('tools/list', [{ fault: 'repeat-cursor' }, { fault: 'repeat-cursor' }]);
    const first = await postModern(sim.mcp.url, modern('tools/list'));
    expect(first.messages[0].result.nextCursor).toBe('sim-loop');
    const second = await postModern(sim.mcp.url, modern('tools/list', { cursor: 'sim-loop' }));
    expect(second.messages[0].result.nextCursor).toBe('sim-loop');
    expect(second.messages[0].result.tools[0].name).toBe('echo');
    const normal = await postModern(sim.mcp.url, modern('tools/list', { cursor: 'sim-loop' }));
    expect(normal.messages[0].error.code).toBe(-32602);
  });

  it('delays an answer with pass', async () => {
    sim = await startGatewaySim();
    sim.mcp.script('ping', [{ fault: 'pass', delayMs: 5 }]);
    const answer = await postModern(sim.mcp.url, modern('ping'));
    expect(answer.messages[0].result.resultType).toBe('complete');
    expect(sim.mcp.pendingSteps('ping')).toBe(0);
  });

  it('scripts the GET stream and DELETE too', async () => {
    sim = await startGatewaySim();
    const session = await openSession(sim.mcp.url);
    sim.mcp.script('GET', [{ fault: 'cut-stream', afterEvents: 0 }]);
    sim.mcp.script('DELETE', [{ status: 405 }]);
    const stream = await fetch(sim.mcp.url, { headers: { ...session.headers, accept: 'text/event-stream' } });
    const cut = await readUntilCut(stream);
    expect(cut.broken).toBe(true);
    expect(cut.messages).toEqual([{ priming: expect.any(String) }]);
    expect((await fetch(sim.mcp.url, { method: 'DELETE', headers: session.headers })).status).toBe(405);
    expect(sim.mcp.sessionIds).toEqual([session.id]);
  });
});

describe('closing', () => {
  it('ends hanging requests, running calls and open streams on close', async () => {
    sim = await startGatewaySim();
    const session = await openSession(sim.mcp.url);
    sim.mcp.script('ping', [{ fault: 'hang' }]);
    const hanging = post(sim.mcp.url, rpc('ping'), session.headers).catch((e: unknown) => e);
    const slow = openPost(
      sim.mcp.url,
      rpc('tools/call', { name: 'slow', arguments: { steps: 1000, stepMs: 50 } }),
      session.headers,
    ).then((r) => read(r).catch((e: unknown) => e));
    await expect.poll(() => sim!.mcp.counts.total, { timeout: 10_000 }).toBe(4);
    await sim.close();
    expect(await hanging).toBeInstanceOf(Error);
    await slow;
    expect(sim.mcp.executions('slow')).toBe(0);
    sim = undefined;
  });
});
