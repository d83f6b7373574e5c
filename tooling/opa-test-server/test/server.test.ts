import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OpaTestServer, startOpaTestServer } from '../src/index.js';

async function post(url: string, body: string) {
  const response = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('scripted mode', () => {
  let opa: OpaTestServer;
  beforeAll(async () => {
    opa = await startOpaTestServer({ port: 0, decide: (input) => ({ allow: true, echo: input }) });
  });
  afterAll(() => opa.close());

  it('answers {"result": ...}, logs the input and counts calls', async () => {
    const answer = await post(`${opa.url}/v1/data/mcp/gateway/decision`, '{"input": {"a": 1}}');
    expect(answer).toEqual({ status: 200, body: { result: { allow: true, echo: { a: 1 } } } });
    expect(opa.calls).toBe(1);
    expect(opa.inputs).toEqual([{ a: 1 }]);
    expect(opa.paths).toEqual(['mcp/gateway/decision']);
  });

  it('plays scripted steps in order, then answers normally', async () => {
    opa.script([{ status: 500, body: { code: 'internal_error', message: 'x' } }, { undefined: true }, { result: 7 }]);
    const url = `${opa.url}/v1/data/p`;
    expect(await post(url, '{}')).toEqual({ status: 500, body: { code: 'internal_error', message: 'x' } });
    expect(await post(url, '{}')).toEqual({ status: 200, body: {} });
    expect(await post(url, '{}')).toEqual({ status: 200, body: { result: 7 } });
    expect((await post(url, '{}')).body.result).toEqual({ allow: true });
  });

  it('answers {} when decide returns undefined, and 400 for malformed input', async () => {
    opa.setDecide(() => undefined);
    expect(await post(`${opa.url}/v1/data/p`, '{"input": 1}')).toEqual({ status: 200, body: {} });
    const bad = await post(`${opa.url}/v1/data/p`, '{"input": ');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('invalid_parameter');
  });

  it('serves GET /health and resets a connection on request', async () => {
    expect((await fetch(`${opa.url}/health`)).status).toBe(200);
    opa.script([{ fault: 'reset' }]);
    await expect(post(`${opa.url}/v1/data/p`, '{}')).rejects.toThrow();
  });
});

describe('rego mode over HTTP', () => {
  let opa: OpaTestServer;
  const policy = readFileSync(new URL('../../../docs/policy/mcp_gateway.rego', import.meta.url), 'utf8');
  beforeAll(async () => {
    opa = await startOpaTestServer({ port: 0, mode: 'rego', policy });
  }, 120_000);
  afterAll(() => opa.close());

  it('evaluates the policy for a POSTed input', async () => {
    const input = {
      user: { id: 'u1', roles: ['analyst'] },
      server: { name: 's', sensitivity_level: 'low' },
      tool: { name: 't', sensitivity_level: 'low', parameters: { token: 'x', q: 1 } },
      context: { timestamp: 1764000000, request_id: 'r' },
    };
    const answer = await post(`${opa.url}/v1/data/mcp/gateway/decision`, JSON.stringify({ input }));
    expect(answer.status).toBe(200);
    expect(answer.body.result).toMatchObject({ allow: true, filtered_parameters: { q: 1 }, cache_ttl: 300 });
    expect(await post(`${opa.url}/v1/data/mcp/gateway/nothing`, JSON.stringify({ input }))).toEqual({
      status: 200,
      body: {},
    });
  });

  it('refuses a policy that does not compile', async () => {
    await expect(startOpaTestServer({ port: 0, mode: 'rego', policy: 'package x\nallow if {' })).rejects.toThrow(
      /does not compile/,
    );
  });
});
