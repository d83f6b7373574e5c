import { afterEach, describe, expect, it } from 'vitest';
import { type GatewaySim, startGatewaySim } from '../src/index.js';
import { modern, openSession, post, postModern, rpc } from './mcp-wire.js';

let sim: GatewaySim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

describe('which eras the endpoint serves', () => {
  it('serves both eras on one endpoint by default', async () => {
    sim = await startGatewaySim();
    const session = await openSession(sim.mcp.url);
    expect(
      (await post(sim.mcp.url, rpc('tools/call', { name: 'echo', arguments: { message: 'old' } }), session.headers))
        .messages[0].result.content[0].text,
    ).toBe('old');
    expect(
      (await postModern(sim.mcp.url, modern('tools/call', { name: 'echo', arguments: { message: 'new' } }))).messages[0]
        .result.content[0].text,
    ).toBe('new');
    expect(sim.mcp.calls.map((c) => c.era)).toEqual(['legacy', 'stateless']);
  });

  it('legacy only: a 2026-07-28 request gets no modern error, so a dual-era client falls back', async () => {
    sim = await startGatewaySim({ mcp: { eras: 'legacy' } });
    const answer = await postModern(sim.mcp.url, modern('tools/list'));
    expect(answer.status).toBe(400);
    expect(answer.messages[0].error.code).toBe(-32000);
    expect((await openSession(sim.mcp.url)).id).toMatch(/-/);
  });

  it('stateless only: initialize gets -32022 naming 2026-07-28, GET and DELETE get 405, session ids are ignored', async () => {
    sim = await startGatewaySim({ mcp: { eras: 'stateless' } });
    const init = await post(
      sim.mcp.url,
      rpc('initialize', { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 't', version: '1' } }),
    );
    expect(init.status).toBe(400);
    expect(init.messages[0].error).toMatchObject({
      code: -32022,
      data: { supported: ['2026-07-28'], requested: '2025-11-25' },
    });
    expect((await fetch(sim.mcp.url, { headers: { accept: 'text/event-stream' } })).status).toBe(405);
    expect((await fetch(sim.mcp.url, { method: 'DELETE' })).status).toBe(405);
    const withSession = await postModern(sim.mcp.url, modern('ping'), { 'mcp-session-id': 'stale' });
    expect(withSession.status).toBe(200);
    expect(withSession.headers.get('mcp-session-id')).toBeNull();
    const legacyRequest = await post(sim.mcp.url, rpc('ping'), {
      'mcp-session-id': 's',
      'mcp-protocol-version': '2025-11-25',
    });
    expect(legacyRequest.messages[0].error.code).toBe(-32022);
  });

  it('switches eras at run time', async () => {
    sim = await startGatewaySim();
    sim.mcp.setEras('legacy');
    expect((await postModern(sim.mcp.url, modern('ping'))).status).toBe(400);
    sim.mcp.setEras('both');
    expect((await postModern(sim.mcp.url, modern('ping'))).status).toBe(200);
    expect(() => sim!.mcp.setEras('modern' as never)).toThrow(TypeError);
  });

  it('refuses a non-loopback Origin with 403 in both eras, and accepts a loopback one', async () => {
    sim = await startGatewaySim();
    const evil = await postModern(sim.mcp.url, modern('ping'), { origin: 'https://evil.example' });
    expect(evil.status).toBe(403);
    expect(evil.messages[0]).toMatchObject({ id: null, error: { code: -32000 } });
    const init = await post(sim.mcp.url, rpc('initialize', { protocolVersion: '2025-11-25', capabilities: {} }), {
      origin: 'http://evil.example:80',
    });
    expect(init.status).toBe(403);
    expect(sim.mcp.sessionIds).toEqual([]);
    expect((await postModern(sim.mcp.url, modern('ping'), { origin: 'http://localhost:3000' })).status).toBe(200);
  });

  it('needs the API key when asked to (requireApiKey), and not otherwise', async () => {
    sim = await startGatewaySim({ apiKey: 'k', mcp: { requireApiKey: true } });
    const without = await postModern(sim.mcp.url, modern('ping'));
    expect(without.status).toBe(401);
    expect(without.messages[0]).toMatchObject({ id: null, error: { code: -32000 } });
    expect((await postModern(sim.mcp.url, modern('ping'), { 'x-api-key': 'k' })).status).toBe(200);
    await sim.close();
    sim = await startGatewaySim({ apiKey: 'k' });
    expect((await postModern(sim.mcp.url, modern('ping'))).status).toBe(200);
  });

  it('refuses a body over maxRequestBodyBytes with 413 and never runs the tool', async () => {
    sim = await startGatewaySim({ maxRequestBodyBytes: 1024 });
    const big = modern('tools/call', { name: 'echo', arguments: { message: 'x'.repeat(4096) } });
    expect((await postModern(sim.mcp.url, big)).status).toBe(413);
    expect(sim.mcp.executions('echo')).toBe(0);
  });

  it('keeps the REST routes working beside /mcp', async () => {
    sim = await startGatewaySim();
    expect((await fetch(`${sim.url}/health`)).status).toBe(200);
    expect((await fetch(`${sim.url}/mcp/other`)).status).toBe(404);
  });
});
