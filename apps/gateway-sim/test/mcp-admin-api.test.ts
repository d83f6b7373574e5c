import { afterEach, describe, expect, it } from 'vitest';
import { type GatewaySim, startGatewaySim } from '../src/index.js';
import { modern, openSession, post, postModern, rpc } from './mcp-wire.js';

let sim: GatewaySim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

async function admin(method: 'GET' | 'POST', action: string, body?: unknown) {
  const response = await fetch(`${sim!.url}/__admin/mcp/${action}`, {
    method,
    headers: { 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: response.status, body: (await response.json()) as any };
}

describe('MCP admin API (/__admin/mcp/*)', () => {
  it('scripts faults and reads counts, calls and executions', async () => {
    sim = await startGatewaySim();
    expect(await admin('POST', 'script', { target: 'tools/call', steps: [{ status: 503 }] })).toEqual({
      status: 200,
      body: { ok: true },
    });
    const call = modern('tools/call', { name: 'echo', arguments: { message: 'a' } });
    expect((await postModern(sim.mcp.url, call)).status).toBe(503);
    expect(
      (await postModern(sim.mcp.url, modern('tools/call', { name: 'echo', arguments: { message: 'b' } }))).status,
    ).toBe(200);
    expect((await admin('GET', 'counts')).body).toEqual({ total: 2, 'tools/call': 2 });
    expect((await admin('GET', 'calls')).body.map((c: { outcome: string }) => c.outcome)).toEqual([
      'not-run',
      'completed',
    ]);
    expect((await admin('GET', 'executions?tool=echo')).body).toEqual({ executions: 1 });
    expect((await admin('GET', 'requests')).body).toHaveLength(2);
    expect(sim.counts.total).toBe(0);
  });

  it('switches knobs, forgets sessions, sends list_changed and resets', async () => {
    sim = await startGatewaySim();
    expect((await admin('POST', 'eras', { eras: 'legacy' })).status).toBe(200);
    expect((await postModern(sim.mcp.url, modern('ping'))).status).toBe(400);
    expect((await admin('POST', 'eras', { eras: 'both' })).status).toBe(200);
    expect((await admin('POST', 'page-size', { pageSize: 7 })).status).toBe(200);
    expect((await postModern(sim.mcp.url, modern('tools/list'))).messages[0].result.tools).toHaveLength(7);
    expect((await admin('POST', 'tools', { count: 0 })).status).toBe(200);
    expect((await admin('POST', 'answers', { answers: 'sse' })).status).toBe(200);
    const session = await openSession(sim.mcp.url);
    const answer = await post(sim.mcp.url, rpc('ping'), session.headers);
    expect(answer.headers.get('content-type')).toBe('text/event-stream');
    expect((await admin('GET', 'sessions')).body).toEqual({ sessionIds: [session.id] });
    expect((await admin('POST', 'list-changed', { kind: 'tools' })).body).toEqual({ sent: 0 });
    expect((await admin('POST', 'forget-sessions')).status).toBe(200);
    expect((await post(sim.mcp.url, rpc('ping'), session.headers)).status).toBe(404);
    expect((await admin('POST', 'reset')).status).toBe(200);
    expect((await admin('GET', 'counts')).body).toEqual({ total: 0 });
  });

  it('refuses bad input with 400, unknown actions with 404 and wrong methods with 405', async () => {
    sim = await startGatewaySim();
    expect((await admin('POST', 'script', { target: 'tools/call', steps: [{ fault: 'nope' }] })).status).toBe(400);
    expect((await admin('POST', 'script', { steps: [] })).status).toBe(400);
    expect((await admin('POST', 'eras', { eras: 'modern' })).status).toBe(400);
    expect((await admin('POST', 'page-size', { pageSize: 0 })).status).toBe(400);
    expect((await admin('POST', 'list-changed', { kind: 'everything' })).status).toBe(400);
    expect((await admin('POST', 'nothing')).status).toBe(404);
    expect((await admin('POST', 'counts')).status).toBe(405);
    expect((await admin('GET', 'reset')).status).toBe(405);
  });
});
