import { type AddressInfo, createServer } from 'node:net';
import {
  AuthorizationDeniedError,
  AuthorizationUnavailableError,
  buildRequest,
  compose,
  createTransport,
  GatewayClient,
  type GatewayRequest,
  InvalidRequestError,
  type Transport,
} from '@mcpgw/core';
import { type GatewaySim, startGatewaySim } from '@mcpgw/gateway-sim';
import { type OpaTestServer, startOpaTestServer } from '@mcpgw/opa-test-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type AuthorizeMiddleware, authorize, canonicalJson, DecisionCache } from '../src/index.js';

// Issue 12, OPA half: each test failed before its fix.

let sim: GatewaySim;
let opa: OpaTestServer;
const open: Array<{ close(): Promise<void> }> = [];

beforeAll(async () => {
  sim = await startGatewaySim({ port: 0, requireUserToken: false });
  opa = await startOpaTestServer({ port: 0, mode: 'scripted' });
});
afterAll(async () => {
  await sim.close();
  await opa.close();
});
afterEach(async () => {
  for (const item of open.splice(0)) await item.close();
  sim.reset();
  opa.reset();
  opa.setDecide(() => ({ allow: true }));
});

function clientWithOpa(): { client: GatewayClient; authz: AuthorizeMiddleware } {
  const authz = authorize({ url: opa.url, timeoutMs: 2_000 });
  const transport: Transport = createTransport();
  open.push(authz, transport);
  return { client: new GatewayClient({ baseUrl: sim.url, handler: compose(authz)(transport) }), authz };
}

const user = { id: 'u-1', roles: ['dev'] };
const target = { server: 'postgres-mcp', tool: 'execute_query' };
type Input = { parameters: Record<string, unknown> };

function nested(depth: number): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  let node = root;
  for (let i = 0; i < depth; i++) {
    const child: Record<string, unknown> = {};
    node.a = child;
    node = child;
  }
  return root;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('issue 12 #2: the decision cache decides only for values it saw', () => {
  it('a URL object is keyed by its JSON text: an allowed https://ok.example never allows evil.example', async () => {
    opa.setDecide((input) => {
      const url = (input as Input).parameters.url;
      return { allow: typeof url === 'string' && url.startsWith('https://ok.example/') };
    });
    const { client, authz } = clientWithOpa();
    await client.invokeTool({ ...target, user, parameters: { url: new URL('https://ok.example/a') } });
    const denied = await rejection(
      client.invokeTool({ ...target, user, parameters: { url: new URL('https://evil.example/steal') } }),
    );
    expect(denied).toBeInstanceOf(AuthorizationDeniedError);
    expect(opa.calls).toBe(2);
    expect(authz.stats().cache?.hits).toBe(0);
    expect(sim.invocations.map((i) => i.parameters.url)).toEqual(['https://ok.example/a']);
    // The same URL again is a hit: the key is the serialised form, not the object.
    await client.invokeTool({ ...target, user, parameters: { url: new URL('https://ok.example/a') } });
    expect(opa.calls).toBe(2);
  });

  it('canonicalJson reads values as JSON.stringify does (toJSON, Dates, undefined, non-finite numbers)', () => {
    const value = { b: new URL('https://x.example/p'), a: [undefined, Number.NaN, new Date(0)], c: undefined };
    expect(canonicalJson(value)).toBe('{"a":[null,null,"1970-01-01T00:00:00.000Z"],"b":"https://x.example/p"}');
    expect(DecisionCache.key('u', { p: new URL('https://a.example') })).not.toBe(
      DecisionCache.key('u', { p: new URL('https://b.example') }),
    );
  });
});

describe('issue 12 #3: what OPA decided is what is sent', () => {
  it('a caller changing its parameters during the OPA round trip does not change what reaches the gateway', async () => {
    const parameters: Record<string, unknown> = { path: '/ok' };
    opa.setDecide((input) => {
      const decided = (input as Input).parameters.path;
      parameters.path = '/etc/shadow'; // the caller's object changes while OPA decides
      return { allow: decided === '/ok' };
    });
    const { client } = clientWithOpa();
    await client.invokeTool({ ...target, user, parameters });
    expect((opa.inputs[0] as Input).parameters.path).toBe('/ok');
    expect(sim.invocations.map((i) => i.parameters.path)).toEqual(['/ok']);
  });

  it('a hand-built request with a plain body is serialised once by the layer: the decided copy is sent', async () => {
    const parameters: Record<string, unknown> = { path: '/ok' };
    opa.setDecide((input) => {
      parameters.path = '/etc/shadow';
      return { allow: (input as Input).parameters.path === '/ok' };
    });
    const authz = authorize({ url: opa.url, timeoutMs: 2_000 });
    open.push(authz);
    let sent: unknown;
    const handler = authz(async (request) => {
      sent = request.body?.json;
      return { status: 200, headers: {}, body: {}, attempts: 1, cache: undefined };
    });
    const request = {
      ...buildRequest({ origin: sim.url, path: '/api/v1/invoke', method: 'POST', operation: 'invokeTool' }),
      authorize: true,
      principal: user,
      body: { ...target, parameters },
    } as unknown as GatewayRequest;
    await handler(request);
    expect(JSON.parse(sent as string).parameters).toEqual({ path: '/ok' });
  });
});

