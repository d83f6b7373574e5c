import { afterEach, describe, expect, it } from 'vitest';
import { type GatewaySim, startGatewaySim } from '../src/index.js';

let sim: GatewaySim | undefined;
afterEach(async () => {
  await sim?.close();
  sim = undefined;
});

const call = { server: 'postgres-mcp', tool: 'execute_query', parameters: { query: 'SELECT 1', password: 'hunter2' } };

async function invoke(body: unknown, headers: Record<string, string> = { authorization: 'Bearer user-jwt' }) {
  const response = await fetch(`${sim!.url}/api/v1/invoke`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, body: (await response.json()) as any };
}

describe('E4 POST /api/v1/invoke', () => {
  it('runs the tool and answers with a deterministic result that names the tool', async () => {
    sim = await startGatewaySim();
    const first = await invoke(call, { authorization: 'Bearer t', 'x-request-id': 'r-1' });
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      status: 'success',
      result: {
        server: 'postgres-mcp',
        tool: 'execute_query',
        execution: 1,
        parameter_keys: ['password', 'query'],
        value: expect.stringMatching(/^[0-9a-f]{8}$/),
      },
    });
    expect(JSON.stringify(first.body)).not.toContain('hunter2');
    const second = await invoke({ ...call, parameters: { password: 'hunter2', query: 'SELECT 1' } });
    expect(second.body.result.execution).toBe(2);
    expect(second.body.result.value).toBe(first.body.result.value);
    expect((await invoke({ ...call, parameters: { query: 'SELECT 2' } })).body.result.value).not.toBe(
      first.body.result.value,
    );
    expect(sim.executions('postgres-mcp', 'execute_query')).toBe(3);
    expect(sim.executions('postgres-mcp', 'list_tables')).toBe(0);
    expect(sim.invocations[0]).toMatchObject({
      server: 'postgres-mcp',
      tool: 'execute_query',
      parameters: call.parameters,
      requestId: 'r-1',
      executed: true,
      replayed: false,
    });
  });

  it('accepts a missing parameters object as empty', async () => {
    sim = await startGatewaySim();
    const response = await invoke({ server: 'github-mcp', tool: 'list_repos' });
    expect(response.body.result.parameter_keys).toEqual([]);
  });

  it('needs a user token unless told otherwise', async () => {
    sim = await startGatewaySim();
    const variants: Record<string, string>[] = [{}, { authorization: 'Basic abc' }, { authorization: 'Bearer ' }];
    for (const headers of variants) {
      const response = await invoke(call, headers);
      expect(response.status).toBe(401);
      expect(response.body.error.code).toBe('unauthorized');
    }
    expect(sim.executions('postgres-mcp', 'execute_query')).toBe(0);
    await sim.close();
    sim = await startGatewaySim({ requireUserToken: false });
    expect((await invoke(call, {})).status).toBe(200);
  });

  it('checks the API key before anything else', async () => {
    sim = await startGatewaySim({ apiKey: 'k' });
    expect((await invoke(call)).status).toBe(401);
    expect((await invoke(call, { authorization: 'Bearer t', 'x-api-key': 'k' })).status).toBe(200);
  });

  it.each([
    ['not JSON', '{"server":'],
    ['an array', '[]'],
    ['empty', ''],
    ['no server', JSON.stringify({ tool: 't', parameters: {} })],
    ['a numeric tool', JSON.stringify({ server: 'postgres-mcp', tool: 1, parameters: {} })],
    ['array parameters', JSON.stringify({ server: 'postgres-mcp', tool: 'list_tables', parameters: [] })],
  ])('400s a body that is %s', async (_what, body) => {
    sim = await startGatewaySim();
    const response = await invoke(body);
    expect(response.status).toBe(400);
    expect(typeof response.body.detail).toBe('string');
    expect(sim.invocations).toEqual([]);
  });

  it('404s an unknown server or tool without running anything', async () => {
    sim = await startGatewaySim();
    expect((await invoke({ ...call, server: 'ghost' })).status).toBe(404);
    const tool = await invoke({ ...call, tool: 'drop_database' });
    expect(tool.status).toBe(404);
    expect(tool.body.error.code).toBe('not_found');
    expect(sim.invocations).toEqual([]);
  });
});

describe('idempotency', () => {
  it('replays the stored answer for the same key and body without running the tool again', async () => {
    sim = await startGatewaySim();
    const headers = { authorization: 'Bearer t', 'idempotency-key': 'op-1' };
    const first = await invoke(call, headers);
    const again = await invoke(call, headers);
    expect(again.status).toBe(200);
    expect(again.body).toEqual(first.body);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(sim.executions('postgres-mcp', 'execute_query')).toBe(1);
    expect(sim.invocations.map((i) => [i.idempotencyKey, i.executed, i.replayed])).toEqual([
      ['op-1', true, false],
      ['op-1', false, true],
    ]);
    const other = await invoke(call, { ...headers, 'idempotency-key': 'op-2' });
    expect(other.body.result.execution).toBe(2);
  });

  it('409s the same key with another body', async () => {
    sim = await startGatewaySim();
    const headers = { authorization: 'Bearer t', 'idempotency-key': 'op-1' };
    await invoke(call, headers);
    const conflict = await invoke({ ...call, parameters: { query: 'DROP TABLE x' } }, headers);
    expect(conflict.status).toBe(409);
    expect(conflict.body.error.code).toBe('idempotency_conflict');
    expect(sim.executions('postgres-mcp', 'execute_query')).toBe(1);
  });

  it('does not remember failed invokes, and forgets the oldest keys past its bound', async () => {
    sim = await startGatewaySim({ maxIdempotencyKeys: 2 });
    const key = (k: string) => ({ authorization: 'Bearer t', 'idempotency-key': k });
    expect((await invoke({ ...call, tool: 'nope' }, key('a'))).status).toBe(404);
    expect((await invoke(call, key('a'))).status).toBe(200);
    await invoke(call, key('b'));
    await invoke(call, key('c'));
    await invoke(call, key('a'));
    expect(sim.executions('postgres-mcp', 'execute_query')).toBe(4);
    await invoke(call, key('c'));
    expect(sim.executions('postgres-mcp', 'execute_query')).toBe(4);
  });

  it('400s an over-long key', async () => {
    sim = await startGatewaySim();
    expect((await invoke(call, { authorization: 'Bearer t', 'idempotency-key': 'x'.repeat(256) })).status).toBe(400);
  });

  it('is cleared by reset', async () => {
    sim = await startGatewaySim();
    const headers = { authorization: 'Bearer t', 'idempotency-key': 'op-1' };
    await invoke(call, headers);
    sim.reset();
    expect(sim.executions('postgres-mcp', 'execute_query')).toBe(0);
    expect((await invoke(call, headers)).headers.get('idempotent-replayed')).toBeNull();
    expect(sim.executions('postgres-mcp', 'execute_query')).toBe(1);
  });
});