describe('issue 12 #5 (OPA half): deep nesting is an InvalidRequestError, never a RangeError', () => {
  it('canonicalJson and DecisionCache.key on parameters nested 3,000 deep', () => {
    expect(() => canonicalJson(nested(3_000))).toThrow(InvalidRequestError);
    expect(() => DecisionCache.key('u', { parameters: nested(3_000) })).toThrow(InvalidRequestError);
    expect(() => canonicalJson(nested(200_000))).toThrow(InvalidRequestError);
  });

  it('through the client and the layer: refused before OPA or the gateway is asked', async () => {
    const { client } = clientWithOpa();
    const error = await rejection(client.invokeTool({ ...target, user, parameters: nested(3_000) }));
    expect(error).toBeInstanceOf(InvalidRequestError);
    const authz = authorize({ url: opa.url, timeoutMs: 2_000 });
    open.push(authz);
    const handMade = {
      ...buildRequest({ origin: sim.url, path: '/api/v1/invoke', method: 'POST', operation: 'invokeTool' }),
      authorize: true,
      principal: user,
      body: { ...target, parameters: nested(3_000) },
    } as unknown as GatewayRequest;
    await expect(authz(() => Promise.reject(new Error('not reached')))(handMade)).rejects.toBeInstanceOf(
      InvalidRequestError,
    );
    expect(opa.calls).toBe(0);
    expect(sim.counts.total).toBe(0);
  });
});

describe('issue 12 (OPA half): an OPA that answers with something that is not HTTP', () => {
  it('is refused as bad-response (fail closed), not as unreachable', async () => {
    const peer = createServer((socket) => socket.once('data', () => socket.end('SSH-2.0-OpenSSH_9.6\r\n')));
    await new Promise<void>((resolve) => peer.listen(0, '127.0.0.1', resolve));
    open.push({ close: () => new Promise<void>((resolve) => peer.close(() => resolve())) });
    const authz = authorize({ url: `http://127.0.0.1:${(peer.address() as AddressInfo).port}`, timeoutMs: 2_000 });
    const transport = createTransport();
    open.push(authz, transport);
    const client = new GatewayClient({ baseUrl: sim.url, handler: compose(authz)(transport) });
    const error = await rejection(client.invokeTool({ ...target, user, parameters: {} }));
    expect(error).toBeInstanceOf(AuthorizationUnavailableError);
    expect((error as AuthorizationUnavailableError).reason).toBe('bad-response');
    expect(sim.counts.total).toBe(0);
  });
});

describe('issue 12 #4 (OPA half): OPA quoting the input back', () => {
  it('a parameter value in OPA error message is scrubbed from the AuthorizationUnavailableError', async () => {
    const secret = 'hunter2-correct-horse';
    opa.script([{ status: 400, body: { code: 'invalid_parameter', message: `cannot use "${secret}" here` } }]);
    const { client } = clientWithOpa();
    const error = await rejection(client.invokeTool({ ...target, user, parameters: { password: secret } }));
    expect(error).toBeInstanceOf(AuthorizationUnavailableError);
    expect(`${(error as Error).message}${JSON.stringify(error)}`).not.toContain(secret);
    expect((error as Error).message).toContain('[REDACTED]');
  });

  it('a deny reason quoting a parameter value is scrubbed from the error', async () => {
    const secret = 'DROP TABLE customers';
    opa.setDecide((input) => ({ allow: false, deny: [`query "${(input as Input).parameters.query}" is not allowed`] }));
    const { client } = clientWithOpa();
    const error = await rejection(client.invokeTool({ ...target, user, parameters: { query: secret } }));
    expect(error).toBeInstanceOf(AuthorizationDeniedError);
    expect(`${(error as Error).message}${JSON.stringify(error)}`).not.toContain(secret);
    expect((error as AuthorizationDeniedError).reason).toBe('query "[REDACTED]" is not allowed');
  });
});
